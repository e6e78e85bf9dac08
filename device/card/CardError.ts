import { CodedError } from '../../foundation/CodedError.ts';

/**
 * The one error type of the card layer, from the wire (PC/SC) up to the マイナンバーカード client.
 * `code` is what callers switch on; the message is for a person.
 */
export type CardErrorCode =
  // transport, mapped from PC/SC (values in device/pcsc/pcscErrorCode.ts)
  | 'CARD_REMOVED'
  | 'SHARING_VIOLATION'
  | 'NO_SERVICE'
  | 'NO_SMARTCARD'
  | 'RESET'
  | 'NOT_TRANSACTED'
  | 'COMM'
  | 'TIMEOUT'
  | 'READER_UNAVAILABLE'
  | 'UNRESPONSIVE_CARD'
  | 'NATIVE_UNAVAILABLE'
  | 'PCSC_FAILURE'
  // card protocol (device/mynacard)
  | 'MALFORMED_RESPONSE'
  | 'UNEXPECTED_STATUS'
  | 'FILE_NOT_FOUND'
  | 'SECURITY_STATUS_NOT_SATISFIED'
  | 'PIN_BLOCKED'
  | 'PIN_FORMAT'
  | 'NOT_A_MYNA_CARD'
  /** A card on the smartphone reader, or a phone of the other kind than the patient chose (device/mynacard/readPhoneCredential.ts). */
  | 'WRONG_CREDENTIAL'
  // reader authentication (device/mynacard/readerAuthentication.ts)
  | 'READER_AUTH_UNSUPPORTED'
  | 'READER_NOT_ACCEPTED';

export class CardError extends CodedError<CardErrorCode> {
  override readonly name = 'CardError';
  /** The status word when the card answered with one we did not expect. */
  readonly sw: number | undefined;

  constructor(code: CardErrorCode, message: string, options: { cause?: unknown; sw?: number } = {}) {
    super(code, message, options);
    this.sw = options.sw;
  }
}

export function isCardError(value: unknown, code?: CardErrorCode): value is CardError {
  return value instanceof CardError && (code === undefined || value.code === code);
}
