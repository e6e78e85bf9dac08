/**
 * 照合番号B (card-protocol.md §2.3): birth date as 和暦 YYMMDD, the card's expiry year (4 digits,
 * Gregorian), and the 4-digit security code printed on the card face. The reader builds it from a
 * scan of the card face; it opens the card-face photo without the patient's PIN.
 */
const ERAS = [
  { start: '2019-05-01' },
  { start: '1989-01-08' },
  { start: '1926-12-25' },
  { start: '1912-07-30' },
  { start: '1868-10-23' },
] as const;

export function japaneseEraYear(isoDate: string): number {
  const era = ERAS.find((e) => isoDate >= e.start);
  if (!era) throw new RangeError(`${isoDate} is before the 明治 era`);
  return Number(isoDate.slice(0, 4)) - Number(era.start.slice(0, 4)) + 1;
}

export function deriveVerificationCodeB(birthDate: string, cardExpiry: string, securityCode: string): string {
  if (!/^\d{4}$/.test(securityCode)) throw new RangeError('the security code is 4 digits');
  const yy = String(japaneseEraYear(birthDate) % 100).padStart(2, '0');
  return `${yy}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${cardExpiry.slice(0, 4)}${securityCode}`;
}
