import { CameraError } from '../../device/camera/CameraError.ts';
import { ScanError } from '../../device/cardFace/CardFaceScanner.ts';
import { messageOf } from '../../foundation/CodedError.ts';
import type { SensorProblem } from '../protocol/KioskScreen.ts';

/**
 * A camera or card-face failure as the staff view's sensors panel says it; undefined for what is no
 * sensor problem (a capture given up, a deadline the patient let pass, a busy call of our own).
 */
export function sensorProblemOf(error: unknown, at: Date): SensorProblem | undefined {
  const stamp = at.toISOString();
  if (error instanceof CameraError) {
    switch (error.code) {
      case 'NO_CAMERA':
        return { code: 'noDevice', message: error.message, at: stamp };
      case 'IN_USE':
        return { code: 'inUse', message: error.message, at: stamp };
      case 'MODEL_MISSING':
        return { code: 'modelMissing', message: error.message, at: stamp };
      case 'CAMERA_FAULT':
        return { code: 'fault', message: error.message, at: stamp };
      default:
        return undefined;
    }
  }
  if (error instanceof ScanError) {
    switch (error.code) {
      case 'ENGINE_MISSING':
        return { code: 'engineMissing', message: error.message, at: stamp };
      case 'UNREADABLE':
        return { code: 'unreadable', ...(error.field ? { field: error.field } : {}), message: error.message, at: stamp };
      case 'NO_CARD':
        return { code: 'noFrame', message: error.message, at: stamp };
      case 'SOURCE_UNAVAILABLE': {
        // The frame source's own failure (no camera, camera in use) says more than "no frame".
        const inner = error.cause instanceof CameraError ? sensorProblemOf(error.cause, at) : undefined;
        return inner ?? { code: 'noFrame', message: messageOf(error), at: stamp };
      }
      default:
        return undefined;
    }
  }
  return undefined;
}
