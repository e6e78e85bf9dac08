import { CardError } from '../../device/card/CardError.ts';
import { CameraError } from '../../device/camera/CameraError.ts';
import { ScanError } from '../../device/cardFace/CardFaceScanner.ts';
import { ServiceError, type ServiceErrorCode } from '../../protocol/eligibility/ServiceError.ts';
import { messageOf } from '../../foundation/CodedError.ts';
import { KioskFault, type KioskFaultCode } from '../machine/KioskFault.ts';
import { cardFaceIssueReason } from './readPhotoThroughCardFace.ts';

const CARD: Partial<Record<CardError['code'], KioskFaultCode>> = {
  CARD_REMOVED: 'CARD_REMOVED',
  NO_SMARTCARD: 'CARD_REMOVED',
  READER_UNAVAILABLE: 'READER_UNAVAILABLE',
  NO_SERVICE: 'READER_UNAVAILABLE',
  NATIVE_UNAVAILABLE: 'READER_UNAVAILABLE',
  NOT_A_MYNA_CARD: 'NOT_A_MYNA_CARD',
  // A phone laid on the card slot (a PC/SC reader can read one): not a card for the card path.
  WRONG_CREDENTIAL: 'NOT_A_MYNA_CARD',
};

/** Service errors that mean the central system cannot be reached (3-4); the rest are the terminal's own (3-3). */
const UNREACHABLE: readonly ServiceErrorCode[] = ['CONNECTION_LOST', 'TIMEOUT', 'SERVICE_DOWN', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED', 'CLIENT_CLOSED'];

/** Map a device or service error to the code the statechart branches on. */
export function toKioskFault(error: unknown, what: string): KioskFault {
  if (error instanceof KioskFault) return error;
  if (error instanceof CardError) return new KioskFault(CARD[error.code] ?? 'CARD_UNREADABLE', `${what}: ${error.message}`, { cause: error });
  if (error instanceof CameraError) return new KioskFault('CAMERA_FAULT', `${what}: ${error.message}`, { cause: error });
  // A card face that cannot be read is never "card removed" (the chip is still there): staff type the fields.
  if (error instanceof ScanError) {
    return new KioskFault('CARD_FACE_UNREADABLE', `${what}: ${error.message}`, { cause: error, cardFace: { reason: cardFaceIssueReason(error), field: error.field ?? null, message: error.message } });
  }
  if (error instanceof ServiceError) return new KioskFault(UNREACHABLE.includes(error.code) ? 'SERVICE_UNREACHABLE' : 'TERMINAL_FAULT', `${what}: ${error.message}`, { cause: error });
  return new KioskFault('TERMINAL_FAULT', `${what}: ${messageOf(error)}`, { cause: error });
}
