import { z } from 'zod';

/**
 * Where a 利用者証明用電子証明書 stands at the moment of a check-in, as the reader and the service
 * both say it (card-protocol.md §4). The reader can tell the first four from the dates alone
 * (classifyCertificateDates); only a verifier with the CA and the revocation list can say the others.
 * - valid: more than 3 months left;
 * - expiringSoon: within the 3 months before expiry (a renewal notice is shown);
 * - expiredInGrace: expired, within the 3-month grace (qualification only, no medical information);
 * - expiredBeyondGrace: expired more than 3 months ago (unusable);
 * - revoked: on the CA's revocation list (lost or stolen card, or the holder died or moved abroad);
 * - notTrusted: not issued by a trusted JPKI CA, or not valid yet;
 * - badSignature: the card's signature over the service's challenge does not verify.
 */
export const CERTIFICATE_STANDINGS = ['valid', 'expiringSoon', 'expiredInGrace', 'expiredBeyondGrace', 'revoked', 'notTrusted', 'badSignature'] as const;
export const CertificateStandingSchema = z.enum(CERTIFICATE_STANDINGS);
export type CertificateStanding = z.infer<typeof CertificateStandingSchema>;

/** The standings a reader can tell from the certificate's dates alone, before the service has looked at it. */
export type DatedCertificateStanding = Extract<CertificateStanding, 'valid' | 'expiringSoon' | 'expiredInGrace' | 'expiredBeyondGrace'>;
