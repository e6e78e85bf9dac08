/**
 * Why a visit went to an outage procedure, as precisely as the kiosk knows it: the patient panel says
 * what happened in words (never "the card could not be read" for an expired certificate), the staff
 * view names it beside the case number, and the visit record keeps it.
 */
export const OUTAGE_CAUSES = [
  'certificateExpired', // 利用者証明用電子証明書 expired beyond the 3-month grace (the reader's dates, or E02)
  'certificateRevoked', // E01: revoked (a card reported lost, re-issued, the holder's record closed)
  'certificateUntrusted', // E03: not issued by a trusted JPKI CA, or its dates are wrong
  'signatureInvalid', // E04: the card's signature over the challenge does not verify
  'cardUnreadable', // the chip does not answer, keeps failing, or the read ran out of time
  'readerUnavailable', // the reader went away (cable, power)
  'readerRefused', // the service refuses this reader (E06: its attestation; E07: not registered, or revoked)
  'cameraFault', // the face camera failed and no other way to prove identity is left
  'faceCardUnsupported', // a 顔認証マイナンバーカード this reader cannot have sign
  'qualificationInvalid', // 2 無効 「資格（無効）」
  'qualificationNotFound', // 4 該当資格なし 「資格情報なし」
  'notRegistered', // E05: the card is not registered for 保険証 use (利用登録なし)
  'serviceUnreachable', // the service cannot be reached, or the query passed its deadline
  'terminalFault', // the service answers with errors that are the terminal's (3-3)
  'staffStarted', // staff opened the procedure themselves (no card, or from a review)
  'jobChange', // staff learned of a job change: case 2 is case 1
  'phoneCredentialExpired', // the スマホ用電子証明書 has expired: no grace for a phone (3-2)
  'phoneReaderUnavailable', // the smartphone reader went away (3-1)
] as const;
export type OutageCause = (typeof OUTAGE_CAUSES)[number];

/** The causes that are the certificate's: the patient renews it at the municipal office. */
export const CERTIFICATE_CAUSES: readonly OutageCause[] = ['certificateExpired', 'certificateRevoked', 'certificateUntrusted', 'signatureInvalid'];
