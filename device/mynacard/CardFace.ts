import { CardError } from '../card/CardError.ts';
import { decodeCardText, parseCardDate, parseSexDigit, type Sex } from './CardHolder.ts';
import { checkOffsetTable, tagList } from './offsetTable.ts';
import { expectOuterTlv, parseTlvList } from './tlv.ts';

/** The 券面事項確認AP card face (EF 0002): what the kiosk compares the patient's face with. */
export interface CardFace {
  birthDate: string;
  sex: Sex;
  /** 顔写真 as stored on the card. Real cards hold greyscale JPEG 2000; the simulator stores PNG (see docs/hardware.md). */
  photo: Uint8Array;
  nameImage: Uint8Array;
  addressImage: Uint8Array;
  /** カードの有効期限, ISO YYYY-MM-DD. */
  cardExpiry: string;
}

export const CARD_FACE_TAGS = [0xdf22, 0xdf23, 0xdf24, 0xdf25, 0xdf26, 0xdf27, 0xdf28, 0xdf29, 0xdf2a] as const;

export function parseCardFace(file: Uint8Array): CardFace {
  const what = '券面事項';
  const outer = expectOuterTlv(file, 0xff20, what);
  const [table, ...items] = parseTlvList(outer.value, what);
  if (!table || table.tag !== 0xdf21 || items.length !== CARD_FACE_TAGS.length || items.some((item, i) => item.tag !== CARD_FACE_TAGS[i])) {
    throw new CardError('MALFORMED_RESPONSE', `${what}: expected DF21..DF2A in order, found ${tagList(table ? [table, ...items] : [])}.`);
  }
  checkOffsetTable(table, items, outer.valueOffset, what);
  const v = items.map((item) => item.value);
  return {
    birthDate: parseCardDate(decodeCardText(v[0]!, `${what} 生年月日`), `${what} 生年月日`),
    sex: parseSexDigit(decodeCardText(v[1]!, `${what} 性別`), what),
    nameImage: v[3]!.slice(),
    addressImage: v[4]!.slice(),
    photo: v[5]!.slice(),
    cardExpiry: parseCardDate(decodeCardText(v[7]!, `${what} 有効期限`), `${what} 有効期限`),
  };
}
