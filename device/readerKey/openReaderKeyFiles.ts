import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReaderIdentity } from '../kiosk/ReaderIdentity.ts';
import { parseReaderKey, readerIdentityOf } from './readerIdentity.ts';
import { ReaderKeyError } from './ReaderKeyError.ts';

export interface ReaderKeyFiles {
  /** The private key, PKCS#8 PEM, mode 0600 (made on first use). */
  keyFile: string;
  /** The reader authority's certificate for the key, PEM or DER; absent: not certified. */
  certificateFile: string;
  /** The reader's name (registration, certificate CN). */
  name: string;
}

/** Read a certificate file, PEM or DER, as DER. */
export function readCertificateFile(file: string): Uint8Array {
  const raw = readFileSync(file);
  const text = raw.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const b64 = text.split('-----BEGIN CERTIFICATE-----')[1]!.split('-----END CERTIFICATE-----')[0]!.replace(/\s+/g, '');
    return new Uint8Array(Buffer.from(b64, 'base64'));
  }
  return new Uint8Array(raw);
}

/**
 * The reader's key and certificate from the kiosk's files. The key is made on first use (ECDSA P-256,
 * written with mode 0600); a key file others can read is refused (KEY_FILE_TOO_OPEN), as ssh does.
 */
export function openReaderKeyFiles(files: ReaderKeyFiles): ReaderIdentity {
  if (!existsSync(files.keyFile)) {
    mkdirSync(dirname(files.keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(files.keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(files.keyFile).mode & 0o777;
  if (mode & 0o077) {
    throw new ReaderKeyError('KEY_FILE_TOO_OPEN', `The reader key ${files.keyFile} can be read by others (mode ${mode.toString(8)}): \`chmod 600 ${files.keyFile}\`.`);
  }
  const key = parseReaderKey(readFileSync(files.keyFile, 'utf8'));
  const certificate = existsSync(files.certificateFile) ? readCertificateFile(files.certificateFile) : null;
  return readerIdentityOf(key, certificate, files.name);
}
