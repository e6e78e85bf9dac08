import { createHash } from 'node:crypto';

/**
 * The check digit of a 個人番号 (番号法施行令 第8条): P_n is the n-th of the 11 digits counted from the
 * right, Q_n = n + 1 for n ≤ 6 and n − 5 above; the digit is 11 − (ΣP_nQ_n mod 11), or 0 when the
 * remainder is 0 or 1.
 */
export function myNumberCheckDigit(first11: string): number {
  if (!/^\d{11}$/.test(first11)) throw new RangeError('a 個人番号 has 11 digits before its check digit');
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(first11[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/**
 * The simulated card's 個人番号: 11 digits drawn from the card serial, then the legal check digit, so a
 * checker accepts it and the same card always carries the same number. Test data, nobody's number. The
 * kiosk never reads it (docs/card.md); it exists so the card answers as a real one does.
 */
export function deriveMyNumber(cardSerial: string): string {
  const digest = createHash('sha256').update(`myna-kiosk 個人番号 ${cardSerial}`).digest();
  const first11 = Array.from(digest.subarray(0, 11), (b) => String(b % 10)).join('');
  return `${first11}${myNumberCheckDigit(first11)}`;
}
