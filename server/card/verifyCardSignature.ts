import { constants, verify, type KeyObject } from 'node:crypto';

/**
 * The card's proof of possession: RSASSA-PKCS1-v1_5 with SHA-256 over the challenge bytes, which is
 * what the card computes for INS 2A over a SHA-256 DigestInfo (device/mynacard/signChallenge.ts).
 */
export function verifyCardSignature(publicKey: KeyObject, challenge: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify('sha256', challenge, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    // A signature of the wrong length or a non-RSA key is simply not a valid signature.
    return false;
  }
}
