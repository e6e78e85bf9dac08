import { randomUUID } from 'node:crypto';
import { CameraError } from '../../device/camera/CameraError.ts';
import type { CameraFrame, FrameRequest, FrameSource, FrameSourceEvents } from '../../device/camera/FrameSource.ts';
import { EventHub } from '../../foundation/EventHub.ts';

/** How the channel asks the patient page for a frame; false when no page that could answer is connected. */
export type FrameAsker = (request: { requestId: string; purpose: FrameRequest['purpose'] }) => boolean;

interface Waiting {
  requestId: string;
  resolve: (frame: CameraFrame) => void;
  reject: (error: CameraError) => void;
}

/**
 * The kiosk screen's own camera (getUserMedia in the patient page): the runtime asks the page for a
 * still over the screens' ws channel and the page answers with a PNG. A frame is taken only in answer
 * to an outstanding request (a page cannot push frames of its own), one capture at a time.
 */
export class ScreenFrameSource implements FrameSource {
  readonly name = "the kiosk screen's camera";
  private asker: FrameAsker | undefined;
  private waiting: Waiting | undefined;
  private lost = false;
  private readonly events = new EventHub<FrameSourceEvents>();

  /** The screens' channel connects a patient page (or loses the last one: undefined). */
  connect(asker: FrameAsker | undefined): void {
    this.asker = asker;
  }

  on<E extends keyof FrameSourceEvents>(event: E, listener: FrameSourceEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  capture(request: FrameRequest): Promise<CameraFrame> {
    if (this.waiting) return Promise.reject(new CameraError('BUSY', 'A frame is already being taken from the kiosk screen.'));
    if (request.signal?.aborted) return Promise.reject(new CameraError('ABORTED', 'The capture was cancelled.'));
    const requestId = randomUUID();
    return new Promise<CameraFrame>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        this.waiting = undefined;
      };
      const timer = setTimeout(() => {
        done();
        reject(new CameraError('TIMEOUT', `The kiosk screen sent no frame within ${request.deadlineMs} ms.`));
      }, request.deadlineMs);
      const onAbort = () => {
        done();
        reject(new CameraError('ABORTED', 'The capture was cancelled.'));
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting = {
        requestId,
        resolve: (frame) => (done(), resolve(frame)),
        reject: (error) => (done(), reject(error)),
      };
      if (!this.asker?.({ requestId, purpose: request.purpose })) {
        this.waiting.reject(new CameraError('NO_CAMERA', 'No kiosk screen is connected to take the picture: open the patient page (/) on the kiosk’s display.'));
      }
    });
  }

  /** A frame from the page, in answer to `requestId`; false when nothing waits for it (it is dropped). */
  deliver(requestId: string, frame: CameraFrame): boolean {
    if (this.waiting?.requestId !== requestId) return false;
    if (this.lost) {
      this.lost = false;
      this.events.emit('source.ready');
    }
    this.waiting.resolve(frame);
    return true;
  }

  /** The page could not take it (no camera, permission refused, device error). */
  fail(requestId: string, code: 'NO_CAMERA' | 'IN_USE' | 'CAMERA_FAULT', message: string): boolean {
    if (this.waiting?.requestId !== requestId) return false;
    const error = new CameraError(code, `The kiosk screen's camera: ${message}`);
    if (!this.lost) {
      this.lost = true;
      this.events.emit('source.lost', error);
    }
    this.waiting.reject(error);
    return true;
  }
}
