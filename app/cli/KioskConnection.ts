import WebSocket from 'ws';
import { CodedError } from '../../foundation/CodedError.ts';
import { UiClientFrameSchema, type UiClientFrameInput, type UiRole, type UiServerFrame } from '../../kiosk/protocol/UiFrame.ts';

export type ViewFrame = Extract<UiServerFrame, { type: 'view' }>;

export class KioskConnectionError extends CodedError<'UNREACHABLE' | 'TIMEOUT' | 'REFUSED' | 'CLOSED'> {
  override readonly name = 'KioskConnectionError';
}

/**
 * One ws connection to a running kiosk's screen channel, as the control panel opens it. Frames are
 * listened to from the moment the socket exists, so the `view` the kiosk sends at once is never
 * missed, and every call gives up after its timeout with a message that says what it waited for.
 */
export class KioskConnection {
  private readonly listeners = new Set<(frame: UiServerFrame) => void>();
  private latest: ViewFrame | undefined;
  private next = 0;

  private constructor(
    readonly ws: WebSocket,
    private readonly url: string,
  ) {
    ws.on('message', (data) => {
      let frame: UiServerFrame;
      try {
        frame = JSON.parse(String(data)) as UiServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'view') this.latest = frame;
      for (const listener of [...this.listeners]) listener(frame);
    });
  }

  /**
   * Open the channel as `role`. Staff and control sign in with the kiosk's screen token (the
   * `screen-token` file in its data directory, or the `token=` of the links it printed at start).
   */
  static open(url: string, role: UiRole, timeoutMs: number, token?: string): Promise<KioskConnection> {
    const target = new URL(url);
    target.searchParams.set('role', role);
    if (token !== undefined) target.searchParams.set('token', token);
    const ws = new WebSocket(target);
    const connection = new KioskConnection(ws, url);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new KioskConnectionError('TIMEOUT', `The kiosk at ${url} did not answer within ${timeoutMs} ms (is \`npm start\` running?).`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(connection);
      });
      ws.once('unexpected-response', (request, response) => {
        clearTimeout(timer);
        request.destroy();
        const why = response.statusMessage ?? '';
        const hint = response.statusCode === 401 ? ' Pass the kiosk’s screen token (--token, or --data-dir of the kiosk).' : '';
        reject(new KioskConnectionError('REFUSED', `The kiosk at ${url} refused the ${role} connection (${response.statusCode}${why ? `: ${why}` : ''}).${hint}`));
      });
      ws.once('error', (e) => {
        clearTimeout(timer);
        reject(new KioskConnectionError('UNREACHABLE', `Cannot reach the kiosk at ${url}: ${e.message} (is \`npm start\` running?)`, { cause: e }));
      });
    });
  }

  /** Every frame the kiosk sends from now on. */
  onFrame(listener: (frame: UiServerFrame) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The first view (the one already received, or the next) for which `accept` holds. */
  view(accept: (frame: ViewFrame) => boolean, timeoutMs: number, waitingFor: string): Promise<ViewFrame> {
    if (this.latest && accept(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new KioskConnectionError('TIMEOUT', `${waitingFor} did not happen within ${timeoutMs} ms${this.latest ? ` (the kiosk is at ${this.latest.view.patient.step})` : ''}.`));
      }, timeoutMs);
      const off = this.onFrame((frame) => {
        if (frame.type !== 'view' || !accept(frame)) return;
        clearTimeout(timer);
        off();
        resolve(frame);
      });
    });
  }

  /** Send one frame and wait for the kiosk's ack; its error frame rejects with REFUSED and the kiosk's code. */
  request(frame: UiClientFrameInput, timeoutMs: number): Promise<void> {
    const id = `cli-${++this.next}`;
    const checked = UiClientFrameSchema.parse({ ...frame, id });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new KioskConnectionError('TIMEOUT', `The kiosk at ${this.url} did not acknowledge ${checked.type} within ${timeoutMs} ms.`));
      }, timeoutMs);
      const off = this.onFrame((f) => {
        if (f.type === 'ack' && f.id === id) {
          clearTimeout(timer);
          off();
          resolve();
        } else if (f.type === 'error' && (f.id === id || f.id === undefined)) {
          clearTimeout(timer);
          off();
          reject(new KioskConnectionError('REFUSED', `The kiosk refused it [${f.code}]: ${f.message}`));
        }
      });
      this.ws.send(JSON.stringify(checked));
    });
  }

  close(): void {
    this.ws.close();
  }
}
