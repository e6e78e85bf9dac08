import { ScanError, type CardFaceField, type CardFaceScan } from '../cardFace/CardFaceScanner.ts';
import { JAPANESE_ERAS, parseJapaneseDate } from '../../jpki/JapaneseDate.ts';
import type { RecognisedLine } from './recogniseLine.ts';

/** What OCR read off the three fields, before anything is believed: one or more passes per field. */
export type CardFaceReading = Record<CardFaceField, readonly RecognisedLine[]>;

export interface AcceptanceRules {
  /** Mean word confidence a field needs (default 60: accepted fields read 66–97, refused ones 0–47; research §2.4). */
  minConfidence?: number;
  /**
   * Accept a 西暦-printed card whose 有効期限 is not on the birthday: foreign residents' cards end with
   * the period of stay. Off by default: the birthday check is what keeps a misread digit out, and a
   * refused scan falls back to staff entry.
   */
  allowResidencePeriodExpiry?: boolean;
}

/** How each field is named to a person (the staff view shows the message). */
export const FIELD_LABEL: Record<CardFaceField, string> = { birthDate: '生年月日', cardExpiry: '有効期限', securityCode: 'セキュリティコード' };

const ERA_NAMES = JAPANESE_ERAS.map((e) => e.name) as string[];

/**
 * Believe an OCR reading only when all of these hold (research §2.3), else ScanError UNREADABLE naming
 * the first field that failed (in card order) and listing every reason:
 * - each field parses: a date through parseJapaneseDate (which also refuses a date outside its era,
 *   e.g. 昭和64年1月8日 or 平成31年5月1日), the code as exactly four digits;
 * - each field's mean confidence is at least `minConfidence` in every pass;
 * - a field read in several passes (the dates, at two upscales) reads the same in each: tesseract's
 *   Japanese model once read a clear 「2029」 as 「2023」 with confidence 65 at one scale and right at
 *   the other, and a misread at one scale is rarely repeated at another;
 * - the card expires on a birthday: the 10th (or 5th) birthday after issue, so month and day equal the
 *   birth date's. Exceptions: born 29 February, expiring 28 February of a common year; a 西暦-printed
 *   birth date also allows one month later (the next-generation card moves the expiry to a month after
 *   the birthday) and, with `allowResidencePeriodExpiry`, any date (foreign residents).
 * Nothing is corrected or guessed: a wrong 照合番号B costs the patient one of the card's tries.
 */
export function acceptCardFaceReading(reading: CardFaceReading, rules: AcceptanceRules = {}): CardFaceScan {
  const minConfidence = rules.minConfidence ?? 60;
  const problems: Array<{ field: CardFaceField; why: string }> = [];
  const text = (field: CardFaceField) => reading[field][0]?.text.replace(/\s+/g, '') ?? '';
  const quoted = (field: CardFaceField) => (text(field) ? `read "${text(field)}"` : 'nothing read');

  const birthDate = parseJapaneseDate(text('birthDate'));
  const printedInEra = ERA_NAMES.some((era) => text('birthDate').startsWith(era));
  if (!birthDate || !/生$/.test(text('birthDate'))) problems.push({ field: 'birthDate', why: `${FIELD_LABEL.birthDate} unreadable (${quoted('birthDate')})` });
  const cardExpiry = parseJapaneseDate(text('cardExpiry'));
  if (!cardExpiry || !/まで有効$/.test(text('cardExpiry')) || cardExpiry < '2016-01-01') problems.push({ field: 'cardExpiry', why: `${FIELD_LABEL.cardExpiry} unreadable (${quoted('cardExpiry')})` });
  const securityCode = /^\d{4}$/.test(text('securityCode')) ? text('securityCode') : null;
  if (!securityCode) problems.push({ field: 'securityCode', why: `${FIELD_LABEL.securityCode} unreadable (${quoted('securityCode')})` });

  for (const field of ['birthDate', 'cardExpiry', 'securityCode'] as const) {
    const passes = reading[field];
    const texts = [...new Set(passes.map((p) => p.text.replace(/\s+/g, '')))];
    if (texts.length > 1) problems.push({ field, why: `${FIELD_LABEL[field]} read differently in two passes (${texts.map((t) => `"${t}"`).join(' / ')})` });
    const confidence = Math.min(...passes.map((p) => p.confidence));
    if (text(field) && confidence < minConfidence) problems.push({ field, why: `${FIELD_LABEL[field]} read with confidence ${Math.round(confidence)} (< ${minConfidence})` });
  }
  if (birthDate && cardExpiry && !expiresOnBirthday(birthDate, cardExpiry, { printedInEra, allowResidencePeriodExpiry: rules.allowResidencePeriodExpiry ?? false })) {
    problems.push({ field: 'cardExpiry', why: `${FIELD_LABEL.cardExpiry} ${cardExpiry} is not on a birthday of ${birthDate}` });
  }
  if (problems.length > 0) {
    const order: CardFaceField[] = ['birthDate', 'cardExpiry', 'securityCode'];
    const first = [...problems].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))[0]!;
    throw new ScanError('UNREADABLE', `The card face cannot be read: ${problems.map((p) => p.why).join('; ')}.`, { field: first.field });
  }
  return { birthDate: birthDate!, cardExpiry: cardExpiry!, securityCode: securityCode! };
}

function expiresOnBirthday(birth: string, expiry: string, card: { printedInEra: boolean; allowResidencePeriodExpiry: boolean }): boolean {
  if (expiry <= birth) return false;
  const monthDay = expiry.slice(5);
  if (monthDay === birth.slice(5)) return true;
  if (birth.slice(5) === '02-29' && monthDay === '02-28') return true;
  if (card.printedInEra) return false;
  if (monthDay === oneMonthLater(birth).slice(5)) return true;
  return card.allowResidencePeriodExpiry;
}

/** The same day a month later, or the month's last day when it has no such day (1 月 31 日 → 2 月 28/29 日). */
function oneMonthLater(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}
