import { PROTOCOL_VERSION, type OperatorFaults, type TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import type { ServerMessage } from '../../protocol/eligibility/ServerMessage.ts';
import { isServiceError, ServiceError } from '../../protocol/eligibility/ServiceError.ts';
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

  constructor(private readonly options: TerminalRequestsOptions) {}

  answer(conn: Connection, request: TerminalRequest): void {
    const { service, limits, log } = this.options;
    const faults = this.options.faults();
    const session = conn.session!;
    let bucket = this.clinicBuckets.get(session.clinicCode);
    if (!bucket) this.clinicBuckets.set(session.clinicCode, (bucket = new TokenBucket(limits.burst, limits.requestsPerSecond)));
    if (!bucket.take()) {
      const retryAfterMs = bucket.retryAfterMs();
      conn.sendError(request.id, 'RATE_LIMITED', `Too many requests from clinic ${session.clinicCode}; retry in ${retryAfterMs} ms.`, { retryAfterMs });
      return;
    }
    if (faults.failWith) {
      conn.sendError(request.id, faults.failWith, `The operator made the service answer ${faults.failWith}.`);
      return;
    }
    let message: ServerMessage;
    try {
      const handled = service.handleTerminal(session, request);
      const o = handled.outcome;
      message = o.ok
        ? { v: PROTOCOL_VERSION, type: 'reply', id: request.id, request: request.type, replayed: handled.replayed, body: o.body }
        : { v: PROTOCOL_VERSION, type: 'error', id: request.id, code: o.code, message: o.message, retryable: false, details: { ...o.details, replayed: handled.replayed } };
    } catch (error) {
      if (!isServiceError(error)) log(`eligibility server: ${request.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : messageOf(error)}`);
      const e = isServiceError(error) ? error : new ServiceError('INTERNAL', 'The service failed to answer; the request was not carried out. Retry with the same idempotency key.');
      message = { v: PROTOCOL_VERSION, type: 'error', id: request.id, code: e.code, message: e.message, retryable: e.retryable, ...(e.details ? { details: e.details } : {}) };
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
