import { LinkageError } from '../LinkageError.ts';

/**
 * 個人番号の検査用数字 (総務省令 第5条): P_n is the n-th of the first 11 digits counted from the right,
 * Q_n = n + 1 for n ≤ 6 and n − 5 above; r = Σ P_n·Q_n mod 11; the check digit is 0 when r ≤ 1, else 11 − r.
 */
export function myNumberCheckDigit(first11: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n += 1) sum += Number(first11[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

export function isValidMyNumber(myNumber: string): boolean {
  return /^\d{12}$/.test(myNumber) && myNumberCheckDigit(myNumber.slice(0, 11)) === Number(myNumber[11]);
}

/** The 12-digit My Number for an 11-digit base (0 … 10^11 − 1). */
export function myNumberFromBase(base: number): string {
  if (!Number.isInteger(base) || base < 0 || base >= 1e11) throw new LinkageError('MY_NUMBER_INVALID', `A My Number base must be an integer below 10^11, got ${base}.`);
  const first11 = String(base).padStart(11, '0');
  return `${first11}${myNumberCheckDigit(first11)}`;
}
