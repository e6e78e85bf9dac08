/**
 * A command APDU as the card's OS sees it: ISO 7816-4 short and extended forms (cases 1–4). The
 * client side (device/card/Apdu.ts) sends short APDUs only, but outside tools send extended ones
 * (GET DATA of the 563-byte CV certificate, `80 A2` with a 307-byte CV certificate), and the card
 * accepts them (AP information byte 1 = 03 in MC's `data.rs`: extended Lc and Le).
 */
export interface CardCommand {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length: 1–256 short (00 = 256), 1–65536 extended (0000 = 65536). Absent: no Le. */
  le?: number;
  /** Lc or Le was given in the extended (3- or 2-byte) form. */
  extended: boolean;
}

/** Parse raw bytes; undefined when they are no well-formed APDU (the card answers 6700). */
export function parseCardCommand(raw: Uint8Array): CardCommand | undefined {
  if (raw.length < 4) return undefined;
  const [cla, ins, p1, p2] = [raw[0]!, raw[1]!, raw[2]!, raw[3]!];
  const body = raw.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2, extended: false };
  if (body.length === 1) return { cla, ins, p1, p2, le: body[0]! || 256, extended: false };
  if (body[0] !== 0) {
    // short Lc
    const lc = body[0]!;
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.slice(1), extended: false };
    if (body.length === 2 + lc) return { cla, ins, p1, p2, data: body.slice(1, 1 + lc), le: body[1 + lc]! || 256, extended: false };
    return undefined;
  }
  // extended: 00 then 2 bytes
  if (body.length < 3) return undefined;
  const n = (body[1]! << 8) | body[2]!;
  if (body.length === 3) return { cla, ins, p1, p2, le: n || 65536, extended: true };
  if (n === 0) return undefined;
  if (body.length === 3 + n) return { cla, ins, p1, p2, data: body.slice(3), extended: true };
  if (body.length === 5 + n) {
    const le = (body[3 + n]! << 8) | body[4 + n]!;
    return { cla, ins, p1, p2, data: body.slice(3, 3 + n), le: le || 65536, extended: true };
  }
  return undefined;
}
