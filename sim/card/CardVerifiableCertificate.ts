import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { encodeTlv } from '../../device/mynacard/tlv.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

/**
 * A 16-byte key identifier as the card's CV certificates and basic-info files carry it (MC `data.rs`):
 * 7 ASCII digits, `08 05`, 3 ASCII digits, 4 zero bytes. A leading 5 is production, 6 test; ours start
 * 69, numbers MC does not know, so MC reports an unknown CA rather than a bad signature.
 */
export function encodeKeyId(number: string, generation = '001'): Uint8Array {
  if (!/^\d{7}$/.test(number) || !/^\d{3}$/.test(generation)) throw new RangeError(`bad key id ${number}/${generation}`);
  return Uint8Array.from([...ascii(number), 0x08, 0x05, ...ascii(generation), 0, 0, 0, 0]);
}

/** An RSA public key as the card encodes it: `90 03 <e>`, `91 82 01 00 <n>`. */
export function encodeCardPublicKey(key: KeyObject): Uint8Array {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return Uint8Array.from([...encodeTlv(0x90, Buffer.from(jwk.e!, 'base64url')), ...encodeTlv(0x91, Buffer.from(jwk.n!, 'base64url'))]);
}

/**
 * The contents of a card-verifiable certificate (what GET DATA 00F8 returns, 563 bytes for RSA-2048):
 * `5F4E` issuer key id ‖ subject key id ‖ public key, then `5F37` the issuer's PKCS#1 v1.5 / SHA-256
 * signature over the `5F4E` object (what is signed is ours; MC does not say).
 */
export function encodeCvCertificateBody(issuerKeyId: Uint8Array, subjectKeyId: Uint8Array, subjectKey: KeyObject, issuerKey: KeyObject): Uint8Array {
  const body = encodeTlv(0x5f4e, Uint8Array.from([...issuerKeyId, ...subjectKeyId, ...encodeCardPublicKey(subjectKey)]));
  const signature = sign('sha256', body, issuerKey);
  return Uint8Array.from([...body, ...encodeTlv(0x5f37, signature)]);
}

/** The whole certificate as 券面AP and 入力補助AP EF 0004 hold it: `7F21 82 02 33 { … }`, 568 bytes. */
export function encodeCvCertificate(issuerKeyId: Uint8Array, subjectKeyId: Uint8Array, subjectKey: KeyObject, issuerKey: KeyObject): Uint8Array {
  return encodeTlv(0x7f21, encodeCvCertificateBody(issuerKeyId, subjectKeyId, subjectKey, issuerKey));
}
