/** The renewal notice starts, and the grace ends, this many calendar months from the expiry (card-protocol.md §4). */
export const NOTICE_AND_GRACE_MONTHS = 3;

/** Where a certificate stands on its dates alone; the card reader and the service both use it. */
export type DateStanding = 'valid' | 'expiringSoon' | 'expiredInGrace' | 'expiredBeyondGrace' | 'notYetValid';

function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // Clamp to the month's last day: 3 months after 11-30 is 02-28, not 03-02.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * Where a 利用者証明用電子証明書 stands on its dates alone. The grace counts from the moment of expiry;
 * one source counts from the end of that month instead (card-protocol.md §4). Ours is the stricter.
 */
export function classifyCertificateDates(notBefore: Date, notAfter: Date, now: Date): DateStanding {
  if (now < notBefore) return 'notYetValid';
  if (now <= notAfter) return now >= addMonths(notAfter, -NOTICE_AND_GRACE_MONTHS) ? 'expiringSoon' : 'valid';
  return now <= addMonths(notAfter, NOTICE_AND_GRACE_MONTHS) ? 'expiredInGrace' : 'expiredBeyondGrace';
}
