import { constants, createHash, privateEncrypt, type KeyObject } from 'node:crypto';
import { SEX_DIGIT } from '../../device/mynacard/CardHolder.ts';
import { encodeTlv } from '../../device/mynacard/tlv.ts';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import { encodeCardPublicKey } from './CardVerifiableCertificate.ts';
import { encodeIndexedRecord } from './encodeIndexedRecord.ts';
import { renderPlaceholderImage } from './renderPlaceholderImage.ts';

const ascii = (text: string) => new TextEncoder().encode(text);
const compactDate = (iso: string) => ascii(iso.replaceAll('-', ''));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

/** Real cards pad files with FF after the TLV object (card-protocol.md §1.6); how much is ours. */
export function withFiller(object: Uint8Array, filler = 16): Uint8Array {
  const out = new Uint8Array(object.length + filler).fill(0xff);
  out.set(object);
  return out;
}

function padded(text: string, length: number): Uint8Array {
  return ascii(text.padEnd(length, ' ').slice(0, length));
}

const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

/** CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED. */
const TOKEN_FLAGS = 0x0000040d;
const UNAVAILABLE = 0xffffffff;

/**
 * JPKI EF 0006: a 160-byte PKCS#11 CK_TOKEN_INFO with 4-byte big-endian CK_ULONGs, laid out and
 * filled as MC's test of a physical card's token info has it (manufacturer `000…0001`, model
 * `E16R01NJ`, flags 040D, PINs 6–16, versions "03"/"01", no clock). The serial number is ours: 16
 * digits from the card serial.
 */
export function buildTokenInfo(label: string, cardSerial: string): Uint8Array {
  return concat(
    padded(label, 32),
    ascii('0'.repeat(31) + '1'),
    padded('E16R01NJ', 16),
    ascii(`0${cardSerial}`.slice(-16)),
    u32(TOKEN_FLAGS),
    u32(1), // ulMaxSessionCount
    u32(0), // ulSessionCount
    u32(1), // ulMaxRwSessionCount
    u32(0), // ulRwSessionCount
    u32(16), // ulMaxPinLen
    u32(6), // ulMinPinLen
    u32(UNAVAILABLE), // ulTotalPublicMemory
    u32(UNAVAILABLE), // ulFreePublicMemory
    u32(UNAVAILABLE), // ulTotalPrivateMemory
    u32(UNAVAILABLE), // ulFreePrivateMemory
    ascii('03'), // hardwareVersion
    ascii('01'), // firmwareVersion
    ascii('9'.repeat(16)), // utcTime: no clock
  );
}

/** 入力補助AP EF 0001: `FF 10 0C` + the 12 digits, then 2 bytes of FF: 17 bytes, as MYNA reads it. */
export function buildMyNumberFile(myNumber: string): Uint8Array {
  return withFiller(encodeTlv(0xff10, ascii(myNumber)), 2);
}

export function buildBasicFourInfo(profile: CardProfile): Uint8Array {
  const h = profile.holder;
  return withFiller(
    encodeIndexedRecord([
      [0xdf22, new TextEncoder().encode(h.name)],
      [0xdf23, new TextEncoder().encode(h.address)],
      [0xdf24, compactDate(h.birthDate)],
      [0xdf25, ascii(SEX_DIGIT[h.sex])],
    ]),
  );
}

/** Deterministic bytes standing for data only J-LIS can make (encrypted 照合番号, key hashes). */
export function opaque(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, block = 0; i < length; block++) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    out.set(digest.subarray(0, Math.min(32, length - i)), i);
    i += 32;
  }
  return out;
}

const sha256 = (...parts: Uint8Array[]) => new Uint8Array(createHash('sha256').update(concat(...parts)).digest());

/** DigestInfo(SHA-256) around 96 bytes: the card face's signature covers three hashes at once (MC). */
function digestInfoOfThree(hashes: Uint8Array): Uint8Array {
  return concat(Uint8Array.from([0x30, 0x71, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x60]), hashes);
}

/**
 * 券面AP EF 0002, the card face (card-protocol.md §2.2). DF24 is the card key's public half; DF28 is the
 * issuer's PKCS#1 v1.5 signature over a DigestInfo holding the SHA-256 of [DF22..DF24], [DF25..DF26]
 * and [DF27] (MC); DF29 and DF2A are not covered. The name, address and code images are placeholders,
 * the photo is the profile's PNG (ours: docs/card.md).
 */
export function buildCardFace(profile: CardProfile, photo: Uint8Array, cardKey: KeyObject, issuerKey: KeyObject): Uint8Array {
  const items: Array<[number, Uint8Array]> = [
    [0xdf22, compactDate(profile.holder.birthDate)],
    [0xdf23, ascii(SEX_DIGIT[profile.holder.sex])],
    [0xdf24, encodeCardPublicKey(cardKey)],
    [0xdf25, renderPlaceholderImage(96, 24)],
    [0xdf26, renderPlaceholderImage(160, 24)],
    [0xdf27, photo],
  ];
  const tlv = items.map(([tag, value]) => encodeTlv(tag, value));
  const hashes = concat(sha256(tlv[0]!, tlv[1]!, tlv[2]!), sha256(tlv[3]!, tlv[4]!), sha256(tlv[5]!));
  const signature = new Uint8Array(privateEncrypt({ key: issuerKey, padding: constants.RSA_PKCS1_PADDING }, digestInfoOfThree(hashes)));
  return withFiller(
    encodeIndexedRecord([
      ...items,
      [0xdf28, signature],
      [0xdf29, compactDate(profile.card.expiry)],
      [0xdf2a, renderPlaceholderImage(48, 16)],
    ]),
  );
}

/** 共通カードAP EF 0001 record 1: 01 1C + card serial (15) + municipality (5) + expiry YYYYMMDD. */
export function buildCommonRecord(profile: CardProfile): Uint8Array {
  return Uint8Array.of(0x01, 0x1c, ...ascii(`${profile.card.serial}${profile.card.municipalityCode}${profile.card.expiry.replaceAll('-', '')}`));
}

/** EF 0008: which certificates the card holds, sign then auth (8F = present, 00 = absent), then 00. */
export function buildCertificatePresence(hasSign: boolean): Uint8Array {
  return Uint8Array.of(hasSign ? 0x8f : 0x00, 0x8f, 0x00);
}
