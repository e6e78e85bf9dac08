import { CameraError } from '../../device/camera/CameraError.ts';
import type { CameraFrame, FrameRequest, FrameSource, FrameSourceEvents } from '../../device/camera/FrameSource.ts';
import { EventHub } from '../../foundation/EventHub.ts';

/** One capture's answer: a frame (after `delayMs`), an error, or nothing until the caller gives up. */
export type FrameStep = { frame: CameraFrame; delayMs?: number } | { error: CameraError } | 'hang';

/**
 * A FrameSource that answers from a script, for the adapters built on one. After the script runs out
 * it repeats its last step. It honours the request's signal and deadline as a real source does.
 */
export class ScriptedFrameSource implements FrameSource {
  readonly name = 'scripted frames';
  readonly requests: FrameRequest[] = [];
  private readonly events = new EventHub<FrameSourceEvents>();

  constructor(private readonly steps: FrameStep[]) {}

  on<E extends keyof FrameSourceEvents>(event: E, listener: FrameSourceEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Test lever: the camera goes away or comes back. */
  emit<E extends keyof FrameSourceEvents>(event: E, ...args: Parameters<FrameSourceEvents[E]>): void {
    this.events.emit(event, ...args);
  }

  capture(request: FrameRequest): Promise<CameraFrame> {
    this.requests.push(request);
    const step = this.steps[Math.min(this.requests.length, this.steps.length) - 1];
    if (step === undefined) return Promise.reject(new CameraError('NO_CAMERA', 'The script has no frames.'));
    if (typeof step === 'object' && 'error' in step) return Promise.reject(step.error);
    return new Promise<CameraFrame>((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      const finish = (outcome: () => void) => {
        timers.forEach(clearTimeout);
        request.signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onAbort = () => finish(() => reject(new CameraError('ABORTED', 'The capture was aborted.')));
      request.signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(setTimeout(() => finish(() => reject(new CameraError('TIMEOUT', `No frame within ${request.deadlineMs} ms.`))), request.deadlineMs));
      if (step !== 'hang') timers.push(setTimeout(() => finish(() => resolve({ ...step.frame, capturedAt: Date.now() })), step.delayMs ?? 0));
    });
  }
}
