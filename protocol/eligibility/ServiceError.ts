import { CodedError } from '../../foundation/CodedError.ts';

/**
 * The one error type of the eligibility service, on both sides of the wire. The server sends it as an
 * `error` frame; EligibilityClient turns that frame (or a transport failure of its own) back into one.
 * `code` is what callers switch on; the message is for a person.
 */
export const SERVICE_ERROR_CODES = [
  // frames and the protocol itself
  'MALFORMED_FRAME',
  'FRAME_TOO_LARGE',
  'UNSUPPORTED_VERSION',
  'UNKNOWN_MESSAGE_TYPE',
  'INVALID_MESSAGE',
  'TOO_MANY_BAD_FRAMES',
  // the connection's state
  'NOT_AUTHENTICATED',
  'ALREADY_AUTHENTICATED',
  'AUTH_FAILED',
  /** Too many failed hellos from this address or for this 医療機関コード: not even checked until details.retryAfterMs. */
  'AUTH_LOCKED',
  'FORBIDDEN',
  // requests
  'IDEMPOTENCY_KEY_REUSED',
  'CHALLENGE_UNKNOWN',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_USED',
  'OUTAGE_MODE_NOT_ENABLED',
  'REFERENCE_UNKNOWN',
  'MEDICAL_INFORMATION_BLOCKED',
  'PERSON_UNKNOWN',
  'RECEPTION_UNKNOWN',
  'RECEPTION_SEALED',
  'BULK_TOO_LARGE',
  /** reader.register: not an ECDSA P-256 public key (SPKI, DER). */
  'READER_KEY_INVALID',
  /** reader.register: the key is registered to another clinic, or was revoked. */
  'READER_KEY_REFUSED',
  /** An idempotent replay whose stored answer carries personal data that may no longer be shown (details.reasons). */
  'REPLAY_REFUSED',
  'RATE_LIMITED',
  // the service's health (the operator control drives these)
  'SERVICE_UNAVAILABLE',
  'SERVICE_DOWN',
  'INTERNAL',
  // raised by EligibilityClient itself, never sent by the server
  'TIMEOUT',
  'CONNECTION_LOST',
  'CLIENT_CLOSED',
  'UNEXPECTED_REPLY',
] as const;

export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

/** Codes a terminal may retry with the same idempotency key and expect a different outcome. */
export const RETRYABLE_CODES: ReadonlySet<ServiceErrorCode> = new Set<ServiceErrorCode>([
  'AUTH_LOCKED',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'SERVICE_DOWN',
  'TIMEOUT',
  'CONNECTION_LOST',
]);

export class ServiceError extends CodedError<ServiceErrorCode> {
  override readonly name = 'ServiceError';
  /** Extra facts a caller may act on, e.g. `retryAfterMs` or `blockedBy`. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ServiceErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, options);
    this.details = options.details;
  }

  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }
}

export function isServiceError(value: unknown, code?: ServiceErrorCode): value is ServiceError {
  return value instanceof ServiceError && (code === undefined || value.code === code);
}
