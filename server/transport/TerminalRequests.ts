import { PROTOCOL_VERSION, type OperatorFaults, type TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import type { ServerMessage } from '../../protocol/eligibility/ServerMessage.ts';
import { isServiceError, RETRYABLE_CODES, ServiceError, type ServiceErrorCode } from '../../protocol/eligibility/ServiceError.ts';
import { messageOf } from '../../foundation/CodedError.ts';
import type { EligibilityService } from '../EligibilityService.ts';
import type { Connection } from './Connection.ts';
import type { ConnectionLimits } from './ConnectionLimits.ts';
import { TokenBucket } from './TokenBucket.ts';

export interface TerminalRequestsOptions {
  service: EligibilityService;
  limits: Pick<ConnectionLimits, 'requestsPerSecond' | 'burst'>;
  faults: () => OperatorFaults;
  log: (line: string) => void;
}

/**
 * A terminal's requests after its hello: the clinic's rate limit first, then the operator's levers
 * (an error of its choice, a delay, a dropped answer), then the service, whose answer or ServiceError
 * goes back as a reply or an error frame with the request's id.
 */
export class TerminalRequests {
  /** Per clinic, across all its terminals: one clinic's flood must not slow the others. */
  private readonly clinicBuckets = new Map<string, TokenBucket>();
  /** Per connection, the last answer queued to go out. */
  private readonly tails = new WeakMap<Connection, Promise<void>>();

  constructor(private readonly options: TerminalRequestsOptions) {}

  answer(conn: Connection, request: TerminalRequest): void {
    const { service, limits, log } = this.options;
    const faults = this.options.faults();
    const session = conn.session!;
    let bucket = this.clinicBuckets.get(session.clinicCode);
    if (!bucket) this.clinicBuckets.set(session.clinicCode, (bucket = new TokenBucket(limits.burst, limits.requestsPerSecond)));
    const errorFrame = (code: ServiceErrorCode, message: string, details?: Record<string, unknown>): ServerMessage => ({ v: PROTOCOL_VERSION, type: 'error', id: request.id, code, message, retryable: RETRYABLE_CODES.has(code), ...(details ? { details } : {}) });
    if (!bucket.take()) {
      const retryAfterMs = bucket.retryAfterMs();
      this.inOrder(conn, Promise.resolve(errorFrame('RATE_LIMITED', `Too many requests from clinic ${session.clinicCode}; retry in ${retryAfterMs} ms.`, { retryAfterMs })), null);
      return;
    }
    if (faults.failWith) {
      this.inOrder(conn, Promise.resolve(errorFrame(faults.failWith, `The operator made the service answer ${faults.failWith}.`)), null);
      return;
    }
    const answered = service.answer(session, request).then(
      (handled) => {
        const o = handled.outcome;
        const message: ServerMessage = o.ok
          ? { v: PROTOCOL_VERSION, type: 'reply', id: request.id, request: request.type, replayed: handled.replayed, body: o.body }
          : { v: PROTOCOL_VERSION, type: 'error', id: request.id, code: o.code, message: o.message, retryable: false, details: { ...o.details, replayed: handled.replayed } };
        return message;
      },
      (error: unknown) => {
        if (!isServiceError(error)) log(`eligibility server: ${request.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : messageOf(error)}`);
        const e = isServiceError(error) ? error : new ServiceError('INTERNAL', 'The service failed to answer; the request was not carried out. Retry with the same idempotency key.');
        return errorFrame(e.code, e.message, e.details);
      },
    );
    this.inOrder(conn, answered, faults);
  }

  /** Answers leave a connection in the order of its requests, whatever group commit each waited for. */
  private inOrder(conn: Connection, answer: Promise<ServerMessage>, faults: OperatorFaults | null): void {
    const next = Promise.all([this.tails.get(conn), answer]).then(([, message]) => this.deliver(conn, message, faults));
    this.tails.set(conn, next);
  }

  /** The answer, after its group committed: as it is, late, or lost (the operator's levers; none on a refusal before the service). */
  private deliver(conn: Connection, message: ServerMessage, faults: OperatorFaults | null): void {
    if (!faults) {
      conn.send(message);
      return;
    }
    if (faults.dropBeforeReply) {
      // The work is committed; only the answer is lost, as when a connection drops mid-request.
      conn.socket.terminate();
      return;
    }
    if (faults.delayMs > 0) setTimeout(() => conn.send(message), faults.delayMs).unref();
    else conn.send(message);
  }
}
