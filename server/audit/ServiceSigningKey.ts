import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CodedError } from '../../foundation/CodedError.ts';

export class ServiceSigningKeyError extends CodedError<'KEY_UNREADABLE' | 'KEY_TOO_OPEN'> {
  override readonly name = 'ServiceSigningKeyError';
}

export const SIGNING_KEY_FILE = 'service-signing-key.pem';
export const SIGNING_PUBLIC_KEY_FILE = 'service-signing-key.pub.pem';

export interface ServiceSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-256 of the public key (SPKI, DER), hex: what a checkpoint names its signer by. */
  keyId: string;
  file: string;
}

export const keyIdOf = (publicKey: KeyObject) => createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

/**
 * The service's own Ed25519 key, for signing audit checkpoints: made on first use in the data directory
 * (0600; the public half beside it, to keep a copy of elsewhere), read afterwards. A key file others may
 * read is refused: whoever can read it can sign checkpoints.
 */
export function loadOrCreateServiceSigningKey(dataDir: string): ServiceSigningKey {
  const file = join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    writeFileSync(join(dataDir, SIGNING_PUBLIC_KEY_FILE), createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) throw new ServiceSigningKeyError('KEY_TOO_OPEN', `The service's signing key ${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it.`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (cause) {
    throw new ServiceSigningKeyError('KEY_UNREADABLE', `The service's signing key ${file} cannot be read: ${(cause as Error).message}`, { cause });
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), file };
}
