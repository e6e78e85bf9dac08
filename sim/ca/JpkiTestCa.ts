// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';

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

/** Names say SIMULATED so no one mistakes these certificates for J-LIS ones. */
const CA_SUBJECT = {
  auth: 'C=JP, O=JPKI-TEST SIMULATED, OU=JPKI for user authentication, OU=Japan Agency for Local Authority Information Systems',
  sign: 'C=JP, O=JPKI-TEST SIMULATED, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems',
};

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

/** Make a new pair of CAs, valid like the 2023 J-LIS generation (2023-07-16 → 2033-07-15), and write them to `file`. */
export async function createJpkiTestCa(file = JPKI_TEST_CA_FILE): Promise<void> {
  const make = async (kind: 'auth' | 'sign') => {
    const keys = (await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: kind === 'auth' ? '01' : '02',
      name: CA_SUBJECT[kind],
      notBefore: new Date('2023-07-16T00:00:00Z'),
      notAfter: new Date('2033-07-15T23:59:59Z'),
      signingAlgorithm: RSA_ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { privateKeyPem: derToPem(pkcs8, 'PRIVATE KEY'), certificatePem: certificate.toString('pem') + '\n' };
  };
  const auth = await make('auth');
  writeFileSync(file, JSON.stringify({ auth, sign: await make('sign') }, null, 2) + '\n');
  if (file === JPKI_TEST_CA_FILE) writeFileSync(JPKI_TEST_AUTH_CA_CERTIFICATE_FILE, auth.certificatePem);
  cached = undefined;
}
