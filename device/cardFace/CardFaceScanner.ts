import { CodedError } from '../../foundation/CodedError.ts';

/**
 * The reader's 券面情報のスキャン機能: it photographs the front of the card and reads the three
 * things 照合番号B is built from (card-protocol.md §2.3). With 照合番号B the kiosk reads the face
 * photo from the card without the patient's PIN.
 */
export interface CardFaceScan {
  /** 生年月日, ISO YYYY-MM-DD. */
  birthDate: string;
  /** カードの有効期限, ISO YYYY-MM-DD. */
  cardExpiry: string;
  /** The 4-digit セキュリティコード printed on the card face. */
  securityCode: string;
}

export interface CardFaceScanner {
  /** Rejects with a ScanError when no card face can be read (no card, smudged surface). */
  scan(): Promise<CardFaceScan>;
}

export class ScanError extends CodedError<'NO_CARD' | 'UNREADABLE'> {
  override readonly name = 'ScanError';
}
