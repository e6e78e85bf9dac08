import type { Sex } from '../../jpki/Sex.ts';
import type { RomanisedPlace } from '../cardProfile/romanisedPlace.ts';
import { boolean, context, directoryName, fullNameDirectory, ia5, nameText, oid, sequence, utf8, type NameParts } from './encodeDer.ts';

/**
 * The shape of the JPKI certificates (docs/card.md §certificates): the CA layout copied from the real
 * J-LIS roots (jpki/myna `src/ta/*_2023.pem`), the card certificates from what public sources show, and
 * our choices where they show nothing. Our keys are not J-LIS's, so nothing that pins the real roots is
 * fooled; the organisation is `JPKI-TEST`, as on J-LIS's own test cards (MC `certs/README.md`).
 */
export type JpkiKind = 'auth' | 'sign';

export const CA_ORGANIZATION = 'JPKI-TEST';

/** The policies: jpki-cp-auth-class30 and the signing one (jsrsasign's JPKI OIDs; ZeroKeyMate). The test hierarchy's are not public: ours, the production ones. */
export const JPKI_POLICY: Record<JpkiKind, string> = { auth: '1.2.392.200149.8.5.1.3.30', sign: '1.2.392.200149.8.5.1.1.20' };
export const JPKI_CPS = 'http://www.jpki.go.jp/cps.html';

const PURPOSE: Record<JpkiKind, string> = { auth: 'JPKI for user authentication', sign: 'JPKI for digital signature' };
const PURPOSE_JA: Record<JpkiKind, string> = { auth: '公的個人認証サービス利用者証明用', sign: '公的個人認証サービス署名用' };
const AGENCY = 'Japan Agency for Local Authority Information Systems';

export const OID = {
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  issuingDistributionPoint: '2.5.29.28',
  cps: '1.3.6.1.5.5.7.2.1',
} as const;

/** The CA's subject (= issuer of every card certificate): C PrintableString, the rest UTF8String. */
export function caName(kind: JpkiKind): NameParts {
  return [
    ['C', 'JP'],
    ['O', CA_ORGANIZATION],
    ['OU', PURPOSE[kind]],
    ['OU', AGENCY],
  ];
}

/** The CA's subjectAltName directoryName, in Japanese as on the real roots. */
export function caAltName(kind: JpkiKind): NameParts {
  return [
    ['C', 'JP'],
    ['O', '公的個人認証サービス'],
    ['OU', PURPOSE_JA[kind]],
    ['OU', '地方公共団体情報システム機構'],
  ];
}

/**
 * Where a card certificate's CRL is: one per issuing municipality and kind (the signing certificate's
 * form in public dumps; the 利用者証明用 one by analogy: ours).
 */
export function crlDistributionPointName(kind: JpkiKind, place: RomanisedPlace): NameParts {
  return [
    ['C', 'JP'],
    ['O', CA_ORGANIZATION],
    ['OU', PURPOSE[kind]],
    ['OU', 'CRL Distribution Points'],
    ['OU', place.prefecture],
    ['CN', `${place.city} CRLDP`],
  ];
}

export { nameText };

/** GeneralNames with one directoryName: the value of subjectAltName / issuerAltName on the JPKI certificates. */
export const directoryNames = (parts: NameParts) => sequence(directoryName(parts));

/** cRLDistributionPoints with one point named by a directoryName only (no URL, as J-LIS does). */
export const crlDistributionPoints = (parts: NameParts) => sequence(sequence(context(0, true, fullNameDirectory(parts))));

/**
 * issuingDistributionPoint of a partitioned CRL (RFC 5280 §5.2.5): the point, and only end-entity
 * certificates ([1] onlyContainsUserCerts) — or, for the ARL at the CA's own name, only CA certificates ([2]).
 */
export const issuingDistributionPoint = (parts: NameParts, scope: 'user' | 'ca' = 'user') =>
  sequence(context(0, true, fullNameDirectory(parts)), context(scope === 'user' ? 1 : 2, false, boolean(true).subarray(2)));

export const certificatePolicies = (kind: JpkiKind) => sequence(sequence(oid(JPKI_POLICY[kind]), sequence(sequence(oid(OID.cps), ia5(JPKI_CPS)))));

/** The 基本4情報 otherNames of the 署名用 certificate: 1.2.392.200149.8.5.5.1–6. */
const OTHER_NAME = (n: number) => `1.2.392.200149.8.5.5.${n}`;

/** 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和 (P8N; ZeroKeyMate citing J-LIS's profile 仕様書 3.2). */
const ERA_CODES = [
  { code: '5', start: '2019-05-01' },
  { code: '4', start: '1989-01-08' },
  { code: '3', start: '1926-12-25' },
  { code: '2', start: '1912-07-30' },
  { code: '1', start: '1868-10-23' },
];

/** 生年月日 as the certificate writes it: the era code, then the Gregorian YYYYMMDD ("319800217"). */
export function certificateBirthDate(iso: string): string {
  const era = ERA_CODES.find((e) => iso >= e.start);
  if (!era) throw new RangeError(`${iso} is before the 明治 era`);
  return `${era.code}${iso.replaceAll('-', '')}`;
}

/** 性別: 1 男, 2 女 (P8N); 適用不能 3 (ours: no sample shows it). */
const CERTIFICATE_SEX: Record<Sex, string> = { male: '1', female: '2', notApplicable: '3' };

export interface BasicFourItems {
  name: string;
  birthDate: string;
  sex: Sex;
  address: string;
}

/**
 * The signing certificate's subjectAltName: six otherNames, `[0] EXPLICIT UTF8String`, in the order 1, 4,
 * 3, 5, 2, 6 (a generator that copies them from a real certificate). The substitute-character fields say
 * "no 外字" with zeros, as P8N's sample (`0000`, 25 zeros; the length rule is unknown).
 */
export function basicFourInfoAltName(items: BasicFourItems): Uint8Array {
  const values: Array<[number, string]> = [
    [1, items.name],
    [4, certificateBirthDate(items.birthDate)],
    [3, CERTIFICATE_SEX[items.sex]],
    [5, items.address],
    [2, '0000'],
    [6, '0'.repeat(25)],
  ];
  return sequence(...values.map(([n, value]) => context(0, true, oid(OTHER_NAME(n)), context(0, true, utf8(value)))));
}
