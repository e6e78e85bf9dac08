import { JAPANESE_ERAS } from '../../jpki/JapaneseDate.ts';
import type { CardProfile } from '../cardProfile/CardProfile.ts';

/** What the card front prints, as text (the photo aside). */
export interface CardFrontText {
  name: string;
  addr1: string;
  addr2: string;
  birth: string;
  sex: string;
  exp: string;
  /** 製造番号: 16 digits in groups of four. */
  serial: string;
  code: string;
}

/** Month and day as the card prints them: right-aligned in two places (「 2月17日」). */
const monthDay = (iso: string) => `${String(Number(iso.slice(5, 7))).padStart(2, ' ')}月${String(Number(iso.slice(8, 10))).padStart(2, ' ')}日`;

/** 「昭和55年 2月17日生」 (和暦; 元年 for the first year) or 「1980年 2月17日生」 (西暦). */
export function printedBirthDate(iso: string, calendar: CardProfile['card']['birthDateCalendar']): string {
  if (calendar === '西暦') return `${iso.slice(0, 4)}年${monthDay(iso)}生`;
  const era = JAPANESE_ERAS.find((e) => iso >= e.start) ?? JAPANESE_ERAS[4];
  const year = Number(iso.slice(0, 4)) - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${year === 1 ? '元' : String(year).padStart(2, ' ')}年${monthDay(iso)}生`;
}

/** 「2035年 2月17日まで有効」: the expiry is always 西暦. */
export function printedExpiry(iso: string): string {
  return `${iso.slice(0, 4)}年${monthDay(iso)}まで有効`;
}

/**
 * The 16-digit 製造番号 printed above the セキュリティコード. The simulated chip does not carry one, so it is
 * derived from the card serial (plus a check digit) only for the print: it is there because real cards
 * print it right above the code, and an OCR crop must keep it out.
 */
export function manufacturingNumber(serial: string): string {
  const check = [...serial].reduce((sum, d, i) => sum + Number(d) * (i % 2 ? 3 : 1), 0) % 10;
  return `${serial}${check}`.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Two lines of at most 16 characters, as the card breaks a long address: after the city or ward when it can. */
function splitAddress(address: string): [string, string] {
  const LINE = 16;
  if (address.length <= LINE) return [address, ''];
  const breaks = [...address.slice(0, LINE).matchAll(/[市区町村郡]/g)].map((m) => m.index + 1);
  const cut = breaks.at(-1) ?? LINE;
  return [address.slice(0, cut), address.slice(cut)];
}

const SEX_PRINTED: Record<CardProfile['holder']['sex'], string> = { male: '男', female: '女', notApplicable: '' };

export function cardFrontText(profile: CardProfile): CardFrontText {
  const { holder, card } = profile;
  const [addr1, addr2] = splitAddress(holder.address);
  return {
    name: holder.name,
    addr1,
    addr2,
    birth: printedBirthDate(holder.birthDate, card.birthDateCalendar),
    sex: SEX_PRINTED[holder.sex] ? `性別 ${SEX_PRINTED[holder.sex]}` : '',
    exp: printedExpiry(card.expiry),
    serial: manufacturingNumber(card.serial),
    code: card.securityCode,
  };
}
