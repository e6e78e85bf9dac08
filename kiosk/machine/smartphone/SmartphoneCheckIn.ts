import type { OutageCase } from '../../protocol/OutageCase.ts';

/** Android or iPhone: the patient's choice on the reader (the phone's own token label must agree). */
export type PhoneKind = 'androidPhone' | 'iPhone';

/** What reading the phone over the smartphone reader gave (the runtime keeps certificate and signature itself). */
export type PhoneReadOutcome =
  /** Certificate read, the challenge signed: Android after its PIN, iPhone after Face ID on the phone. */
  | { outcome: 'signed' }
  /** Android: the スマホ用利用者証明用 PIN was wrong; nothing was read. */
  | { outcome: 'pinWrong'; triesLeft: number }
  | { outcome: 'pinBlocked' }
  /** iPhone: the phone would not sign (no Face ID / Touch ID before the tap). */
  | { outcome: 'notAuthenticated' }
  /** The phone certificate is past its end: no grace for a phone (KB0012286). */
  | { outcome: 'expired' };

/**
 * How the smartphone check-in ends, for the kiosk statechart that invoked it:
 * - identified: on to consent and the query, with the identity method the service is told;
 * - useCard: the patient gives up on the phone (not read; or the facility's advice) and places the card;
 * - pinBlocked: the phone's PIN is locked: staff (card, 資格確認書, マイナポータル);
 * - outage: an outage case (a phone credential expired is 3-2, as an expired card certificate; the reader gone 3-1);
 * - cancelled / timedOut: as for a card.
 */
export type SmartphoneCheckInOutput =
  | { outcome: 'identified'; kind: PhoneKind; identityMethod: 'pin' | 'device' }
  | { outcome: 'useCard' }
  | { outcome: 'pinBlocked' }
  | { outcome: 'outage'; outageCase: OutageCase }
  | { outcome: 'cancelled' }
  | { outcome: 'timedOut' };

/** Waits of the smartphone branch (ours: no public numbers). */
export const SMARTPHONE_TIMEOUTS = {
  /** How long the reader waits for the phone to be held over it before it says it read nothing (NFC off, wrong place). */
  PHONE_TAP: 20_000,
  /** A short message ("hold it again", "wrong phone kind") before the step it returns to. */
  PHONE_MESSAGE: 4_000,
} as const;
