// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';
import { name } from './encodeDer.ts';
import { caAltName, caName, crlDistributionPoints, directoryNames, OID, type JpkiKind } from './jpkiCertificateProfile.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const RSA_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

/** Where the simulated JPKI test CA lives, private keys included: only the simulator reads it. */
export const JPKI_TEST_CA_FILE = fileURLToPath(new URL('./jpki-test-ca.json', import.meta.url));

/**
 * The test CA's 利用者証明用 certificate alone (public): what the eligibility service trusts by default
 * (`--trust-ca`). Written beside the key file by createJpkiTestCa.
 */
export const JPKI_TEST_AUTH_CA_CERTIFICATE_FILE = fileURLToPath(new URL('./jpki-test-auth-ca.pem', import.meta.url));

const CaKeyPairSchema = z.object({ privateKeyPem: z.string(), certificatePem: z.string() }).strict();
const CaFileSchema = z.object({ auth: CaKeyPairSchema, sign: CaKeyPairSchema }).strict();

export interface CaKeyPair {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

/** The simulated J-LIS CAs: one for 利用者証明用, one for 署名用, as on the real JPKI. */
export interface JpkiTestCa {
  auth: CaKeyPair;
  sign: CaKeyPair;
}

function pemToDer(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const der = Buffer.from(b64, 'base64');
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

export function derToPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', pemToDer(pem), RSA_ALGORITHM, false, ['sign']) as Promise<CryptoKey>;
}

let cached: Promise<JpkiTestCa> | undefined;

/** Load (once per process) the test CA committed with the project. */
export function loadJpkiTestCa(file = JPKI_TEST_CA_FILE): Promise<JpkiTestCa> {
  if (file !== JPKI_TEST_CA_FILE) return readCa(file);
  return (cached ??= readCa(file));
}

async function readCa(file: string): Promise<JpkiTestCa> {
  const raw = loadDataFile(file, CaFileSchema, { what: 'test CA file' });
  const load = async (pair: z.infer<typeof CaKeyPairSchema>): Promise<CaKeyPair> => ({
    certificate: new x509.X509Certificate(pair.certificatePem),
    privateKey: await importPrivateKey(pair.privateKeyPem),
  });
  return { auth: await load(raw.auth), sign: await load(raw.sign) };
}

/** The J-LIS 2023 roots' serials are 4 bytes (06D18006, 067C6A21): ours look alike, and are not theirs. */
const CA_SERIAL: Record<JpkiKind, string> = { auth: '06D1A001', sign: '067CA002' };
/** The 2023 generation's dates (2023-07-16 → 2033-07-15 23:59:59 JST); notBefore the signing instant, as on the real roots. */
const CA_NOT_BEFORE: Record<JpkiKind, Date> = { auth: new Date('2023-07-16T01:01:04Z'), sign: new Date('2023-07-16T00:50:27Z') };
const CA_NOT_AFTER = new Date('2033-07-15T14:59:59Z');

/**
 * The CA certificate in the layout of the real J-LIS roots: keyUsage (critical), subjectAltName
 * (dirName in Japanese), basicConstraints (critical, no path length), cRLDistributionPoints (its own
 * name), subjectKeyIdentifier; no authorityKeyIdentifier.
 */
async function issueCaCertificate(kind: JpkiKind, keys: CryptoKeyPair): Promise<x509.X509Certificate> {
  const subject = new x509.Name(name(caName(kind)));
  return x509.X509CertificateGenerator.create({
    serialNumber: CA_SERIAL[kind],
    subject,
    issuer: subject,
    notBefore: CA_NOT_BEFORE[kind],
    notAfter: CA_NOT_AFTER,
    signingAlgorithm: RSA_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.Extension(OID.subjectAltName, false, directoryNames(caAltName(kind))),
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.Extension(OID.crlDistributionPoints, false, crlDistributionPoints(caName(kind))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
}

/**
 * Write the pair of CAs to `file`: new keys, or (`keepKeys`) the keys already in it with their
 * certificates issued again, so that only the certificates' layout changes.
 */
export async function createJpkiTestCa(file = JPKI_TEST_CA_FILE, options: { keepKeys?: boolean } = {}): Promise<void> {
  const existing = options.keepKeys ? loadDataFile(file, CaFileSchema, { what: 'test CA file' }) : undefined;
  const make = async (kind: JpkiKind) => {
    let keys: CryptoKeyPair;
    if (existing) {
      const pem = existing[kind].privateKeyPem;
      const publicDer = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
      keys = {
        privateKey: (await webcrypto.subtle.importKey('pkcs8', pemToDer(pem), RSA_ALGORITHM, true, ['sign'])) as CryptoKey,
        publicKey: (await webcrypto.subtle.importKey('spki', publicDer, RSA_ALGORITHM, true, ['verify'])) as CryptoKey,
      };
    } else {
      keys = (await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    }
    const certificate = await issueCaCertificate(kind, keys);
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { privateKeyPem: derToPem(pkcs8, 'PRIVATE KEY'), certificatePem: certificate.toString('pem') + '\n' };
  };
  const auth = await make('auth');
  writeFileSync(file, JSON.stringify({ auth, sign: await make('sign') }, null, 2) + '\n');
  if (file === JPKI_TEST_CA_FILE) writeFileSync(JPKI_TEST_AUTH_CA_CERTIFICATE_FILE, auth.certificatePem);
  cached = undefined;
}
