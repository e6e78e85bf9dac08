import { z } from 'zod';
import { FaultScopeSchema } from '../../kiosk/protocol/ReaderFaultSpec.ts';

/**
 * The face camera's faults, with the same scopes as the card faults (sim/fault/FaultSpec.ts). A camera
 * operation is one matchFace attempt.
 * - cameraFault: the attempt fails with CAMERA_FAULT (for the statechart, a 3-1 reader fault).
 * - slowCapture: the attempt takes at least `captureMs`, past most deadlines (TIMEOUT).
 */
export const CameraFaultKindSchema = z.enum(['cameraFault', 'slowCapture']);
export type CameraFaultKind = z.infer<typeof CameraFaultKindSchema>;

export const CameraFaultSpecSchema = z
  .object({
    kind: CameraFaultKindSchema,
    scope: FaultScopeSchema.default({ kind: 'untilCleared' }),
    /** slowCapture: how long the attempt takes. */
    captureMs: z.number().positive().default(15_000),
  })
  .strict();
export type CameraFaultSpec = z.infer<typeof CameraFaultSpecSchema>;
export type CameraFaultSpecInput = z.input<typeof CameraFaultSpecSchema>;
