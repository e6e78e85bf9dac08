import { CodedError } from '../../foundation/CodedError.ts';

/**
 * The reader's 券面情報のスキャン機能: it photographs the front of the card and reads the three
 * things 照合番号B is built from (card-protocol.md §2.3). With 照合番号B the kiosk reads the face
 * photo from the card without the patient's PIN.
 */
export interface CardFaceScan {
  /** 生年月日, ISO YYYY-MM-DD (the card prints it in 和暦 or 西暦; the scanner converts). */
  birthDate: string;
  /** カードの有効期限, ISO YYYY-MM-DD. */
  cardExpiry: string;
  /** The 4-digit セキュリティコード printed on the card face. */
  securityCode: string;
}

export interface CardFaceScanRequest {
  /** Give up after this long: the call then rejects with TIMEOUT. */
  deadlineMs: number;
  signal?: AbortSignal;
}

/**
 * A source of the card face's three fields: a document camera under the card (OCR), the kiosk screen's
 * camera held over the card front, or the simulator. One scan per call.
 */
export interface CardFaceScanner {
  readonly name: string;
  /**
   * True when a scan needs the patient (hold the card front to the screen's camera): the kiosk then
   * scans only when it needs the photo (face or 目視). False for a scanner that sees the card lying on
   * the reader: the kiosk scans as soon as the card is placed.
   */
  readonly needsPatient: boolean;
  /**
   * Resolves with the three fields, or rejects with a ScanError: NO_CARD (nothing under the scanner),
   * UNREADABLE (smudged or damaged surface; `field` names the one that failed), ENGINE_MISSING (the OCR
   * engine or its language data is not installed), SOURCE_UNAVAILABLE (no camera frame), TIMEOUT.
   */
  scan(request: CardFaceScanRequest): Promise<CardFaceScan>;
}

export type ScanErrorCode = 'NO_CARD' | 'UNREADABLE' | 'ENGINE_MISSING' | 'SOURCE_UNAVAILABLE' | 'TIMEOUT';
export type CardFaceField = keyof CardFaceScan;

export class ScanError extends CodedError<ScanErrorCode> {
  override readonly name = 'ScanError';
  /** With UNREADABLE: the field that could not be read. */
  readonly field: CardFaceField | undefined;

  constructor(code: ScanErrorCode, message: string, options: { cause?: unknown; field?: CardFaceField } = {}) {
    super(code, message, options);
    this.field = options.field;
  }
}
