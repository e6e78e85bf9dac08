// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { createHash, createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CardProfile, CertificateValidity } from '../cardProfile/CardProfile.ts';
import { romanisedPlaceOf, type RomanisedPlace } from '../cardProfile/romanisedPlace.ts';
import { RSA_ALGORITHM, type CaKeyPair, type JpkiTestCa } from '../ca/JpkiTestCa.ts';
import { name, type NameParts } from '../ca/encodeDer.ts';
import { basicFourInfoAltName, caAltName, certificatePolicies, crlDistributionPointName, crlDistributionPoints, directoryNames, OID, type JpkiKind } from '../ca/jpkiCertificateProfile.ts';
import { PHONE_CERTIFICATE_OU } from '../../jpki/CredentialKind.ts';

const DAY = 86_400_000;
/** Japan Standard Time, UTC+9 all year: a JPKI certificate ends at 23:59:59 JST, which is 14:59:59Z. */
const JST = 9 * 3_600_000;

/** JPKI certificates run to the 5th birthday after issuance; for the relative states we use 5 years. */
const LIFETIME_DAYS = 5 * 365;

/** 00:00 JST of the JST day `at` falls on. */
function startOfJstDay(at: Date): number {
  return Math.floor((at.getTime() + JST) / DAY) * DAY - JST;
}

/** 23:59:59 JST of a calendar day `YYYY-MM-DD`. */
const endOfJstDay = (day: string) => new Date(`${day}T23:59:59+09:00`);

/**
 * The certificate's dates for a relative validity state, computed from the JST day of `now`, so a card
 * placed twice on one day carries byte-identical certificates. Every notAfter is 23:59:59 JST (the real
 * certificates and the J-LIS roots end so); notBefore is 10:00 JST of the issue day (ours: the real ones
 * carry the signing instant). Our choice of offsets: valid ends in 2 years; expiringSoon in 45 days;
 * expiredInGrace 30 days ago; expiredBeyondGrace 120 days ago.
 */
export function resolveValidity(validity: CertificateValidity, now: Date): { notBefore: Date; notAfter: Date } {
  if (typeof validity === 'object') {
    return { notBefore: new Date(`${validity.notBefore}T10:00:00+09:00`), notAfter: endOfJstDay(validity.notAfter) };
  }
  const today = startOfJstDay(now);
  const endDay = { valid: 730, expiringSoon: 45, expiredInGrace: -30, expiredBeyondGrace: -120 }[validity];
  const notAfter = new Date(today + (endDay + 1) * DAY - 1000);
  return { notBefore: new Date(today + (endDay - LIFETIME_DAYS) * DAY + 10 * 3_600_000), notAfter };
}

/**
 * The subject CN: 23 characters carrying no personal data, in the shape of MC's test card
 * (`997794E9AGCIEG13221003A`): 8 hex digits, 6 letters, the municipality code, 3 digits, 1 letter.
 * Derived from the certificate serial, so a card always shows the same one (the generator is ours).
 */
export function certificateCommonName(serial: string, municipalityCode: string): string {
  const h = createHash('sha256').update(`jpki-cn|${serial}`).digest();
  const letter = (b: number) => String.fromCharCode(0x41 + (b % 26));
  const letters = Array.from(h.subarray(4, 10), letter).join('');
  const digits = String(h.readUInt16BE(10) % 1000).padStart(3, '0');
  return `${h.subarray(0, 4).toString('hex').toUpperCase()}${letters}${municipalityCode}${digits}${letter(h[12]!)}`;
}

async function publicKeyOf(privateKeyPem: string): Promise<CryptoKey> {
  const spki = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
  return webcrypto.subtle.importKey('spki', spki, RSA_ALGORITHM, true, ['verify']) as Promise<CryptoKey>;
}

interface CardCertificateRequest {
  kind: JpkiKind;
  serial: string;
  subject: NameParts;
  privateKeyPem: string;
  dates: { notBefore: Date; notAfter: Date };
  place: RomanisedPlace;
  /** The 署名用 certificate's subjectAltName (the 基本4情報); the 利用者証明用 one carries none. */
  subjectAltName?: Uint8Array;
}

/**
 * A card certificate in the JPKI layout (docs/card.md): keyUsage (critical), [subjectAltName],
 * certificatePolicies (critical), issuerAltName, cRLDistributionPoints (a directoryName, one per issuing
 * municipality), authorityKeyIdentifier, subjectKeyIdentifier last.
 */
async function issue(ca: CaKeyPair, request: CardCertificateRequest): Promise<Uint8Array> {
  const publicKey = await publicKeyOf(request.privateKeyPem);
  const usage = request.kind === 'auth' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  const toBuffer = (bytes: Uint8Array) => Uint8Array.from(bytes).buffer;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: request.serial,
    subject: new x509.Name(toBuffer(name(request.subject))),
    issuer: ca.certificate.subjectName,
    notBefore: request.dates.notBefore,
    notAfter: request.dates.notAfter,
    signingAlgorithm: RSA_ALGORITHM,
    publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.KeyUsagesExtension(usage, true),
      ...(request.subjectAltName ? [new x509.Extension(OID.subjectAltName, false, toBuffer(request.subjectAltName))] : []),
      new x509.Extension(OID.certificatePolicies, true, toBuffer(certificatePolicies(request.kind))),
      new x509.Extension(OID.issuerAltName, false, toBuffer(directoryNames(caAltName(request.kind)))),
      new x509.Extension(OID.crlDistributionPoints, false, toBuffer(crlDistributionPoints(crlDistributionPointName(request.kind, request.place)))),
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
  const key = `${profile.kind}|${profile.authCertificate.serial}|${profile.signCertificate?.serial}|${authDates.notAfter.toISOString()}|${profile.keys.auth.length}|${ca.auth.certificate.serialNumber}|${ca.auth.certificate.notBefore.getTime()}`;
  // A phone's certificate comes from the same simulated CA, marked as a phone's by an OU (ours: the real profile is not public).
  const phoneOu: NameParts = profile.kind === 'androidPhone' || profile.kind === 'iPhone' ? [['OU', PHONE_CERTIFICATE_OU[profile.kind]]] : [];
  let result = issued.get(key);
  if (!result) {
    const place = romanisedPlaceOf(profile.holder.address, profile.card.municipalityCode);
    const code = profile.card.municipalityCode;
    result = (async () => ({
      // The 利用者証明用 certificate carries no personal data: C=JP and a CN that means nothing outside J-LIS.
      auth: await issue(ca.auth, {
        kind: 'auth',
        serial: profile.authCertificate.serial,
        subject: [
          ['C', 'JP'],
          ...phoneOu,
          ['CN', certificateCommonName(profile.authCertificate.serial, code)],
        ],
        privateKeyPem: profile.keys.auth,
        dates: authDates,
        place,
      }),
      // The 署名用 one: the municipality romanised in the subject, the 基本4情報 in subjectAltName.
      sign:
        profile.signCertificate && profile.keys.sign
          ? await issue(ca.sign, {
              kind: 'sign',
              serial: profile.signCertificate.serial,
              subject: [
                ['C', 'JP'],
                ...phoneOu,
                ['L', place.prefecture],
                ['L', place.city],
                ['CN', certificateCommonName(profile.signCertificate.serial, code)],
              ],
              privateKeyPem: profile.keys.sign,
              dates: authDates,
              place,
              subjectAltName: basicFourInfoAltName(profile.holder),
            })
          : null,
    }))();
    issued.set(key, result);
  }
  return result;
}
