import type { CameraError } from './CameraError.ts';

export interface FaceMatchRequest {
  /**
   * The card's 顔写真, as the card client read it from the 券面事項確認AP after 照合番号B (greyscale
   * JPEG 2000 on real cards, PNG in the simulator). The camera compares the live face with it.
   */
  cardPhoto: Uint8Array;
  /** Give up after this long (ms): the call then rejects with TIMEOUT. */
  deadlineMs: number;
  /** Abort the capture (card removed, patient cancelled): rejects with ABORTED. */
  signal?: AbortSignal;
}

/**
 * What one attempt found. `score` is the module's similarity in [0, 1] and `threshold` the value
 * it decided with, both reported so a visit record can say how close a no-match was.
 */
export type FaceMatchResult =
  | { outcome: 'match'; score: number; threshold: number; elapsedMs: number }
  | { outcome: 'noMatch'; score: number; threshold: number; elapsedMs: number }
  | { outcome: 'noFace'; elapsedMs: number };

export interface FaceCameraEvents {
  /** The camera or its matcher stopped working (a 3-1 reader fault for the kiosk). Fired once per fault. */
  'camera.fault': (error: CameraError) => void;
  /** It works again. Fired once, after a fault. */
  'camera.recovered': () => void;
}

/**
 * The reader's face camera with its matcher: a vendor face module, a browser camera with an
 * on-device model, or the simulator. One attempt per call; retry policy belongs to the kiosk.
 */
export interface FaceCamera {
  readonly name: string;
  /**
   * Capture the face in front of the camera and compare it with the card photo. Resolves with
   * match, noMatch or noFace. Rejects with CameraError: CAMERA_FAULT, TIMEOUT (deadline passed),
   * ABORTED (signal), BUSY (an attempt is running), INVALID_PHOTO (empty or unreadable photo).
   */
  matchFace(request: FaceMatchRequest): Promise<FaceMatchResult>;
  /** Health, so the kiosk shows a camera outage before a patient arrives and clears it by itself. */
  on<E extends keyof FaceCameraEvents>(event: E, listener: FaceCameraEvents[E]): () => void;
}
