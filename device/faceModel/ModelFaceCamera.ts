import { setImmediate as yieldToTimers } from 'node:timers/promises';
import { CameraError, isCameraError, type CameraErrorCode } from '../camera/CameraError.ts';
import type { FaceCamera, FaceCameraEvents, FaceMatchRequest, FaceMatchResult } from '../camera/FaceCamera.ts';
import type { FaceMatcher } from '../camera/FaceMatcher.ts';
import type { FrameSource } from '../camera/FrameSource.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { messageOf } from '../../foundation/CodedError.ts';

export interface ModelFaceCameraOptions {
  source: FrameSource;
  matcher: FaceMatcher;
  /** Frames with a frontal face scored before deciding, the best counting (default 2); a match decides at once. */
  framesToScore?: number;
  name?: string;
}

/** Failures that mean the camera cannot work until something is fixed: the kiosk shows them as a 3-1 reader fault. */
const FAULT_CODES: readonly CameraErrorCode[] = ['CAMERA_FAULT', 'NO_CAMERA', 'IN_USE', 'MODEL_MISSING'];

/** Why the attempt's own abort fired. */
type Stop = 'deadline' | 'caller';

/**
 * A face camera made of a camera that takes stills and an on-device face model. One attempt captures
 * frames until it has scored `framesToScore` frames with a frontal face (or one that matches), and
 * answers with the best score. How the deadline ends an attempt (the contract allows two readings;
 * this is ours):
 * - frames were compared but none showed a frontal face → noFace (the patient was not in front of
 *   the camera, or never faced it: the kiosk asks them to look at the camera);
 * - frontal faces were scored but fewer than `framesToScore` → decided on what was scored;
 * - no frame was compared at all (the camera or the model did not answer in time) → TIMEOUT.
 * Faults (CAMERA_FAULT, NO_CAMERA, MODEL_MISSING, and the source's source.lost) fire camera.fault once;
 * the next frame that goes through, or the source's source.ready, fires camera.recovered.
 */
export class ModelFaceCamera implements FaceCamera {
  readonly name: string;
  private readonly source: FrameSource;
  private readonly matcher: FaceMatcher;
  private readonly framesToScore: number;
  private readonly events = new EventHub<FaceCameraEvents>();
  private readonly unsubscribe: Array<() => void>;
  private busy = false;
  private faulted = false;

  constructor(options: ModelFaceCameraOptions) {
    this.source = options.source;
    this.matcher = options.matcher;
    this.framesToScore = Math.max(1, options.framesToScore ?? 2);
    this.name = options.name ?? `${options.source.name} + ${options.matcher.name}`;
    this.unsubscribe = [this.source.on('source.lost', (error) => this.fault(error)), this.source.on('source.ready', () => this.recovered())];
  }

  on<E extends keyof FaceCameraEvents>(event: E, listener: FaceCameraEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Stop listening to the frame source (the matcher and the source are the caller's to close). */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  async matchFace(request: FaceMatchRequest): Promise<FaceMatchResult> {
    if (this.busy) throw new CameraError('BUSY', 'A face match is already running on this camera.');
    if (request.signal?.aborted) throw new CameraError('ABORTED', 'The face match was aborted before it started.');
    if (request.cardPhoto.length === 0) throw new CameraError('INVALID_PHOTO', 'The card photo is empty.');
    this.busy = true;
    try {
      return await this.attempt(request);
    } finally {
      this.busy = false;
    }
  }

  private async attempt(request: FaceMatchRequest): Promise<FaceMatchResult> {
    const started = Date.now();
    const deadline = started + request.deadlineMs;
    // One abort for everything the attempt waits on: the caller's signal or the deadline, whichever is first.
    const stop = new AbortController();
    let stoppedBy: Stop | undefined;
    const halt = (why: Stop) => {
      stoppedBy ??= why;
      stop.abort();
    };
    const timer = setTimeout(() => halt('deadline'), Math.max(0, request.deadlineMs));
    const onCallerAbort = () => halt('caller');
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let compared = 0;
    let best: number | null = null;
    const elapsedMs = () => Date.now() - started;
    const decide = (): FaceMatchResult => {
      if (best === null) return { outcome: 'noFace', elapsedMs: elapsedMs() };
      return { outcome: best >= this.matcher.threshold ? 'match' : 'noMatch', score: best, threshold: this.matcher.threshold, elapsedMs: elapsedMs() };
    };
    try {
      await whileRunning(this.matcher.ready(), stop.signal);
      let scored = 0;
      while (scored < this.framesToScore) {
        // A source that answers at once would otherwise keep this loop in microtasks, and the deadline's timer would never run.
        await yieldToTimers();
        const frame = await whileRunning(this.source.capture({ purpose: 'face', deadlineMs: Math.max(1, deadline - Date.now()), signal: stop.signal }), stop.signal);
        const seen = await whileRunning(this.matcher.compare(request.cardPhoto, frame, stop.signal), stop.signal);
        compared += 1;
        this.recovered();
        if (seen.score === null || !seen.frontal) continue;
        scored += 1;
        best = Math.max(best ?? 0, seen.score);
        if (best >= this.matcher.threshold) break;
      }
      return decide();
    } catch (error) {
      if (stoppedBy === 'caller') throw new CameraError('ABORTED', 'The face match was aborted.', { cause: error });
      // The source's own TIMEOUT is our deadline too: it was given what was left of it.
      if (stoppedBy === 'deadline' || isCameraError(error, 'TIMEOUT')) {
        if (compared > 0) return decide();
        throw new CameraError('TIMEOUT', `No camera frame was compared within ${request.deadlineMs} ms.`, { cause: error });
      }
      const coded = isCameraError(error) ? error : new CameraError('CAMERA_FAULT', `The face camera failed: ${messageOf(error)}`, { cause: error });
      if (FAULT_CODES.includes(coded.code)) this.fault(coded);
      throw coded;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private fault(error: CameraError): void {
    if (this.faulted) return;
    this.faulted = true;
    this.events.emit('camera.fault', error);
  }

  private recovered(): void {
    if (!this.faulted) return;
    this.faulted = false;
    this.events.emit('camera.recovered');
  }
}

/** `work`, unless `signal` aborts first (a source or model that ignores the signal must not hold the attempt). */
function whileRunning<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new CameraError('ABORTED', 'Stopped.'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CameraError('ABORTED', 'Stopped.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
