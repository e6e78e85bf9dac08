import { CodedError } from '../../foundation/CodedError.ts';

export type ReaderKeyErrorCode =
  /** The key file can be read by others than the kiosk's user. */
  | 'KEY_FILE_TOO_OPEN'
  /** The key file is not an ECDSA P-256 private key (PKCS#8 PEM). */
  | 'KEY_UNREADABLE'
  /** The certificate file is not an X.509 certificate (PEM or DER). */
  | 'CERTIFICATE_UNREADABLE'
  /** The certificate certifies another key. */
  | 'CERTIFICATE_MISMATCH';

export class ReaderKeyError extends CodedError<ReaderKeyErrorCode> {
  override readonly name = 'ReaderKeyError';
}
