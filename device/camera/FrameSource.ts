import type { CameraError } from './CameraError.ts';

/** One still from a camera, as PNG (what every adapter and the OCR read; the browser encodes it, ffmpeg or a scanner writes it). */
export interface CameraFrame {
  png: Uint8Array;
  width: number;
  height: number;
  /** ms since the epoch, when the frame was taken. */
  capturedAt: number;
}

export interface FrameRequest {
  /** What the frame is for: the screen prompts the patient accordingly (look at the camera / hold the card front up). */
  purpose: 'face' | 'cardFace';
  /** Give up after this long: the call then rejects with TIMEOUT. */
  deadlineMs: number;
  signal?: AbortSignal;
}

export interface FrameSourceEvents {
  /** The camera went away or cannot give frames (unplugged, permission refused, the screen's page closed). */
  'source.lost': (error: CameraError) => void;
  /** It gives frames again. */
  'source.ready': () => void;
}

/**
 * A camera that takes stills on request: the kiosk screen's camera (getUserMedia in the patient page),
 * a V4L2 device through ffmpeg, or a folder a document scanner drops images into. The face camera and
 * the card-face OCR are built on one.
 */
export interface FrameSource {
  readonly name: string;
  /**
   * The next frame. Rejects with CameraError: NO_CAMERA (no device, or the screen has no camera),
   * CAMERA_FAULT (the device failed), TIMEOUT, ABORTED (signal), BUSY (a capture is running).
   */
  capture(request: FrameRequest): Promise<CameraFrame>;
  on<E extends keyof FrameSourceEvents>(event: E, listener: FrameSourceEvents[E]): () => void;
}
