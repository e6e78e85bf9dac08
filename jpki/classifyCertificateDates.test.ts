import { describe, expect, it } from 'vitest';
import { classifyCertificateDates } from './classifyCertificateDates.ts';

const notBefore = new Date('2021-06-15T00:00:00Z');
const notAfter = new Date('2026-06-15T23:59:59Z');

describe('classifyCertificateDates', () => {
  it('is valid until 3 calendar months before expiry, then expiring soon until the expiry itself', () => {
    expect(classifyCertificateDates(notBefore, notAfter, new Date('2026-03-15T23:59:58Z'))).toBe('valid');
    expect(classifyCertificateDates(notBefore, notAfter, new Date('2026-03-16T00:00:00Z'))).toBe('expiringSoon');
    expect(classifyCertificateDates(notBefore, notAfter, notAfter)).toBe('expiringSoon');
  });

  it('is in its grace for 3 calendar months after expiry, and beyond it after that', () => {
    expect(classifyCertificateDates(notBefore, notAfter, new Date('2026-06-16T00:00:00Z'))).toBe('expiredInGrace');
    expect(classifyCertificateDates(notBefore, notAfter, new Date('2026-09-15T23:59:59Z'))).toBe('expiredInGrace');
    expect(classifyCertificateDates(notBefore, notAfter, new Date('2026-09-16T00:00:00Z'))).toBe('expiredBeyondGrace');
  });

  it('counts months by the calendar, clamping to the month’s last day (3 months after 11-30 is 02-28)', () => {
    const end = new Date('2025-11-30T12:00:00Z');
    expect(classifyCertificateDates(notBefore, end, new Date('2026-02-28T12:00:00Z'))).toBe('expiredInGrace');
    expect(classifyCertificateDates(notBefore, end, new Date('2026-02-28T12:00:01Z'))).toBe('expiredBeyondGrace');
  });

  it('is not yet valid before its start', () => {
    expect(classifyCertificateDates(notBefore, notAfter, new Date('2021-06-14T23:59:59Z'))).toBe('notYetValid');
  });

  describe('on the JST end of day, as the certificates end (23:59:59 JST = 14:59:59Z)', () => {
    const end = new Date('2026-06-15T23:59:59+09:00');
    const at = (jst: string) => classifyCertificateDates(notBefore, end, new Date(`${jst}+09:00`));

    it('gives the renewal notice from the first JST day within 3 months, not before', () => {
      expect(at('2026-03-15T23:59:59')).toBe('valid');
      expect(at('2026-03-16T00:00:00')).toBe('expiringSoon');
    });

    it('is expired from 00:00 JST of the day after the last day, and not a second before', () => {
      expect(at('2026-06-15T23:59:59')).toBe('expiringSoon');
      expect(at('2026-06-16T00:00:00')).toBe('expiredInGrace');
    });

    it('ends the grace with the last JST day 3 months on', () => {
      expect(at('2026-09-15T23:59:59')).toBe('expiredInGrace');
      expect(at('2026-09-16T00:00:00')).toBe('expiredBeyondGrace');
    });

    it('clamps on the Japanese calendar: a card ending 2025-11-30 JST is in its grace through 2026-02-28 JST', () => {
      const november = new Date('2025-11-30T23:59:59+09:00');
      expect(classifyCertificateDates(notBefore, november, new Date('2026-02-28T23:59:59+09:00'))).toBe('expiredInGrace');
      expect(classifyCertificateDates(notBefore, november, new Date('2026-03-01T00:00:00+09:00'))).toBe('expiredBeyondGrace');
    });
  });
});
