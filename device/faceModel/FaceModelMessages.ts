/** What the face-model worker is started with (workerData). */
export interface FaceModelWorkerData {
  /** human's node-wasm build, by path (its package exports do not reach it; research §1.8). */
  humanScript: string;
  modelDir: string;
  wasmDir: string;
}

/** One face as the model saw it; box in pixels of the image, angles in radians (null without facemesh). */
export interface DetectedFace {
  box: [x: number, y: number, width: number, height: number];
  score: number;
  yaw: number | null;
  pitch: number | null;
  /** faceres descriptor (1024 floats); null when the face was too small to describe. */
  embedding: Float32Array | null;
}

export interface DetectRequest {
  id: number;
  /** A PNG (colour or greyscale); the worker decodes it, so the kiosk's event loop does not. */
  png: Uint8Array;
}

export type FaceModelReply =
  | { kind: 'ready'; loadMs: number; backend: string }
  | { kind: 'loadFailed'; message: string }
  | { kind: 'detected'; id: number; width: number; height: number; faces: DetectedFace[]; ms: number }
  /** `undecodable`: the bytes are not a PNG the worker can read; `model`: the model failed on it. */
  | { kind: 'failed'; id: number; reason: 'undecodable' | 'model'; message: string };
