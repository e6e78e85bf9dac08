/**
 * A small DER writer for the X.509 pieces the JPKI profiles need byte for byte (names with chosen string
 * types, directoryName distribution points, otherName SANs, policies with a CPS), which the certificate
 * library would otherwise encode its own way.
 */
/** DER bytes, on a plain ArrayBuffer (what WebCrypto and the certificate library take). */
export type Der = Uint8Array<ArrayBuffer>;

const concat = (parts: Uint8Array[]): Der => Uint8Array.from(Buffer.concat(parts));

function length(n: number): Der {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...content: Uint8Array[]): Der {
  const value = concat(content);
  return concat([Uint8Array.of(tag), length(value.length), value]);
}

export const sequence = (...items: Uint8Array[]) => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]) => tlv(0x31, ...items);
export const utf8 = (text: string) => tlv(0x0c, new TextEncoder().encode(text));
export const printable = (text: string) => tlv(0x13, new TextEncoder().encode(text));
export const ia5 = (text: string) => tlv(0x16, new TextEncoder().encode(text));
export const boolean = (value: boolean) => tlv(0x01, Uint8Array.of(value ? 0xff : 0x00));
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
/** A context-specific tag: `constructed` for EXPLICIT and for IMPLICIT over a constructed type. */
export const context = (n: number, constructed: boolean, ...content: Uint8Array[]) => tlv(0x80 | (constructed ? 0x20 : 0) | n, ...content);

export function oid(dotted: string): Der {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export const ATTRIBUTE = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', L: '2.5.4.7', CN: '2.5.4.3' } as const;

/** One attribute per RDN, in order; C as PrintableString, the rest UTF8String (the J-LIS roots do so). */
export type NameParts = Array<[keyof typeof ATTRIBUTE, string]>;

export function name(parts: NameParts): Der {
  return sequence(...parts.map(([type, value]) => set(sequence(oid(ATTRIBUTE[type]), type === 'C' ? printable(value) : utf8(value)))));
}

/** RFC 4514 text of a name (most specific first), as a repository key and in messages. */
export function nameText(parts: NameParts): string {
  return [...parts]
    .reverse()
    .map(([type, value]) => `${type}=${value.replace(/([,+"\\<>;=])/g, '\\$1')}`)
    .join(',');
}

/** GeneralName directoryName [4] (EXPLICIT: Name is a CHOICE). */
export const directoryName = (parts: NameParts) => context(4, true, name(parts));

/** cRLDistributionPoints / issuingDistributionPoint's DistributionPointName fullName [0] with one directoryName. */
export const fullNameDirectory = (parts: NameParts) => context(0, true, directoryName(parts));
