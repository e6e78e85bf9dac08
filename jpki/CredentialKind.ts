/**
 * CredentialKind: what carried the 利用者証明用電子証明書 the patient presented.
 * - card: the マイナンバーカード itself;
 * - androidPhone: スマホ用電子証明書 in an Android phone's secure element (token JPKIAPGPSETOKEN, since 2023-05-11);
 * - iPhone: 「iPhoneのマイナンバーカード」 (token JPKIAPIOSTOKEN, since 2025-06-24).
 * A phone's certificate (移動端末設備用利用者証明用電子証明書) is its own, not the card's, and has no 3-month grace.
 */
export const CREDENTIAL_KINDS = ['card', 'androidPhone', 'iPhone'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
export type PhoneKind = Exclude<CredentialKind, 'card'>;

/**
 * How a certificate says it is a phone's: an OU of its subject. Ours: the real phone certificates' subject,
 * issuer and policy OIDs are not public (docs/smartphone.md), so the simulated JPKI CA marks them so.
 */
export const PHONE_CERTIFICATE_OU: Record<PhoneKind, string> = {
  androidPhone: 'JPKI smartphone Android',
  iPhone: 'JPKI smartphone iPhone',
};

/** The credential kind a certificate subject (RFC 4514 or OpenSSL's multi-line form) names; card when it names none. */
export function credentialKindOfSubject(subject: string): CredentialKind {
  for (const [kind, ou] of Object.entries(PHONE_CERTIFICATE_OU) as [PhoneKind, string][]) if (subject.includes(`OU=${ou}`)) return kind;
  return 'card';
}
