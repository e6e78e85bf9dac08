import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyCertificateDates } from '../../jpki/classifyCertificateDates.ts';
import { loadJpkiTestCa, type JpkiTestCa } from '../ca/JpkiTestCa.ts';
import { loadCardProfile } from '../cardProfile/loadCardProfile.ts';
import { certificateCommonName, issueCardCertificates, resolveValidity, type CardCertificates } from './issueCardCertificates.ts';

const hexOf = (bytes: ArrayBuffer) => Buffer.from(bytes).toString('hex').toUpperCase();
const extension = (certificate: x509.X509Certificate, oid: string) => {
  const found = certificate.extensions.find((e) => e.type === oid);
  if (!found) throw new Error(`no extension ${oid}`);
  return found;
};

describe('the card certificates in the JPKI profile (docs/card.md)', () => {
  let ca: JpkiTestCa;
  let certificates: CardCertificates;
  let auth: x509.X509Certificate;
  let sign: x509.X509Certificate;
  beforeAll(async () => {
    ca = await loadJpkiTestCa();
    certificates = await issueCardCertificates(loadCardProfile('yamada-taro').profile, ca, new Date('2026-12-01T03:00:00Z'));
    auth = new x509.X509Certificate(Uint8Array.from(certificates.auth));
    sign = new x509.X509Certificate(Uint8Array.from(certificates.sign!));
  });

  it('gives the CA certificates the real roots’ layout: 4-byte serials, no AKI, SAN byte-identical to J-LIS’s 利用者証明用 root', () => {
    const root = ca.auth.certificate;
    expect(root.serialNumber).toBe('06d1a001');
    expect(root.extensions.map((e) => [e.type, e.critical])).toEqual([
      ['2.5.29.15', true],
      ['2.5.29.17', false],
      ['2.5.29.19', true],
      ['2.5.29.31', false],
      ['2.5.29.14', false],
    ]);
    // The extnValue of the real 2023 root (jpki/myna src/ta/auth_ca_2023.pem).
    expect(hexOf(extension(root, '2.5.29.17').value)).toBe(
      '3081ACA481A93081A6310B3009060355040613024A5031273025060355040A0C1EE585ACE79A84E5808BE4BABAE8AA8DE8A8BCE382B5E383BCE38393E382B931393037060355040B0C30E585ACE79A84E5808BE4BABAE8AA8DE8A8BCE382B5E383BCE38393E382B9E588A9E794A8E88085E8A8BCE6988EE794A831333031060355040B0C2AE59CB0E696B9E585ACE585B1E59BA3E4BD93E68385E5A0B1E382B7E382B9E38386E383A0E6A99FE6A78B',
    );
    expect(root.notAfter.toISOString()).toBe('2033-07-15T14:59:59.000Z');
  });

  it('writes the 利用者証明用 certificate with C=JP and a 23-character CN only, the auth policy, and the CRL distribution point as a directoryName', () => {
    expect(auth.subject).toMatch(/^C=JP, CN=[0-9A-F]{8}[A-Z]{6}27127\d{3}[A-Z]$/);
    expect(auth.extensions.map((e) => e.type)).toEqual(['2.5.29.15', '2.5.29.32', '2.5.29.18', '2.5.29.31', '2.5.29.35', '2.5.29.14']);
    // policy OID 1.2.392.200149.8.5.1.3.30 in DER, and the CPS
    expect(hexOf(extension(auth, '2.5.29.32').value)).toContain('060B2A83088C9B55080501031E');
    expect(Buffer.from(extension(auth, '2.5.29.31').value).toString('utf8')).toContain('Chiyoda-ku CRLDP');
  });

  it('writes the 署名用 certificate with the municipality romanised and the 基本4情報 as six otherNames', () => {
    expect(sign.subject).toMatch(/^C=JP, L=Tokyo-to, L=Chiyoda-ku, CN=[0-9A-F]{8}[A-Z]{6}\d{8}[A-Z]$/);
    const san = Buffer.from(extension(sign, '2.5.29.17').value);
    for (const text of ['山田　太郎', '319800217', '東京都千代田区霞が関１丁目２番２号']) expect(san.includes(Buffer.from(text))).toBe(true);
    expect(hexOf(extension(sign, '2.5.29.32').value)).toContain('060B2A83088C9B5508050101');
  });

  it('ends every card certificate at 23:59:59 JST (14:59:59Z) and starts it at 10:00 JST', () => {
    expect(auth.notAfter.toISOString()).toMatch(/T14:59:59\.000Z$/);
    expect(resolveValidity({ notBefore: '2025-10-27', notAfter: '2030-02-17' }, new Date())).toEqual({ notBefore: new Date('2025-10-27T01:00:00Z'), notAfter: new Date('2030-02-17T14:59:59Z') });
    // 2026-12-01T16:00Z is already 12-02 in Japan: "valid" then ends 730 JST days after 12-02.
    expect(resolveValidity('valid', new Date('2026-12-01T16:00:00Z')).notAfter.toISOString()).toBe('2028-12-01T14:59:59.000Z');
    expect(resolveValidity('valid', new Date('2026-12-01T14:00:00Z')).notAfter.toISOString()).toBe('2028-11-30T14:59:59.000Z');
  });

  it('derives the CN from the serial alone, so the same card always shows the same one', () => {
    expect(certificateCommonName('59FAF28676E3E513', '13221')).toBe(certificateCommonName('59FAF28676E3E513', '13221'));
    expect(certificateCommonName('59FAF28676E3E513', '13221')).toHaveLength(23);
    expect(certificateCommonName('59FAF28676E3E514', '13221')).not.toBe(certificateCommonName('59FAF28676E3E513', '13221'));
  });

  it('makes a card whose last day is 2026-06-15 expired at 00:00 JST of 06-16, in its grace through 09-15 JST, and beyond from 09-16 JST', () => {
    const { notBefore, notAfter } = resolveValidity({ notBefore: '2021-06-20', notAfter: '2026-06-15' }, new Date());
    const at = (jst: string) => classifyCertificateDates(notBefore, notAfter, new Date(`${jst}+09:00`));
    expect([at('2026-03-15T23:59:59'), at('2026-03-16T00:00:00')]).toEqual(['valid', 'expiringSoon']);
    expect([at('2026-06-15T23:59:59'), at('2026-06-16T00:00:00')]).toEqual(['expiringSoon', 'expiredInGrace']);
    expect([at('2026-09-15T23:59:59'), at('2026-09-16T00:00:00')]).toEqual(['expiredInGrace', 'expiredBeyondGrace']);
  });
});
