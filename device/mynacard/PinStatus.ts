/**
 * What the card says about a PIN, as data: a wrong PIN is an answer, not an exception.
 * - `verified`: VERIFY succeeded.
 * - `wrong`: VERIFY failed; `triesLeft` from 63Cx (0 means this try blocked it).
 * - `tries`: the empty VERIFY query; `triesLeft` from 63Cx (0 means blocked).
 * - `blocked`: 6984, the key is not usable any more; only the municipal office can reset it.
 * - `notReported`: the query answered 9000 (some cards do after a successful VERIFY).
 * - `noLimit`: 6300, a key without retry counter.
 * - `notSet`: the key has no PIN at all (顔認証マイナンバーカード). How such cards answer is not
 *   public; our simulated card answers the empty query with 6984, which a blocked key never does
 *   (blocked keys answer the query with 63C0). Our choice, see docs/hardware.md.
 */
export type PinStatus =
  | { kind: 'verified' }
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'tries'; triesLeft: number }
  | { kind: 'blocked' }
  | { kind: 'notReported' }
  | { kind: 'noLimit' }
  | { kind: 'notSet' };
