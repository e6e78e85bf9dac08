/**
 * Where the PIN's digits stand in `text` as a value of their own, or -1. Not a leak: the digits inside a
 * longer number (a millisecond timestamp such as 1796137588063 once held 8063), or inside a run of 16 or
 * more hex digits and dashes (a hash, a signature, a UUID: the service's store, shared by the whole suite,
 * holds thousands; any 4 digits turn up there by chance, about once in 65 000). The PIN's ASCII hex (an
 * APDU dump) is searched for separately, anywhere.
 */
export function pinFoundAt(text: string, pin: string): number {
  for (let at = text.indexOf(pin); at >= 0; at = text.indexOf(pin, at + 1)) {
    const before = at > 0 ? text[at - 1]! : '';
    const after = text[at + pin.length] ?? '';
    if (/[0-9]/.test(before) || /[0-9]/.test(after)) continue;
    let from = at;
    let to = at + pin.length;
    while (from > 0 && /[0-9a-fA-F-]/.test(text[from - 1]!)) from--;
    while (to < text.length && /[0-9a-fA-F-]/.test(text[to]!)) to++;
    if (to - from < 16) return at;
  }
  return -1;
}
