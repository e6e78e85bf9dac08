import { CardError } from '../card/CardError.ts';

/** One BER-TLV object found in a byte string. `start` / `end` index the whole object. */
export interface Tlv {
  tag: number;
  /** Offset of the tag in the buffer that was parsed. */
  start: number;
  /** Offset of the value in the buffer that was parsed. */
  valueOffset: number;
  value: Uint8Array;
  end: number;
}

function malformed(what: string, message: string): CardError {
  return new CardError('MALFORMED_RESPONSE', `${what}: ${message}`);
}

/**
 * Header of a BER-TLV at `offset`: the tag (1–3 bytes) and the definite length (short form or
 * 81/82/83 long form). Everything is bounds-checked against `bytes`; `what` names the object for the error.
 */
export function parseTlvHeader(bytes: Uint8Array, offset: number, what: string): { tag: number; headerLength: number; length: number } {
  let i = offset;
  const byte = (): number => {
    if (i >= bytes.length) throw malformed(what, `header truncated at byte ${i} of ${bytes.length}`);
    return bytes[i++]!;
  };
  let tag = byte();
  if ((tag & 0x1f) === 0x1f) {
    let more = true;
    let tagBytes = 1;
    while (more) {
      const b = byte();
      tag = (tag << 8) | b;
      more = (b & 0x80) !== 0;
      if (++tagBytes > 3) throw malformed(what, 'tag longer than 3 bytes');
    }
  }
  const first = byte();
  let length: number;
  if (first < 0x80) length = first;
  else if (first === 0x80) throw malformed(what, 'indefinite length is not allowed');
  else {
    const n = first & 0x7f;
    if (n > 3) throw malformed(what, `length field of ${n} bytes`);
    length = 0;
    for (let k = 0; k < n; k++) length = (length << 8) | byte();
  }
  return { tag, headerLength: i - offset, length };
}

export function parseTlv(bytes: Uint8Array, offset: number, what: string): Tlv {
  const header = parseTlvHeader(bytes, offset, what);
  const valueOffset = offset + header.headerLength;
  const end = valueOffset + header.length;
  if (end > bytes.length) {
    throw malformed(what, `length ${header.length} at offset ${offset} runs past the data (${bytes.length - valueOffset} bytes left)`);
  }
  return { tag: header.tag, start: offset, valueOffset, value: bytes.subarray(valueOffset, end), end };
}

/** Parse consecutive TLVs that exactly fill `bytes` (no trailing garbage inside a constructed value). */
export function parseTlvList(bytes: Uint8Array, what: string): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tlv = parseTlv(bytes, offset, what);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** The outer TLV of a file, which must carry `tag`; filler after it (FF / 00 on real cards) is ignored. */
export function expectOuterTlv(bytes: Uint8Array, tag: number, what: string): Tlv {
  const tlv = parseTlv(bytes, 0, what);
  if (tlv.tag !== tag) throw malformed(what, `expected tag ${tag.toString(16).toUpperCase()}, found ${tlv.tag.toString(16).toUpperCase()}`);
  return tlv;
}

/**
 * A BER-TLV as the card builds its own files: a length below 128 in one byte, otherwise `82 HH LL`,
 * even for 128–255 (text 0005 is `FF 40 82 00 9F`, MYNA's test bytes; MC writes `DF 33 82 01 00`).
 */
export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes = tag > 0xffff ? [tag >> 16, (tag >> 8) & 0xff, tag & 0xff] : tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const n = value.length;
  const lengthBytes = n < 0x80 ? [n] : n <= 0xffff ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(tagBytes.length + lengthBytes.length + n);
  out.set(tagBytes, 0);
  out.set(lengthBytes, tagBytes.length);
  out.set(value, tagBytes.length + lengthBytes.length);
  return out;
}
