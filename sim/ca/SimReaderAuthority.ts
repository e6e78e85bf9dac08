// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { createPublicKey, generateKeyPairSync, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';
import { READER_AUTHENTICATION_EKU } from '../../device/mynacard/readerAuthentication.ts';
import { derToPem } from './JpkiTestCa.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const EC_SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The simulated reader authority, private key included: only the simulator reads it. */
export const SIM_READER_AUTHORITY_FILE = fileURLToPath(new URL('./sim-reader-authority.json', import.meta.url));

const AuthorityFileSchema = z.object({ privateKeyPem: z.string(), certificatePem: z.string() }).strict();

/**
 * The reader authority of the simulator (ours): it certifies 顔認証付きカードリーダー keys, and every
 * simulated card trusts it for reader authentication (device/mynacard/readerAuthentication.ts). The real
 * certification of readers is not public; real cards do not know this authority, so on a real card the
 * kiosk offers the PIN only. Its name says SIMULATED so nobody mistakes it for a real one.
 */
export interface SimReaderAuthority {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

const SUBJECT = 'C=JP, O=MYNA-KIOSK SIMULATED, CN=Simulated card reader authority';

let cached: Promise<SimReaderAuthority> | undefined;

export function loadSimReaderAuthority(file = SIM_READER_AUTHORITY_FILE): Promise<SimReaderAuthority> {
  const load = async () => {
    const raw = loadDataFile(file, AuthorityFileSchema, { what: 'reader authority file' });
    const der = Buffer.from(raw.privateKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    return {
      certificate: new x509.X509Certificate(raw.certificatePem),
      privateKey: (await webcrypto.subtle.importKey('pkcs8', der, EC_KEY, false, ['sign'])) as CryptoKey,
    };
  };
  if (file !== SIM_READER_AUTHORITY_FILE) return load();
  return (cached ??= load());
}

/** The authority's public key, as a card holds it (synchronous: cards are built without waiting). */
export function simReaderAuthorityKey(file = SIM_READER_AUTHORITY_FILE): KeyObject {
  const read = () => createPublicKey(AuthorityFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).certificatePem);
  if (file !== SIM_READER_AUTHORITY_FILE) return read();
  return (cachedKey ??= read());
}
let cachedKey: KeyObject | undefined;

/** The simulator's own reader: a key certified by the authority, shipped beside it, for in-process kiosks. */
export const SIM_READER_IDENTITY_FILE = fileURLToPath(new URL('./sim-reader.json', import.meta.url));
const ReaderFileSchema = z.object({ name: z.string(), privateKeyPem: z.string(), certificatePem: z.string() }).strict();

/** The shipped simulated reader's key and certificate (synchronous: SimKioskDevices is built without waiting). */
export function loadSimReaderKey(file = SIM_READER_IDENTITY_FILE): { name: string; privateKeyPem: string; certificateDer: Uint8Array } {
  const raw = loadDataFile(file, ReaderFileSchema, { what: 'simulated reader file' });
  const b64 = raw.certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return { name: raw.name, privateKeyPem: raw.privateKeyPem, certificateDer: new Uint8Array(Buffer.from(b64, 'base64')) };
}

/** A new authority (ECDSA P-256, self-signed, 2025-01-01 → 2035-12-31), written to `file`, and a reader it certified (SIM_READER_IDENTITY_FILE). */
export async function createSimReaderAuthority(file = SIM_READER_AUTHORITY_FILE): Promise<void> {
  const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: SUBJECT,
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-12-31T23:59:59Z'),
    signingAlgorithm: EC_SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  writeFileSync(file, JSON.stringify({ privateKeyPem: derToPem(pkcs8, 'PRIVATE KEY'), certificatePem: certificate.toString('pem') + '\n' }, null, 2) + '\n');
  if (file === SIM_READER_AUTHORITY_FILE) {
    cached = undefined;
    cachedKey = undefined;
    const authority = await loadSimReaderAuthority();
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const name = 'Simulated 顔認証付きカードリーダー';
    const certificate = await certifyReader(authority, { publicKeySpki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })), name, now: new Date('2026-01-01T00:00:00Z') });
    const certificatePem = derToPem(certificate, 'CERTIFICATE');
    writeFileSync(SIM_READER_IDENTITY_FILE, JSON.stringify({ name, privateKeyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })), certificatePem }, null, 2) + '\n');
  }
}

/**
 * Certify a reader's public key (ECDSA P-256, SPKI DER): an X.509 certificate for 5 years with key usage
 * digitalSignature and the reader-authentication EKU; the subject names the reader.
 */
export async function certifyReader(authority: SimReaderAuthority, reader: { publicKeySpki: Uint8Array; name: string; now?: Date }): Promise<Uint8Array> {
  const publicKey = (await webcrypto.subtle.importKey('spki', reader.publicKeySpki, EC_KEY, true, ['verify'])) as CryptoKey;
  const now = reader.now ?? new Date();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    subject: `C=JP, O=MYNA-KIOSK SIMULATED, CN=${reader.name.replace(/[,=+<>#;"\\]/g, ' ').slice(0, 60)}`,
    issuer: authority.certificate.subject,
    notBefore: now,
    notAfter: new Date(now.getTime() + 5 * 365 * 86_400_000),
    signingAlgorithm: EC_SIGNING,
    publicKey,
    signingKey: authority.privateKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([READER_AUTHENTICATION_EKU], false),
      await x509.AuthorityKeyIdentifierExtension.create(authority.certificate),
    ],
  });
  return new Uint8Array(certificate.rawData);
}
