// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CardProfile, CertificateValidity } from '../cardProfile/CardProfile.ts';
import { RSA_ALGORITHM, type CaKeyPair, type JpkiTestCa } from '../ca/JpkiTestCa.ts';
import { PHONE_CERTIFICATE_OU } from '../../jpki/CredentialKind.ts';

const DAY = 86_400_000;

/** JPKI certificates run to the 5th birthday after issuance; we use 5 years. */
const LIFETIME_DAYS = 5 * 365;

/**
 * The certificate's dates for a relative validity state, computed from the UTC day of `now`, so a
 * card placed twice on one day carries byte-identical certificates. Our choice of offsets:
 * valid ends in 2 years; expiringSoon in 45 days; expiredInGrace 30 days ago; expiredBeyondGrace 120 days ago.
 */
export function resolveValidity(validity: CertificateValidity, now: Date): { notBefore: Date; notAfter: Date } {
  if (typeof validity === 'object') {
    return { notBefore: new Date(`${validity.notBefore}T00:00:00Z`), notAfter: new Date(`${validity.notAfter}T23:59:59Z`) };
  }
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const endDay = { valid: 730, expiringSoon: 45, expiredInGrace: -30, expiredBeyondGrace: -120 }[validity];
  const notAfter = new Date(today + endDay * DAY + DAY - 1000);
  return { notBefore: new Date(today + endDay * DAY - LIFETIME_DAYS * DAY), notAfter };
}

async function publicKeyOf(privateKeyPem: string): Promise<CryptoKey> {
  const spki = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
  return webcrypto.subtle.importKey('spki', spki, RSA_ALGORITHM, true, ['verify']) as Promise<CryptoKey>;
}

async function issue(ca: CaKeyPair, serial: string, subject: string, privateKeyPem: string, dates: { notBefore: Date; notAfter: Date }, usage: x509.KeyUsageFlags): Promise<Uint8Array> {
  const publicKey = await publicKeyOf(privateKeyPem);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject,
    issuer: ca.certificate.subject,
    notBefore: dates.notBefore,
    notAfter: dates.notAfter,
    signingAlgorithm: RSA_ALGORITHM,
    publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.KeyUsagesExtension(usage, true),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ],
  });
  return new Uint8Array(certificate.rawData);
}

export interface CardCertificates {
  auth: Uint8Array;
  sign: Uint8Array | null;
}

const issued = new Map<string, Promise<CardCertificates>>();

/** Issue the card's certificates from the test CA; cached per profile and day. */
export function issueCardCertificates(profile: CardProfile, ca: JpkiTestCa, now: Date): Promise<CardCertificates> {
  const authDates = resolveValidity(profile.authCertificate.validity, now);
  const key = `${profile.kind}|${profile.authCertificate.serial}|${authDates.notAfter.toISOString()}|${profile.keys.auth.length}|${ca.auth.certificate.serialNumber}`;
  // A phone's certificate comes from the same simulated CA, marked as a phone's by an OU (ours: the real profile is not public).
  const phoneOu = profile.kind === 'androidPhone' || profile.kind === 'iPhone' ? `OU=${PHONE_CERTIFICATE_OU[profile.kind]}, ` : '';
  let result = issued.get(key);
  if (!result) {
    result = (async () => ({
      // The 利用者証明用 certificate carries no personal data, only a serial and a random-looking CN.
      auth: await issue(ca.auth, profile.authCertificate.serial, `C=JP, ${phoneOu}CN=${profile.authCertificate.serial}`, profile.keys.auth, authDates, x509.KeyUsageFlags.digitalSignature),
      sign:
        profile.signCertificate && profile.keys.sign
          ? await issue(ca.sign, profile.signCertificate.serial, `C=JP, ${phoneOu}L=${profile.holder.address.slice(0, 3)}, CN=${profile.signCertificate.serial}`, profile.keys.sign, authDates, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)
          : null,
    }))();
    issued.set(key, result);
  }
  return result;
}
