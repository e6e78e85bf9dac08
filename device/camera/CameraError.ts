import { CodedError } from '../../foundation/CodedError.ts';

/**
 * The one error type of the face camera. A face that does not match, or no face at all, is a
 * result (FaceMatchResult), not an error: errors are for when the camera could not answer.
 */
export type CameraErrorCode =
  /** The camera or the face module failed: for the statechart a 3-1 reader fault. */
  | 'CAMERA_FAULT'
  /** No camera device is there (none attached, none configured, or the screen's page has no camera). */
  | 'NO_CAMERA'
  /** The camera is there but another program holds it (V4L2 EBUSY, the browser's NotReadableError). */
  | 'IN_USE'
  /** The face model's files are not installed (npm ci), or the OCR engine is missing. */
  | 'MODEL_MISSING'
  /** No answer within the request's deadline. */
  | 'TIMEOUT'
  /** The caller aborted (card removed, patient cancelled). */
  | 'ABORTED'
  /** A capture was asked for while another one was running. */
  | 'BUSY'
  /** The card photo is empty or not an image the module can read. */
  | 'INVALID_PHOTO';

export class CameraError extends CodedError<CameraErrorCode> {
  override readonly name = 'CameraError';
}

export function isCameraError(value: unknown, code?: CameraErrorCode): value is CameraError {
  return value instanceof CameraError && (code === undefined || value.code === code);
}
