/** The renewal notice starts, and the grace ends, this many calendar months from the expiry (card-protocol.md §4). */
export const NOTICE_AND_GRACE_MONTHS = 3;

/** Where a certificate stands on its dates alone; the card reader and the service both use it. */
export type DateStanding = 'valid' | 'expiringSoon' | 'expiredInGrace' | 'expiredBeyondGrace' | 'notYetValid';

/** Japan Standard Time, UTC+9 all year: the days the rules count are Japanese calendar days. */
const JST_MS = 9 * 3_600_000;

/** `at` moved by calendar months on the Japanese calendar (a JPKI certificate ends at 23:59:59 JST). */
function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime() + JST_MS);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // Clamp to the month's last day: 3 months after 11-30 is 02-28, not 03-02.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return new Date(d.getTime() - JST_MS);
}

/**
 * Where a 利用者証明用電子証明書 stands on its dates alone. A certificate ends at 23:59:59 JST of its last
 * day (14:59:59Z); the notice starts with the JST day after the same day 3 months earlier, and the grace
 * runs to the end of the same JST day 3 months later. The grace counts from the moment of expiry; one
 * source counts from the end of that month instead (card-protocol.md §4). Ours is the stricter.
 */
export function classifyCertificateDates(notBefore: Date, notAfter: Date, now: Date): DateStanding {
  if (now < notBefore) return 'notYetValid';
  if (now <= notAfter) return now > addMonths(notAfter, -NOTICE_AND_GRACE_MONTHS) ? 'expiringSoon' : 'valid';
  return now <= addMonths(notAfter, NOTICE_AND_GRACE_MONTHS) ? 'expiredInGrace' : 'expiredBeyondGrace';
}
