// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrustedCaCertificates } from '../../jpki/loadTrustedCaCertificates.ts';
import { isEligible } from '../../protocol/eligibility/EligibilityResult.ts';
import { startTestService } from '../../test/harness/startTestService.ts';
import { loadSeedPopulation } from '../seed/loadSeedPopulation.ts';
import { verifyCardCertificate } from './verifyCardCertificate.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const DAY = 86_400_000;
const now = new Date();
const notRevoked = () => false;

interface TestCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  /** The CA certificate alone, as an operator would hand it to the service. */
  file: string;
}

let dir: string;

/** A CA of its own, as sim/ca/JpkiTestCa.ts makes the test CA, sharing nothing with it. */
async function createCa(name: string): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `C=JP, O=${name}, OU=JPKI for user authentication`,
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    signingAlgorithm: RSA,
    keys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, certificate.toString('pem'));
  return { certificate, keys, file };
}

/** A card holder's 利用者証明用 certificate issued by `ca`. */
async function issueCardCertificate(ca: TestCa, serial: string): Promise<{ der: Uint8Array; privateKey: CryptoKey }> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `C=JP, CN=${serial}`,
    issuer: ca.certificate.subject,
    notBefore: new Date(now.getTime() - 30 * DAY),
    notAfter: new Date(now.getTime() + 730 * DAY),
    signingAlgorithm: RSA,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return { der: new Uint8Array(certificate.rawData), privateKey: keys.privateKey };
}

let first: TestCa;
let second: TestCa;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trusted-cas-'));
  first = await createCa('FIRST TEST CA');
  second = await createCa('SECOND TEST CA');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyCardCertificate against several trusted CAs', () => {
  it('refuses a certificate from a second, independent CA until that CA’s certificate file is trusted, then accepts it', async () => {
    const card = await issueCardCertificate(second, '7A11CE5EC0AD0001');
    const untrusted = await verifyCardCertificate(card.der, loadTrustedCaCertificates([first.file]), notRevoked, now);
    expect(untrusted).toMatchObject({ ok: false, standing: 'notTrusted', serial: '7A11CE5EC0AD0001' });

    const trusted = await verifyCardCertificate(card.der, loadTrustedCaCertificates([first.file, second.file]), notRevoked, now);
    expect(trusted).toMatchObject({ ok: true, standing: 'valid', serial: '7A11CE5EC0AD0001' });
  });

  it('still accepts the first CA’s certificates when a second is trusted beside it', async () => {
    const card = await issueCardCertificate(first, '7A11CE5EC0AD0002');
    expect((await verifyCardCertificate(card.der, loadTrustedCaCertificates([first.file, second.file]), notRevoked, now)).ok).toBe(true);
  });

  it('refuses a certificate that names a trusted CA as issuer but was signed by another key', async () => {
    const impostor: TestCa = { ...second, certificate: first.certificate };
    const card = await issueCardCertificate(impostor, '7A11CE5EC0AD0003');
    expect(await verifyCardCertificate(card.der, loadTrustedCaCertificates([first.file]), notRevoked, now)).toMatchObject({ ok: false, standing: 'notTrusted' });
  });
});

describe('the service told which CAs to trust', () => {
  it('refuses a card from an independent CA with E03 by default, and confirms it once that CA’s file is trusted', async () => {
    const yamada = loadSeedPopulation().residents.find((r) => r.id === 'R-yamada-taro')!;
    const card = await issueCardCertificate(second, yamada.certificateSerial!);
    // The card signs the challenge with its own key, so only the certificate's issuer decides here.
    const sign = async (challenge: Uint8Array) => new Uint8Array(await webcrypto.subtle.sign(RSA, card.privateKey, challenge));
    const confirm = async (trustCaFiles?: string[]) => {
      const service = await startTestService(trustCaFiles ? { trustCaFiles } : {});
      try {
        const consent = { pharmacy: false, diagnosis: false, operation: false, checkups: false, limitApplication: false };
        return await service.terminal(0).confirmWithCard({ certificate: card.der, sign, attest: service.attest(0), identityMethod: 'face', consent });
      } finally {
        await service.dispose();
      }
    };
    expect((await confirm()).MessageBody.ProcessingResultCode).toBe('E03');
    expect(isEligible(await confirm([second.file]))).toBe(true);
  });
});
