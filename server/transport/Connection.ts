import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../protocol/eligibility/ClientMessage.ts';
import type { ServerMessage } from '../../protocol/eligibility/ServerMessage.ts';
import { RETRYABLE_CODES, type ServiceErrorCode } from '../../protocol/eligibility/ServiceError.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import type { AdmittedSocket } from './ConnectionAdmission.ts';
import type { TokenBucket } from './TokenBucket.ts';

/** Who a connection speaks for: nobody until its hello is accepted, then a clinic's terminal or the operator. */
export type ConnectionRole = 'unauthenticated' | 'terminal' | 'operator';

/** One peer's WebSocket, what its hello made of it, and its budget of bad frames. */
export class Connection {
  role: ConnectionRole = 'unauthenticated';
  /** Set with the terminal role: the clinic every request on this connection is answered for. */
  session: TerminalSession | null = null;

  constructor(
    readonly socket: WebSocket,
    /** Its TCP connection as admitted, and the source address it is counted under. */
    readonly admitted: AdmittedSocket,
    readonly badFrames: TokenBucket,
    private readonly maxBufferedBytes: number,
  ) {}

  get source(): string {
    return this.admitted.source;
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.socket.terminate();
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  sendError(id: string | null, code: ServiceErrorCode, message: string, details?: Record<string, unknown>): void {
    this.send({ v: PROTOCOL_VERSION, type: 'error', id, code, message, retryable: RETRYABLE_CODES.has(code), ...(details ? { details } : {}) });
  }
}
