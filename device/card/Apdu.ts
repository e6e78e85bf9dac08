import { CardError } from './CardError.ts';

/** An ISO 7816-4 command APDU. Only short APDUs: the マイナンバーカード needs nothing longer. */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length; 256 is encoded as 00. Absent means no Le (case 1 or 3). */
  le?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  PIN_BLOCKED: 0x6984,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  DATA_NOT_AVAILABLE: 0x6a88,
  WRONG_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_RETRY_COUNTER: 0x6300,
} as const;

export function encodeCommandApdu(command: CommandApdu): Uint8Array {
  const data = command.data ?? new Uint8Array(0);
  if (data.length > 255) throw new RangeError(`APDU data of ${data.length} bytes needs an extended APDU`);
  if (command.le !== undefined && (command.le < 1 || command.le > 256)) throw new RangeError(`Le ${command.le} out of range`);
  const bytes = [command.cla, command.ins, command.p1, command.p2];
  if (data.length > 0) bytes.push(data.length, ...data);
  if (command.le !== undefined) bytes.push(command.le & 0xff);
  return Uint8Array.from(bytes);
}

/** Parse raw command bytes (as a card sees them). Returns undefined when the bytes are no valid short APDU. */
export function parseCommandApdu(raw: Uint8Array): CommandApdu | undefined {
  if (raw.length < 4) return undefined;
  const [cla, ins, p1, p2] = raw as unknown as [number, number, number, number];
  if (raw.length === 4) return { cla, ins, p1, p2 };
  const lc = raw[4]!;
  if (raw.length === 5) return { cla, ins, p1, p2, le: lc === 0 ? 256 : lc };
  if (lc === 0) return undefined; // extended length: not used by this card
  if (raw.length === 5 + lc) return { cla, ins, p1, p2, data: raw.slice(5, 5 + lc) };
  if (raw.length === 6 + lc) {
    const le = raw[5 + lc]!;
    return { cla, ins, p1, p2, data: raw.slice(5, 5 + lc), le: le === 0 ? 256 : le };
  }
  return undefined;
}

export function parseResponseApdu(raw: Uint8Array): ResponseApdu {
  if (raw.length < 2) {
    throw new CardError('MALFORMED_RESPONSE', `The card answered ${raw.length} byte(s); a response needs at least the 2-byte status word.`);
  }
  return { data: raw.slice(0, raw.length - 2), sw: (raw[raw.length - 2]! << 8) | raw[raw.length - 1]! };
}

export function encodeResponseApdu(response: ResponseApdu): Uint8Array {
  const out = new Uint8Array(response.data.length + 2);
  out.set(response.data);
  out[out.length - 2] = response.sw >> 8;
  out[out.length - 1] = response.sw & 0xff;
  return out;
}

export function formatSw(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

export function toHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(separator);
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not a hex string: ${hex}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}
