import { CodedError, hasErrorCode } from '../../foundation/CodedError.ts';
import type { CardFaceIssue } from '../protocol/VisitDraft.ts';

/**
 * Why an I/O actor of the kiosk failed, as the statechart sees it. The runtime's actors map device
 * and service errors to these codes; they reach the machine as `xstate.error.actor.<id>` events,
 * so the model-based tests can enumerate them.
 */
export const KIOSK_FAULT_CODES = [
  'CARD_REMOVED', // the card left the reader mid-operation
  'READER_UNAVAILABLE', // the reader went away (3-1)
  'CARD_UNREADABLE', // the chip does not answer or keeps failing after retries (3-2)
  'CARD_FACE_UNREADABLE', // no photo: no card-face source, the scan failed, or 照合番号B was refused (staff type the fields)
  'NOT_A_MYNA_CARD', // an IC card, but no JPKI application
  'CARD_ON_PHONE_READER', // a マイナンバーカード held over the smartphone reader (it belongs on the face reader)
  'WRONG_PHONE_KIND', // an iPhone where Android was chosen, or the other way round
  'CAMERA_FAULT', // the face camera failed (3-1)
  'SERVICE_UNREACHABLE', // network or the central system down (3-4)
  'TERMINAL_FAULT', // the local 資格確認端末 side failed (3-3)
  'STORAGE_FAULT', // the visit could not be written
] as const;

export type KioskFaultCode = (typeof KIOSK_FAULT_CODES)[number];

export class KioskFault extends CodedError<KioskFaultCode> {
  override readonly name = 'KioskFault';
  /** With CARD_FACE_UNREADABLE: what staff are told. */
  readonly cardFace: CardFaceIssue | undefined;

  constructor(code: KioskFaultCode, message: string, options: { cause?: unknown; cardFace?: CardFaceIssue } = {}) {
    super(code, message, options);
    this.cardFace = options.cardFace;
  }
}

/** The code an actor's error carries for the statechart; anything that is not a KioskFault is the terminal's own fault (3-3). */
export function faultCodeOf(error: unknown): KioskFaultCode {
  return hasErrorCode(error, KIOSK_FAULT_CODES) ? error.code : 'TERMINAL_FAULT';
}
