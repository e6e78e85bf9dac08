import iconv from 'iconv-lite';
import { RequestRejection } from '../files/RequestRejection.ts';
import type { FileEncoding } from './FileEncoding.ts';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Every label a clinic's software is seen to write for the two encodings (case-insensitive). */
const LABELS: Record<string, FileEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  'x-sjis': 'shift_jis',
  'windows-31j': 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
};

export interface DecodedXmlFile {
  text: string;
  encoding: FileEncoding;
  bom: boolean;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/**
 * A request file's bytes as text, in the encoding its XML declaration names (UTF-8 when it names none, as
 * XML says). A UTF-8 BOM is accepted and dropped. Refused as WRONG_ENCODING, with the line where it shows:
 * an encoding other than UTF-8 and Shift_JIS (cp932), bytes that are not valid in the declared encoding,
 * a BOM that contradicts the declaration, and a file declared Shift_JIS whose non-ASCII bytes are all
 * valid UTF-8 (the commonest mistake: the declaration copied, the file written by a UTF-8 writer).
 */
export function decodeXmlFile(bytes: Buffer): DecodedXmlFile {
  const bom = bytes.subarray(0, 3).equals(UTF8_BOM);
  const body = bom ? bytes.subarray(3) : bytes;
  if ((body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe) || body[0] === 0x00 || body[1] === 0x00) {
    throw new RequestRejection('WRONG_ENCODING', 'UTF-16 のファイルです。UTF-8 または Shift_JIS で書いてください');
  }
  const head = body.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/i.exec(head)?.[1];
  const encoding = declared === undefined ? 'utf-8' : LABELS[declared.toLowerCase()];
  if (!encoding) throw new RequestRejection('WRONG_ENCODING', `encoding="${declared}" には対応していません`);
  if (bom && encoding !== 'utf-8') throw new RequestRejection('WRONG_ENCODING', `UTF-8 の BOM がありますが、宣言は encoding="${declared}" です`);
  if (encoding === 'utf-8') {
    const text = body.toString('utf8');
    const bad = text.indexOf('\ufffd');
    if (bad >= 0 && !Buffer.from(text, 'utf8').equals(body)) throw new RequestRejection('WRONG_ENCODING', `${lineOf(text, bad)}行目: UTF-8 として読めないバイトがあります（Shift_JIS で書かれていませんか）`);
    return { text, encoding, bom };
  }
  const nonAscii = body.some((b) => b >= 0x80);
  if (nonAscii && Buffer.from(body.toString('utf8'), 'utf8').equals(body)) {
    throw new RequestRejection('WRONG_ENCODING', `encoding="${declared}" と宣言されていますが、中身は UTF-8 です`);
  }
  const text = iconv.decode(body, 'shift_jis');
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) throw new RequestRejection('WRONG_ENCODING', `${lineOf(text, bad)}行目: Shift_JIS として読めないバイトがあります`);
  return { text, encoding, bom };
}
