import { CardError } from '../card/CardError.ts';
import type { Tlv } from './tlv.ts';

/**
 * The DF21 offset table of the text-AP and card-face files: one big-endian u16 per following item,
 * counted from the start of the file to the item's tag. It must agree with where the items are.
 */
export function checkOffsetTable(table: Tlv, items: Tlv[], outerValueOffset: number, what: string): void {
  if (table.value.length !== items.length * 2) {
    throw new CardError('MALFORMED_RESPONSE', `${what}: offset table is ${table.value.length} bytes for ${items.length} items.`);
  }
  items.forEach((item, i) => {
    const stated = (table.value[i * 2]! << 8) | table.value[i * 2 + 1]!;
    const actual = outerValueOffset + item.start;
    if (stated !== actual) throw new CardError('MALFORMED_RESPONSE', `${what}: offset table entry ${i} says ${stated}, the item is at ${actual}.`);
  });
}

export function encodeOffsetTable(offsets: number[]): Uint8Array {
  const out = new Uint8Array(offsets.length * 2);
  offsets.forEach((o, i) => {
    out[i * 2] = o >> 8;
    out[i * 2 + 1] = o & 0xff;
  });
  return out;
}

export function tagList(items: Tlv[]): string {
  return items.map((i) => i.tag.toString(16).toUpperCase()).join(' ');
}
