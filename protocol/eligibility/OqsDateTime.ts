/** Dates as the real result writes them: Japan time (UTC+9, no daylight saving), digits only. */
const JST_OFFSET_MS = 9 * 3_600_000;

function jstParts(at: Date): string {
  // ISO of the instant shifted to JST: "YYYY-MM-DDThh:mm:ss.sssZ" read as local Japan time.
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString();
}

/** The calendar day in Japan, YYYY-MM-DD: qualifications start and end on Japanese days. */
export function jstDay(at: Date): string {
  return jstParts(at).slice(0, 10);
}

/** YYYYMMDD in Japan time. */
export function formatOqsDate(at: Date): string {
  return jstDay(at).replaceAll('-', '');
}

/** YYYYMMDDhhmmss in Japan time. */
export function formatOqsDateTime(at: Date): string {
  const s = jstParts(at);
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}`;
}

/** "1980-02-17" → "19800217". */
export function isoDateToOqs(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/** "19800217" → "1980-02-17". */
export function oqsDateToIso(oqsDate: string): string {
  return `${oqsDate.slice(0, 4)}-${oqsDate.slice(4, 6)}-${oqsDate.slice(6, 8)}`;
}
