import type { Sex } from '../../jpki/Sex.ts';
import { CardError } from '../card/CardError.ts';

export type { Sex };

/** 性別 as the card stores it: ISO 5218 digits ('1' 男性, '2' 女性, '9' 適用不能). */
const SEX_BY_DIGIT: Record<string, Sex> = { '1': 'male', '2': 'female', '9': 'notApplicable' };
export const SEX_DIGIT: Record<Sex, string> = { male: '1', female: '2', notApplicable: '9' };

export function parseSexDigit(text: string, what: string): Sex {
  const sex = SEX_BY_DIGIT[text];
  if (!sex) throw new CardError('MALFORMED_RESPONSE', `${what}: sex code ${JSON.stringify(text)} is not 1, 2 or 9.`);
  return sex;
}

/** "YYYYMMDD" → "YYYY-MM-DD", rejecting dates that do not exist. */
export function parseCardDate(text: string, what: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const iso = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  if (!match || Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso) {
    throw new CardError('MALFORMED_RESPONSE', `${what}: ${JSON.stringify(text)} is not a date YYYYMMDD.`);
  }
  return iso;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeCardText(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new CardError('MALFORMED_RESPONSE', `${what}: not valid UTF-8.`, { cause });
  }
}
