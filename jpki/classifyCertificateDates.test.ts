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
});
