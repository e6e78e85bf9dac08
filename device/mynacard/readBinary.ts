import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { SW, formatSw } from '../card/Apdu.ts';
import { transmitApdu } from './transmitApdu.ts';
import { parseTlvHeader } from './tlv.ts';

/** Offsets travel in P1 P2 with P1's top bit reserved for short EF ids, so 15 bits are usable. */
const MAX_OFFSET = 0x7fff;
/** MYNA reads 7 bytes first: enough for any header this card uses (FF20 83 xx xx xx is 6). */
const HEADER_PROBE = 7;

/** READ BINARY at `offset` of the current EF, `le` 1..256. A short answer is legal at end of file. */
export async function readBinary(channel: CardChannel, offset: number, le: number, what: string): Promise<Uint8Array> {
  if (offset > MAX_OFFSET) throw new CardError('MALFORMED_RESPONSE', `${what}: offset ${offset} is beyond what READ BINARY can address.`);
  const response = await transmitApdu(channel, { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le });
  if (response.sw !== SW.OK) {
    const code = response.sw === SW.SECURITY_STATUS_NOT_SATISFIED ? 'SECURITY_STATUS_NOT_SATISFIED' : response.sw === SW.WRONG_OFFSET ? 'MALFORMED_RESPONSE' : 'UNEXPECTED_STATUS';
    throw new CardError(code, `${what}: READ BINARY at offset ${offset} answered ${formatSw(response.sw)}.`, { sw: response.sw });
  }
  return response.data;
}

/**
 * Read the whole BER-TLV object that fills the current EF: the header first, then the rest in
 * chunks of at most 256 bytes (Le 00), as MYNA's read_binary_all does. Real cards return short
 * reads at end of file and filler after the object; the object's own length decides where to stop.
 */
export async function readTlvFile(channel: CardChannel, what: string): Promise<Uint8Array> {
  const head = await readBinary(channel, 0, HEADER_PROBE, what);
  const header = parseTlvHeader(head, 0, what);
  const total = header.headerLength + header.length;
  if (total > MAX_OFFSET + 256) throw new CardError('MALFORMED_RESPONSE', `${what}: a length of ${total} bytes is more than a card file can hold.`);
  const out = new Uint8Array(total);
  out.set(head.subarray(0, Math.min(head.length, total)));
  let got = Math.min(head.length, total);
  while (got < total) {
    const want = Math.min(256, total - got);
    const chunk = await readBinary(channel, got, want, what);
    if (chunk.length === 0) throw new CardError('MALFORMED_RESPONSE', `${what}: the file ended after ${got} of ${total} bytes.`);
    out.set(chunk.subarray(0, want), got);
    got += Math.min(chunk.length, want);
  }
  return out;
}
