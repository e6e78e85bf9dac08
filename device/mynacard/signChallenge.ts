import { createHash } from 'node:crypto';
import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { EF } from './cardFiles.ts';
import { selectApplication, selectFile } from './selectFile.ts';
import { transmitExpectingOk } from './transmitApdu.ts';

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO_PREFIX = Uint8Array.from([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]);

export function encodeSha256DigestInfo(message: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(message).digest();
  const out = new Uint8Array(SHA256_DIGEST_INFO_PREFIX.length + digest.length);
  out.set(SHA256_DIGEST_INFO_PREFIX);
  out.set(digest, SHA256_DIGEST_INFO_PREFIX.length);
  return out;
}

/**
 * Sign a challenge with the 利用者証明用 private key: the card pads the DigestInfo with PKCS#1 v1.5
 * (80 2A 00 80 Lc DigestInfo 00), so the result verifies as RSASSA-PKCS1-v1_5 / SHA-256 over the
 * challenge against the auth certificate. The auth PIN must be verified first, or the reader
 * authenticated (authenticateReader) for this one signature.
 */
export async function signChallenge(channel: CardChannel, challenge: Uint8Array): Promise<Uint8Array> {
  await selectApplication(channel, 'jpki');
  await selectFile(channel, EF.jpki.authKey);
  const signature = await transmitExpectingOk(
    channel,
    { cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x80, data: encodeSha256DigestInfo(challenge), le: 256 },
    'sign with the auth key',
  );
  if (signature.length !== 256) throw new CardError('MALFORMED_RESPONSE', `sign with the auth key: expected a 256-byte RSA-2048 signature, got ${signature.length} bytes.`);
  return signature;
}
