import iconv from 'iconv-lite';

/**
 * The two encodings of the file interface, as OQSCD005 文字コード識別 (CharacterCodeIdentifier) names them:
 * 0 UTF-8, 1 Shift_JIS. "Shift_JIS" on these files means Windows cp932, which is what the .NET clinic
 * software writes (research/terminal-files.md §2); iconv-lite's `shift_jis` is that table.
 */
export type FileEncoding = 'utf-8' | 'shift_jis';

export const CHARACTER_CODE_IDENTIFIER: Record<FileEncoding, '0' | '1'> = { 'utf-8': '0', shift_jis: '1' };

export function encodingOfIdentifier(identifier: '0' | '1'): FileEncoding {
  return identifier === '1' ? 'shift_jis' : 'utf-8';
}

/** The name the XML declaration gives each encoding, as every public writer spells it. */
export const DECLARED_NAME: Record<FileEncoding, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };

/**
 * cp932 and strict Shift_JIS (JIS X 0208, what glibc and so xmllint read) give these six characters the
 * same bytes but different code points: written as bytes, a strict reader would read another character.
 * Found by encoding every JIS X 0208 character with iconv-lite and reading it back with glibc (the test
 * `FileEncoding.test.ts` repeats that check).
 */
const CP932_ONLY_MAPPINGS = new Set(['\u2225', '\uff0d', '\uff5e', '\uffe0', '\uffe1', '\uffe2']);

/** Lead bytes of JIS X 0208's rows in Shift_JIS: 81–84 (rows 1–8) and 88–9F, E0–EA (rows 16–84). */
function isJisX0208Lead(byte: number): boolean {
  return (byte >= 0x81 && byte <= 0x84) || (byte >= 0x88 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xea);
}

const safeCache = new Map<string, Buffer | null>();

/**
 * The bytes of one character in a Shift_JIS file when both a cp932 reader (.NET, iconv-lite) and a strict
 * Shift_JIS reader (glibc, xmllint) read them back as that same character; null when they would not.
 * Null covers what cp932 cannot encode at all (𠮷, 鷗: iconv-lite would write '?' silently), the cp932
 * extensions (髙 FB FC, 﨑 FA B1, ①, ㈱: a strict reader fails on them), the six characters above, and
 * `\` and `~` (a strict reader reads 5C and 7E as ¥ and ‾).
 */
export function strictShiftJisBytes(ch: string): Buffer | null {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return cp === 0x5c || cp === 0x7e ? null : Buffer.from([cp]);
  // JIS X 0201 half-width katakana, one byte in both tables.
  if (cp >= 0xff61 && cp <= 0xff9f) return Buffer.from([cp - 0xff61 + 0xa1]);
  let bytes = safeCache.get(ch);
  if (bytes === undefined) {
    const encoded = iconv.encode(ch, 'shift_jis');
    bytes = encoded.length === 2 && isJisX0208Lead(encoded[0]!) && !CP932_ONLY_MAPPINGS.has(ch) ? encoded : null;
    safeCache.set(ch, bytes);
  }
  return bytes;
}

/**
 * A whole XML document (declaration included) as the bytes of a file. UTF-8 is written without a BOM, as
 * the real terminal's files are. Shift_JIS: every character a strict reader and a cp932 reader would not
 * both read back unchanged is written as a numeric character reference (&#x9AD9; for 髙), so the file is
 * lossless and well-formed for either, and no character is ever replaced by '?'. Only use it on a
 * document whose markup is ASCII and whose non-ASCII text is element content (ours always are).
 */
export function encodeXmlDocument(text: string, encoding: FileEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let ascii = '';
  for (const ch of text) {
    const bytes = strictShiftJisBytes(ch);
    if (bytes && bytes.length === 1 && bytes[0]! < 0x80) {
      ascii += ch;
      continue;
    }
    if (ascii) parts.push(Buffer.from(ascii, 'latin1'));
    ascii = '';
    parts.push(bytes ?? Buffer.from(`&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`, 'latin1'));
  }
  if (ascii) parts.push(Buffer.from(ascii, 'latin1'));
  return Buffer.concat(parts);
}
