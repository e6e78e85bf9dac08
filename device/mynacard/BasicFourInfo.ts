import { CardError } from '../card/CardError.ts';
import { decodeCardText, parseCardDate, parseSexDigit, type Sex } from './CardHolder.ts';
import { checkOffsetTable, tagList } from './offsetTable.ts';
import { expectOuterTlv, parseTlvList } from './tlv.ts';

/** 基本4情報 of the 券面事項入力補助AP (EF 0002): what the card face says, as text. */
export interface BasicFourInfo {
  /** 氏名; family and given name separated by U+3000. May contain ● for characters outside JIS. */
  name: string;
  /** 住所; block numbers in full-width digits as printed. */
  address: string;
  /** 生年月日, ISO YYYY-MM-DD (Gregorian). */
  birthDate: string;
  sex: Sex;
}

export const BASIC_FOUR_INFO_TAGS = [0xdf22, 0xdf23, 0xdf24, 0xdf25] as const;

/** Strict parse: outer FF20, DF21 offset table, then DF22 氏名, DF23 住所, DF24 生年月日, DF25 性別 in order. */
export function parseBasicFourInfo(file: Uint8Array): BasicFourInfo {
  const what = '基本4情報';
  const outer = expectOuterTlv(file, 0xff20, what);
  const [table, ...items] = parseTlvList(outer.value, what);
  if (!table || table.tag !== 0xdf21 || items.length !== 4 || items.some((item, i) => item.tag !== BASIC_FOUR_INFO_TAGS[i])) {
    throw new CardError('MALFORMED_RESPONSE', `${what}: expected DF21 DF22 DF23 DF24 DF25, found ${tagList(table ? [table, ...items] : [])}.`);
  }
  checkOffsetTable(table, items, outer.valueOffset, what);
  const [name, address, birth, sex] = items.map((item) => item.value) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  return {
    name: decodeCardText(name, `${what} 氏名`),
    address: decodeCardText(address, `${what} 住所`),
    birthDate: parseCardDate(decodeCardText(birth, `${what} 生年月日`), `${what} 生年月日`),
    sex: parseSexDigit(decodeCardText(sex, `${what} 性別`), what),
  };
}
