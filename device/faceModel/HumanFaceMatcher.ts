import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { CameraError } from '../camera/CameraError.ts';
import type { FaceComparison, FaceMatcher } from '../camera/FaceMatcher.ts';
import type { CameraFrame } from '../camera/FrameSource.ts';
import { decodeCardPhoto } from './decodeCardPhoto.ts';
import type { DetectedFace, FaceModelReply, FaceModelWorkerData } from './FaceModelMessages.ts';
import { faceSimilarity } from './faceSimilarity.ts';
import { checkHumanModelFiles, installedHumanModelFiles, type HumanModelFiles } from './HumanModelFiles.ts';
import { FRONTAL_LIMIT_RAD, isFrontal, pickPatientFace } from './pickPatientFace.ts';

/**
 * The default decision line. Measured on photographs from npm packages (research §1.6, grey 240×300
 * card photo against camera frames, with the frontal gate): at 0.5 different people were accepted in
 * 0.3 % of pairs, the same photograph was never rejected, and another photograph of the same man was
 * rejected in 27 %. Raise it to accept fewer strangers and turn away more card holders whose photo is
 * old; lower it for the opposite. docs/hardware.md has the table.
 */
export const DEFAULT_FACE_THRESHOLD = 0.5;

export interface HumanFaceMatcherOptions {
  /** Similarity at or above which a face matches (default 0.5). */
  threshold?: number;
  /** Where the model, its WASM and human's node build are (default: as installed in node_modules). */
  files?: Partial<HumanModelFiles>;
  /** Frontal gate, radians of |yaw| and |pitch| (default 0.25). */
  frontalLimitRad?: number;
  /** ffmpeg, for JPEG 2000 card photos (default `ffmpeg` on PATH). */
  ffmpeg?: string;
  /** How long loading the model may take before ready() gives up with CAMERA_FAULT (default 60 s). */
  loadTimeoutMs?: number;
}

interface Detection {
  width: number;
  height: number;
  faces: DetectedFace[];
}

type Pending = { resolve: (detection: Detection) => void; reject: (error: CameraError) => void; what: 'cardPhoto' | 'frame' };

/** How many card photos' embeddings are kept: one visit needs one; a few cover retries and a queue. */
const CARD_CACHE_SIZE = 8;

/**
 * An on-device face model: @vladmandic/human 3.3.6 on tfjs's WASM backend, in a worker thread of the
 * kiosk process. The models and the .wasm ship in npm packages and are read from disk; nothing is
 * downloaded (tfjs-node is not used: its install downloads libtensorflow). The card photo's embedding
 * is computed once per photo and kept; each frame costs one detection (~150–230 ms on 2 cores).
 */
export class HumanFaceMatcher implements FaceMatcher {
  readonly name = 'human 3.3.6 (on-device, WASM)';
  readonly threshold: number;
  private readonly files: HumanModelFiles;
  private readonly frontalLimitRad: number;
  private readonly ffmpeg: string | undefined;
  private readonly loadTimeoutMs: number;
  private worker: Worker | undefined;
  private loading: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly cardEmbeddings = new Map<string, Float32Array>();

  constructor(options: HumanFaceMatcherOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_FACE_THRESHOLD;
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new CameraError('CAMERA_FAULT', `The face threshold must be in (0, 1], got ${options.threshold}.`);
    this.files = { ...installedHumanModelFiles(), ...options.files };
    this.frontalLimitRad = options.frontalLimitRad ?? FRONTAL_LIMIT_RAD;
    this.ffmpeg = options.ffmpeg;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
  }

  /** Loads the model once (~1 s). A failed load is forgotten, so the next call tries again (after `npm ci`). */
  ready(): Promise<void> {
    this.loading ??= this.start().catch((error: unknown) => {
      this.loading = undefined;
      void this.stopWorker();
      throw error;
    });
    return this.loading;
  }

  async compare(cardPhoto: Uint8Array, frame: CameraFrame, signal?: AbortSignal): Promise<FaceComparison> {
    await this.ready();
    const card = await this.cardEmbedding(cardPhoto, signal);
    const seen = await this.detect(frame.png, 'frame', signal);
    const face = pickPatientFace(seen.faces, seen.width, seen.height);
    if (!face) return { faces: seen.faces.length, score: null, frontal: false };
    return { faces: seen.faces.length, score: faceSimilarity(card, face.embedding!), frontal: isFrontal(face, this.frontalLimitRad) };
  }

  async close(): Promise<void> {
    this.loading = undefined;
    await this.stopWorker();
  }

  private async start(): Promise<void> {
    checkHumanModelFiles(this.files);
    const workerData: FaceModelWorkerData & { entry: string } = { ...this.files, entry: new URL('./faceModelWorker.ts', import.meta.url).href };
    const worker = new Worker(new URL('./faceModelWorker.boot.mjs', import.meta.url), { workerData });
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CameraError('CAMERA_FAULT', `The face model did not load within ${this.loadTimeoutMs} ms.`)), this.loadTimeoutMs);
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        outcome();
      };
      worker.once('message', (message: FaceModelReply) =>
        settle(() => {
          if (message.kind === 'ready') resolve();
          else reject(new CameraError('MODEL_MISSING', `The face model did not load: ${message.kind === 'loadFailed' ? message.message : message.kind}. Reinstall the packages with \`npm ci\`.`));
        }),
      );
      worker.once('error', (error) => settle(() => reject(new CameraError('CAMERA_FAULT', `The face model's worker failed while loading: ${error.message}`, { cause: error }))));
    });
    worker.on('message', (message: FaceModelReply) => this.settle(message));
    worker.on('error', (error) => this.failAll(new CameraError('CAMERA_FAULT', `The face model's worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.loading = undefined;
      this.failAll(new CameraError('CAMERA_FAULT', `The face model's worker stopped (exit ${code}).`));
    });
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new CameraError('CAMERA_FAULT', 'The face matcher was closed.'));
    await worker?.terminate();
  }

  private settle(message: FaceModelReply): void {
    if (message.kind !== 'detected' && message.kind !== 'failed') return;
    const waiting = this.pending.get(message.id);
    // A reply nobody waits for: its caller was aborted or timed out while the worker was busy.
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.kind === 'detected') waiting.resolve(message);
    else if (message.reason === 'undecodable' && waiting.what === 'cardPhoto') waiting.reject(new CameraError('INVALID_PHOTO', `The card photo cannot be decoded: ${message.message}`));
    else if (message.reason === 'undecodable') waiting.reject(new CameraError('CAMERA_FAULT', `The camera gave a frame that is not a readable PNG: ${message.message}`));
    else waiting.reject(new CameraError('CAMERA_FAULT', `The face model failed: ${message.message}`));
  }

  private failAll(error: CameraError): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private detect(png: Uint8Array, what: Pending['what'], signal?: AbortSignal): Promise<Detection> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new CameraError('CAMERA_FAULT', 'The face model is not loaded.'));
    if (signal?.aborted) return Promise.reject(new CameraError('ABORTED', 'The face comparison was aborted.'));
    const id = this.nextId++;
    return new Promise<Detection>((resolve, reject) => {
      const onAbort = () => {
        // The worker still finishes this detection (~150 ms); its reply is then dropped.
        this.pending.delete(id);
        reject(new CameraError('ABORTED', 'The face comparison was aborted.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        what,
        resolve: (detection) => (done(), resolve(detection)),
        reject: (error) => (done(), reject(error)),
      });
      worker.postMessage({ id, png });
    });
  }

  /** The card photo's embedding, computed once per photo (by content). */
  private async cardEmbedding(photo: Uint8Array, signal?: AbortSignal): Promise<Float32Array> {
    if (photo.length === 0) throw new CameraError('INVALID_PHOTO', 'The card photo is empty.');
    const key = createHash('sha256').update(photo).digest('hex');
    const cached = this.cardEmbeddings.get(key);
    if (cached) {
      // Most recently used last, so the oldest is evicted first.
      this.cardEmbeddings.delete(key);
      this.cardEmbeddings.set(key, cached);
      return cached;
    }
    const png = await decodeCardPhoto(photo, { ffmpeg: this.ffmpeg, signal });
    const seen = await this.detect(png, 'cardPhoto', signal);
    // A card photo is a portrait of one person: the largest describable face is theirs.
    const face = seen.faces.filter((f) => f.embedding).sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
    if (!face) throw new CameraError('INVALID_PHOTO', `The face model finds no face in the card photo (${seen.width}×${seen.height}).`);
    this.cardEmbeddings.set(key, face.embedding!);
    if (this.cardEmbeddings.size > CARD_CACHE_SIZE) this.cardEmbeddings.delete(this.cardEmbeddings.keys().next().value!);
    return face.embedding!;
  }
}
