/**
 * A certificate's serial as the project writes it (profiles, the seed, links, visit records): upper-case
 * hex without DER's sign-padding zero byte. The reader and the service must agree on it.
 */
export function normalizeSerial(hex: string): string {
  let s = hex.toUpperCase().replace(/[^0-9A-F]/g, '');
  while (s.length > 2 && s.startsWith('00') && parseInt(s[2]!, 16) >= 8) s = s.slice(2);
  return s;
}
