import { isServiceError } from '../../protocol/eligibility/ServiceError.ts';
import { RequestRejection } from '../files/RequestRejection.ts';

/** How a failed service call answers the request file: what the vendor (or the clinic) can do about it. */
export function rejectionOfServiceError(error: unknown): unknown {
  if (!isServiceError(error)) return error;
  switch (error.code) {
    case 'SERVICE_DOWN':
    case 'SERVICE_UNAVAILABLE':
    case 'TIMEOUT':
    case 'CONNECTION_LOST':
    case 'RATE_LIMITED':
    case 'CLIENT_CLOSED':
      return new RequestRejection('SERVICE_UNREACHABLE', error.code, { cause: error });
    case 'IDEMPOTENCY_KEY_REUSED':
      return new RequestRejection('DUPLICATE_IDENTIFIER', '同じ識別子の別の要求に回答済みです', { cause: error });
    case 'RECEPTION_UNKNOWN':
      return new RequestRejection('RECEPTION_UNKNOWN', 'この医療機関の受付番号ではないか、存在しません', { cause: error });
    case 'BULK_TOO_LARGE':
      return new RequestRejection('BULK_TOO_LARGE', error.message, { cause: error });
    default:
      return new RequestRejection('SERVICE_REFUSED', `${error.code}: ${error.message}`, { cause: error });
  }
}
