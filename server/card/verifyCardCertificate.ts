import { X509Certificate, type KeyObject } from 'node:crypto';
import { classifyCertificateDates } from '../../jpki/classifyCertificateDates.ts';
import { normalizeSerial } from '../../jpki/certificateSerial.ts';
import { credentialKindOfSubject, type CredentialKind } from '../../jpki/CredentialKind.ts';

interface ParsedCertificate {
  publicKey: KeyObject;
  serial: string;
  /** Issued and signed by one of the trusted CAs, and not a CA itself: facts of the bytes, so they can be remembered. */
  chainProblem: string | null;
  notBefore: Date;
  notAfter: Date;
  /** A card's certificate, or a phone's (スマホ用電子証明書), as its subject says. */
  credential: CredentialKind;
}

/**
 * Parsing and chain-checking a certificate costs more than everything else in a confirmation, and a
 * card presents the same bytes every visit. Remembered per set of trusted CAs, by the DER itself, boundedly.
 * Revocation and dates are never remembered: they are checked on every confirmation.
 */
const PARSED_LIMIT = 20_000;
const parsedByTrust = new WeakMap<readonly X509Certificate[], Map<string, ParsedCertificate | null>>();

/** The trusted CA that issued and signed `certificate`, if any: the issuer name alone proves nothing. */
function issuingCa(certificate: X509Certificate, trustedCas: readonly X509Certificate[]): X509Certificate | undefined {
  return trustedCas.find((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
}

function parse(der: Uint8Array, trustedCas: readonly X509Certificate[]): ParsedCertificate | null {
  let cache = parsedByTrust.get(trustedCas);
  if (!cache) parsedByTrust.set(trustedCas, (cache = new Map()));
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let parsed: ParsedCertificate | null;
  try {
    const certificate = new X509Certificate(der);
    const chainProblem = certificate.ca
      ? 'A CA certificate was sent instead of the card holder’s certificate.'
      : !issuingCa(certificate, trustedCas)
        ? 'The certificate was not issued by a JPKI 利用者証明用 CA this service trusts.'
        : null;
    parsed = { publicKey: certificate.publicKey, serial: normalizeSerial(certificate.serialNumber), chainProblem, notBefore: new Date(Date.parse(certificate.validFrom)), notAfter: new Date(Date.parse(certificate.validTo)), credential: credentialKindOfSubject(certificate.subject) };
  } catch {
    parsed = null;
  }
  if (cache.size >= PARSED_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, parsed);
  return parsed;
}

export type CertificateCheck =
  | { ok: true; serial: string; standing: 'valid' | 'expiringSoon' | 'expiredInGrace'; publicKey: KeyObject; notAfter: Date; credential: CredentialKind }
  | { ok: false; serial: string | null; standing: 'notTrusted' | 'revoked' | 'expiredBeyondGrace'; reason: string; credential?: CredentialKind };

/**
 * Check a card's 利用者証明用 certificate the way the central system does: issued and signed by one of
 * the trusted JPKI CAs, an end-entity certificate, not revoked, and within its dates or the 3-month
 * grace. A date problem is reported only for a certificate that is otherwise genuine. A phone's certificate
 * has no grace: expired is refused at once, as expiredBeyondGrace (KB0012286: the phone stops working the
 * moment the card or its certificate expires).
 */
export async function verifyCardCertificate(der: Uint8Array, trustedCas: readonly X509Certificate[], isRevoked: (serial: string) => boolean | Promise<boolean>, now: Date): Promise<CertificateCheck> {
  const parsed = parse(der, trustedCas);
  if (!parsed) return { ok: false, serial: null, standing: 'notTrusted', reason: 'The bytes are not an X.509 certificate.' };
  const { serial, notBefore, notAfter } = parsed;
  if (parsed.chainProblem) return { ok: false, serial, standing: 'notTrusted', reason: parsed.chainProblem };
  if (await isRevoked(serial)) return { ok: false, serial, standing: 'revoked', reason: 'The certificate is on the revocation list.' };
  const standing = classifyCertificateDates(notBefore, notAfter, now);
  if (standing === 'notYetValid') return { ok: false, serial, standing: 'notTrusted', reason: `The certificate is not valid before ${notBefore.toISOString()}.` };
  if (standing === 'expiredBeyondGrace') return { ok: false, serial, standing, reason: `The certificate expired on ${notAfter.toISOString()}, more than 3 months ago.`, credential: parsed.credential };
  if (standing === 'expiredInGrace' && parsed.credential !== 'card') {
    return { ok: false, serial, standing: 'expiredBeyondGrace', reason: `The smartphone certificate expired on ${notAfter.toISOString()}; a phone has no grace period.`, credential: parsed.credential };
  }
  return { ok: true, serial, standing, publicKey: parsed.publicKey, notAfter, credential: parsed.credential };
}
