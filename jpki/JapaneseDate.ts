/**
 * Dates as a マイナンバーカード prints them: 生年月日 in 和暦 (「昭和55年 2月17日生」) on cards of people born
 * before 令和 and some later ones, or in 西暦 (newer cards print 「1980年 2月17日生」); the expiry in 西暦
 * (「2035年 2月17日まで有効」). Staff and the OCR both turn what they read into ISO dates here.
 */
export const JAPANESE_ERAS = [
  { name: '令和', letter: 'R', start: '2019-05-01' },
  { name: '平成', letter: 'H', start: '1989-01-08' },
  { name: '昭和', letter: 'S', start: '1926-12-25' },
  { name: '大正', letter: 'T', start: '1912-07-30' },
  { name: '明治', letter: 'M', start: '1868-10-23' },
] as const;

const FULL_WIDTH = /[０-９]/g;
const toHalfWidth = (s: string) => s.replace(FULL_WIDTH, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * An ISO date from what is printed or typed: `1980-02-17`, `1980年2月17日`, `昭和55年2月17日`, `S55.2.17`,
 * `昭和元年…`, full-width digits, spaces anywhere. Null when it is no date (or the era's year does not exist).
 */
export function parseJapaneseDate(text: string): string | null {
  const t = toHalfWidth(text).replace(/\s+/g, '').replace(/元年/g, '1年');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(生|まで有効)?$/.exec(t);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(令和|平成|昭和|大正|明治|[RHSTMrhstm])(\d{1,2})[年.](\d{1,2})[月.](\d{1,2})日?(生)?$/.exec(t);
  if (!m) return null;
  const index = JAPANESE_ERAS.findIndex((e) => e.name === m![1] || e.letter === m![1]!.toUpperCase());
  const era = JAPANESE_ERAS[index]!;
  const iso = isoOf(Number(era.start.slice(0, 4)) + Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  // Within the era (昭和1年1月1日 was still 大正; 昭和64年2月1日 was already 平成).
  const next = JAPANESE_ERAS[index - 1];
  return iso && iso >= era.start && (!next || iso < next.start) ? iso : null;
}

/** ISO → 「昭和55年2月17日」, as the card prints a 和暦 birth date. */
export function formatJapaneseDate(iso: string): string {
  const era = JAPANESE_ERAS.find((e) => iso >= e.start) ?? JAPANESE_ERAS[4];
  const year = Number(iso.slice(0, 4)) - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${year === 1 ? '元' : year}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}
