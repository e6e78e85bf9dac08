import { createHash } from 'node:crypto';
import { SEX_DIGIT } from '../../device/mynacard/CardHolder.ts';
import { encodeTlv } from '../../device/mynacard/tlv.ts';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import { encodeIndexedRecord } from './encodeIndexedRecord.ts';
import { renderPlaceholderImage } from './renderPlaceholderImage.ts';

const ascii = (text: string) => new TextEncoder().encode(text);
const compactDate = (iso: string) => ascii(iso.replaceAll('-', ''));

/** Real cards pad files with FF after the TLV object (card-protocol.md §1.6). */
function withFiller(object: Uint8Array, filler = 16): Uint8Array {
  const out = new Uint8Array(object.length + filler).fill(0xff);
  out.set(object);
  return out;
}

function padded(text: string, length: number): Uint8Array {
  return ascii(text.padEnd(length, ' ').slice(0, length));
}

/** EF 0006: a 160-byte PKCS#11 CK_TOKEN_INFO whose first 32 bytes are the space-padded label. */
export function buildTokenInfo(label: string): Uint8Array {
  const out = new Uint8Array(160);
  out.set(padded(label, 32), 0);
  out.set(padded('JPKI SIMULATOR', 32), 32);
  out.set(padded('MYNA-KIOSK SIM', 16), 64);
  out.set(padded('0000000000000000', 16), 80);
  return out;
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

/** Deterministic filler bytes standing for data only J-LIS can make (keys, signatures). */
function opaque(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, block = 0; i < length; block++) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    out.set(digest.subarray(0, Math.min(32, length - i)), i);
    i += 32;
  }
  return out;
}

/**
 * 券面AP EF 0002. Name, address and security-code images, the J-LIS public key and signature are
 * placeholders (the real ones are J-LIS's); the photo is the profile's.
 */
export function buildCardFace(profile: CardProfile, photo: Uint8Array): Uint8Array {
  const seed = profile.card.serial;
  const publicKey = new Uint8Array([...encodeTlv(0x90, Uint8Array.of(1, 0, 1)), ...encodeTlv(0x91, opaque(`${seed}:key`, 256))]);
  return withFiller(
    encodeIndexedRecord([
      [0xdf22, compactDate(profile.holder.birthDate)],
      [0xdf23, ascii(SEX_DIGIT[profile.holder.sex])],
      [0xdf24, publicKey],
      [0xdf25, renderPlaceholderImage(96, 24)],
      [0xdf26, renderPlaceholderImage(160, 24)],
      [0xdf27, photo],
      [0xdf28, opaque(`${seed}:signature`, 256)],
      [0xdf29, compactDate(profile.card.expiry)],
      [0xdf2a, renderPlaceholderImage(48, 16)],
    ]),
  );
}

/** 共通カードAP EF 0001 record 1: 01 1C + card serial (15) + municipality (5) + expiry YYYYMMDD. */
export function buildCommonRecord(profile: CardProfile): Uint8Array {
  return Uint8Array.of(0x01, 0x1c, ...ascii(`${profile.card.serial}${profile.card.municipalityCode}${profile.card.expiry.replaceAll('-', '')}`));
}

/** EF 0008: which certificates the card holds (8F = present, 00 = absent). */
export function buildCertificatePresence(hasSign: boolean): Uint8Array {
  return Uint8Array.of(hasSign ? 0x8f : 0x00, 0x8f, 0x00);
}
