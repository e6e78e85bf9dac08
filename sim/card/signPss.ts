import { constants, createHash, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';

const HASH_BYTES = 32;

function mgf1Sha256(seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, at = 0; at < length; counter++, at += HASH_BYTES) {
    const c = Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff);
    out.set(createHash('sha256').update(seed).update(c).digest().subarray(0, Math.min(HASH_BYTES, length - at)), at);
  }
  return out;
}

/**
 * RSASSA-PSS over a SHA-256 hash the card was given (RFC 8017 §9.1.1): MGF1-SHA-256, 32-byte salt
 * (ours: MC names P1 04/05 as PSS without the parameters). Node's sign() hashes its input itself, so
 * the encoding is done here and the key is applied raw.
 */
export function signPssOverHash(key: KeyObject, hash: Uint8Array): Uint8Array {
  const modulusBits = key.asymmetricKeyDetails!.modulusLength!;
  const emBits = modulusBits - 1;
  const emLength = Math.ceil(emBits / 8);
  const salt = randomBytes(HASH_BYTES);
  const h = createHash('sha256').update(new Uint8Array(8)).update(hash).update(salt).digest();
  const db = new Uint8Array(emLength - HASH_BYTES - 1);
  db[db.length - HASH_BYTES - 1] = 0x01;
  db.set(salt, db.length - HASH_BYTES);
  const mask = mgf1Sha256(h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLength - emBits);
  const em = new Uint8Array(modulusBits / 8);
  em.set(db, em.length - emLength);
  em.set(h, em.length - HASH_BYTES - 1);
  em[em.length - 1] = 0xbc;
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em));
}
