import { encodeTlv } from '../../device/mynacard/tlv.ts';
import { encodeOffsetTable } from '../../device/mynacard/offsetTable.ts';

/** The layout of text-AP EF 0002 and card-face EF 0002: FF20 { DF21 offset table, items… }. */
export function encodeIndexedRecord(items: Array<[tag: number, value: Uint8Array]>): Uint8Array {
  const encoded = items.map(([tag, value]) => encodeTlv(tag, value));
  const tableLength = encodeTlv(0xdf21, new Uint8Array(items.length * 2)).length;
  const innerLength = tableLength + encoded.reduce((n, e) => n + e.length, 0);
  const outerHeader = encodeTlv(0xff20, new Uint8Array(innerLength)).length - innerLength;
  const offsets: number[] = [];
  let at = outerHeader + tableLength;
  for (const e of encoded) {
    offsets.push(at);
    at += e.length;
  }
  const inner = new Uint8Array(innerLength);
  inner.set(encodeTlv(0xdf21, encodeOffsetTable(offsets)));
  let pos = tableLength;
  for (const e of encoded) {
    inner.set(e, pos);
    pos += e.length;
  }
  return encodeTlv(0xff20, inner);
}
