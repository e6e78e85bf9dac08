// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import { romanisedPlaceOf } from '../cardProfile/romanisedPlace.ts';
import { RSA_ALGORITHM, type JpkiTestCa } from './JpkiTestCa.ts';
import { caName, crlDistributionPointName, issuingDistributionPoint, nameText, OID, type JpkiKind } from './jpkiCertificateProfile.ts';
import type { NameParts } from './encodeDer.ts';

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** A non-negative INTEGER in DER: minimal bytes, a leading 00 only before a high bit. */
export function derInteger(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || bytes[0]! >= 0x80) bytes.unshift(0);
  return Uint8Array.of(0x02, bytes.length, ...bytes);
}

/** One certificate on a list: which CA, which partition (the card's municipality), when and why. */
export interface Revocation {
  kind: JpkiKind;
  serial: string;
  distributionPoint: NameParts;
  revokedAt: Date;
  /** RFC 5280 CRLReason; ours: cessationOfOperation for 利用者証明用 (the card is no longer in use), affiliationChanged for 署名用. */
  reason: x509.X509CrlReason;
}

/** One partition of a CA's CRL: the distribution point a certificate names, and its CRL's DER. */
export interface PublishedList {
  kind: JpkiKind;
  scope: 'user' | 'ca';
  distributionPoint: NameParts;
  /** RFC 4514 text of the distribution point's directoryName: the repository's key. */
  distributionPointText: string;
  der: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date;
}

export interface Partition {
  kind: JpkiKind;
  distributionPoint: NameParts;
  /** `ca`: the ARL at the CA's own name, which its CA certificate names (none revoked: the CA has no subordinate). */
  scope: 'user' | 'ca';
}

/** The partitions the card profiles' certificates name (and each CA's ARL), and the certificates revoked in them. */
export function revocationsOf(profiles: readonly CardProfile[], revokedAt: Date): { partitions: Partition[]; revocations: Revocation[] } {
  const partitions = new Map<string, Partition>();
  for (const kind of ['auth', 'sign'] as const) partitions.set(`${kind}|ca`, { kind, distributionPoint: caName(kind), scope: 'ca' });
  const revocations: Revocation[] = [];
  for (const profile of profiles) {
    const place = romanisedPlaceOf(profile.holder.address, profile.card.municipalityCode);
    for (const kind of ['auth', 'sign'] as const) {
      const serial = kind === 'auth' ? profile.authCertificate.serial : profile.signCertificate?.serial;
      if (!serial) continue;
      const distributionPoint = crlDistributionPointName(kind, place);
      partitions.set(`${kind}|${nameText(distributionPoint)}`, { kind, distributionPoint, scope: 'user' });
      // A revoked card (lost, the holder moved abroad or died): both of its certificates are on the lists.
      if (profile.authCertificate.revoked) {
        revocations.push({ kind, serial, distributionPoint, revokedAt, reason: kind === 'auth' ? x509.X509CrlReason.cessationOfOperation : x509.X509CrlReason.affiliationChanged });
      }
    }
  }
  return { partitions: [...partitions.values()], revocations };
}

/**
 * The CRL of one partition, as a verifier downloads it: v2, signed by the CA, thisUpdate 00:00 JST of the
 * day, nextUpdate a day later (the lists are refreshed daily), issuingDistributionPoint (critical) naming the
 * partition and onlyContainsUserCerts, cRLNumber the day count, AKI the CA's key.
 */
export async function issueRevocationList(ca: JpkiTestCa, kind: JpkiKind, distributionPoint: NameParts, revocations: readonly Revocation[], now: Date, scope: 'user' | 'ca' = 'user'): Promise<PublishedList> {
  const authority = ca[kind];
  const thisUpdate = new Date(Math.floor((now.getTime() + JST) / DAY) * DAY - JST);
  const nextUpdate = new Date(thisUpdate.getTime() + DAY);
  const text = nameText(distributionPoint);
  const crlNumber = Math.floor(thisUpdate.getTime() / DAY);
  const crl = await x509.X509CrlGenerator.create({
    issuer: authority.certificate.subjectName,
    thisUpdate,
    nextUpdate,
    signingAlgorithm: RSA_ALGORITHM,
    signingKey: authority.privateKey,
    entries: revocations
      .filter((r) => r.kind === kind && nameText(r.distributionPoint) === text && r.revokedAt <= now)
      .map((r) => ({ serialNumber: r.serial, revocationDate: r.revokedAt, reason: r.reason })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(authority.certificate),
      // cRLNumber: INTEGER, non-critical.
      new x509.Extension('2.5.29.20', false, Uint8Array.from(derInteger(crlNumber)).buffer),
      new x509.Extension(OID.issuingDistributionPoint, true, Uint8Array.from(issuingDistributionPoint(distributionPoint, scope)).buffer),
    ],
  });
  return { kind, scope, distributionPoint, distributionPointText: text, der: new Uint8Array(crl.rawData), thisUpdate, nextUpdate };
}
