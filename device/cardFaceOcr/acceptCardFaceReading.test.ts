import { describe, expect, it } from 'vitest';
import { ScanError } from '../cardFace/CardFaceScanner.ts';
import { acceptCardFaceReading, type CardFaceReading } from './acceptCardFaceReading.ts';

const line = (text: string, confidence = 90) => ({ text, confidence });
function reading(birth: string, expiry: string, code: string, confidence = 90): CardFaceReading {
  return { birthDate: [line(birth, confidence), line(birth, confidence)], cardExpiry: [line(expiry, confidence), line(expiry, confidence)], securityCode: [line(code, confidence)] };
}

function refusal(r: CardFaceReading, rules = {}): ScanError {
  try {
    acceptCardFaceReading(r, rules);
  } catch (error) {
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).code).toBe('UNREADABLE');
    return error as ScanError;
  }
  return expect.unreachable('it should have been refused');
}

describe('acceptCardFaceReading: what OCR read is believed only when every rule holds', () => {
  it('accepts a 和暦 or 西暦 birth date, spaces as tesseract splits them, 元年, and gives ISO dates', () => {
    expect(acceptCardFaceReading(reading('昭和 55 年 2 月 17 日 生', '2035 年 2 月 17 日 まで 有効', '2285'))).toEqual({ birthDate: '1980-02-17', cardExpiry: '2035-02-17', securityCode: '2285' });
    expect(acceptCardFaceReading(reading('1992年11月3日生', '2034年11月3日まで有効', '4083')).birthDate).toBe('1992-11-03');
    expect(acceptCardFaceReading(reading('平成元年1月8日生', '2029年1月8日まで有効', '0691')).birthDate).toBe('1989-01-08');
  });

  it('refuses a date that does not exist in its era, naming 生年月日', () => {
    expect(refusal(reading('昭和64年1月8日生', '2029年1月8日まで有効', '0691')).field).toBe('birthDate');
    expect(refusal(reading('平成31年5月1日生', '2029年5月1日まで有効', '0691')).field).toBe('birthDate');
    expect(refusal(reading('昭和55年2月30日生', '2035年2月28日まで有効', '2285')).field).toBe('birthDate');
  });

  it('refuses a code that is not exactly four digits, and a field read with too little confidence', () => {
    expect(refusal(reading('昭和55年2月17日生', '2035年2月17日まで有効', '228')).field).toBe('securityCode');
    const lowConfidence = reading('昭和55年2月17日生', '2035年2月17日まで有効', '2285');
    lowConfidence.securityCode = [line('2285', 47)];
    const error = refusal(lowConfidence);
    expect(error.field).toBe('securityCode');
    expect(error.message).toMatch(/confidence 47/);
  });

  it('refuses a field whose two passes disagree (a digit misread at one scale)', () => {
    const r = reading('昭和55年2月17日生', '2029年1月16日まで有効', '2285');
    r.cardExpiry = [line('2023年1月16日まで有効'), line('2029年1月16日まで有効')];
    const error = refusal(r);
    expect(error.field).toBe('cardExpiry');
    expect(error.message).toMatch(/read differently in two passes/);
  });

  it('refuses an expiry that is not on a birthday, with the documented exceptions', () => {
    expect(refusal(reading('昭和55年2月17日生', '2035年3月17日まで有効', '2285')).field).toBe('cardExpiry');
    // Born on 29 February: the card ends on 28 February in a common year.
    expect(acceptCardFaceReading(reading('昭和55年2月29日生', '2035年2月28日まで有効', '2285')).cardExpiry).toBe('2035-02-28');
    // The next-generation card (西暦 birth date) expires a month after the birthday; a 和暦 card may not.
    expect(acceptCardFaceReading(reading('1980年2月17日生', '2035年3月17日まで有効', '2285')).cardExpiry).toBe('2035-03-17');
    // Foreign residents' cards (西暦) end with the period of stay: only when the kiosk is told to accept them.
    expect(refusal(reading('1980年2月17日生', '2031年9月30日まで有効', '2285')).field).toBe('cardExpiry');
    expect(acceptCardFaceReading(reading('1980年2月17日生', '2031年9月30日まで有効', '2285'), { allowResidencePeriodExpiry: true }).cardExpiry).toBe('2031-09-30');
    expect(refusal(reading('昭和55年2月17日生', '2031年9月30日まで有効', '2285'), { allowResidencePeriodExpiry: true }).field).toBe('cardExpiry');
  });

  it('names the first field in card order and lists every reason when several fail', () => {
    const error = refusal(reading('', '2035年2月17日まで', ''));
    expect(error.field).toBe('birthDate');
    expect(error.message).toMatch(/生年月日 unreadable \(nothing read\).*有効期限 unreadable.*セキュリティコード unreadable/);
  });
});
