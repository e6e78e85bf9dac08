import type { CameraFrame } from './FrameSource.ts';

/** What a face model saw in one frame, compared with the card photo. */
export interface FaceComparison {
  /** Faces found in the frame. */
  faces: number;
  /** Similarity in [0, 1] of the patient's face (the largest near the centre) to the card photo; null without a face. */
  score: number | null;
  /** Whether that face looked at the camera (turned faces give unreliable scores and are not decided on). */
  frontal: boolean;
}

/**
 * An on-device face model: the card photo against a camera frame. `threshold` is the configured
 * decision line (a higher one lowers false accepts and raises false rejects; docs/hardware.md).
 */
export interface FaceMatcher {
  readonly name: string;
  readonly threshold: number;
  /** Load the model once; rejects with CameraError MODEL_MISSING when its files are not installed. */
  ready(): Promise<void>;
  /** Rejects with CameraError INVALID_PHOTO when the card photo shows no face or cannot be decoded. */
  compare(cardPhoto: Uint8Array, frame: CameraFrame, signal?: AbortSignal): Promise<FaceComparison>;
  close(): Promise<void>;
}
