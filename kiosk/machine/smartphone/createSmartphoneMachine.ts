import { assign, fromPromise, setup } from 'xstate';
import { faultCodeOf, KioskFault, type KioskFaultCode } from '../KioskFault.ts';
import { KIOSK_TIMEOUTS } from '../kioskTimeouts.ts';
import { SMARTPHONE_TIMEOUTS, type PhoneKind, type PhoneReadOutcome, type SmartphoneCheckInOutput } from './SmartphoneCheckIn.ts';

/**
 * Events of the smartphone branch: the patient's choices on the reader, and the smartphone reader's
 * own reports (a phone entered its field, left it).
 */
export type SmartphoneEvent =
  | { type: 'phone.kindChosen'; kind: PhoneKind }
  | { type: 'phone.presented' }
  | { type: 'phone.removed' }
  | { type: 'phone.retry' }
  | { type: 'phone.useCard' }
  | { type: 'result.acknowledged' }
  | { type: 'cancel' }
  | { type: 'reader.detached' };

export interface SmartphoneContext {
  kind: PhoneKind | null;
  /** Tries left on the Android phone's PIN after a wrong one; null before any. */
  pinTriesLeft: number | null;
}

function notProvided<Output, Input = void>(name: string) {
  return fromPromise<Output, Input>(async () => {
    throw new KioskFault('TERMINAL_FAULT', `The runtime did not provide the ${name} actor.`);
  });
}

const outputOf = <T>(event: unknown) => (event as { output: T }).output;
const faultIs = (code: KioskFaultCode) => ({ guard: ({ event }: { event: unknown }) => faultCodeOf((event as { error?: unknown }).error) === code });
const readIs = (outcome: PhoneReadOutcome['outcome']) => ({ guard: ({ event }: { event: unknown }) => outputOf<PhoneReadOutcome>(event).outcome === outcome });
const end = (output: SmartphoneCheckInOutput) => ({ type: 'final' as const, output });

/**
 * The smartphone マイナ保険証 at the reader, as a statechart of its own that the kiosk statechart invokes
 * (so it merges onto any rework of the card path). The MHLW order (医療保険部会 2025-08-28): choose
 * スマートフォン, then iPhone or Android; Android: the 4-digit スマホ用利用者証明用 PIN on the face reader;
 * iPhone: Face ID / Touch ID on the phone itself; then the phone is held over the smartphone reader, which
 * reads its certificate and has it sign the service's challenge at once (a phone stays in the field 1–2 s).
 * Consent follows on the face reader, in the invoking chart. The failure paths: the phone leaves the field
 * (hold it again; the PIN is kept for this visit only), nothing read in PHONE_TAP (NFC / おサイフケータイ off),
 * a card or the other kind of phone on the smartphone reader, the phone's PIN wrong or locked, an iPhone
 * not authenticated, an expired phone credential (no grace: 3-2), the reader gone (3-1).
 */
export const smartphoneMachineSetup = setup({
  types: {
    context: {} as SmartphoneContext,
    events: {} as SmartphoneEvent,
    output: {} as SmartphoneCheckInOutput,
  },
  actors: {
    /** Android: waits for the keypad and keeps the PIN in memory for this visit's tap(s) only; never stored, never in the machine. */
    awaitPhonePin: notProvided<void>('awaitPhonePin'),
    /** Reads the phone on the smartphone reader and has it sign the challenge. */
    readPhone: notProvided<PhoneReadOutcome, { kind: PhoneKind }>('readPhone'),
  },
  delays: { ...KIOSK_TIMEOUTS, ...SMARTPHONE_TIMEOUTS },
  guards: {
    isAndroid: ({ event }) => event.type === 'phone.kindChosen' && event.kind === 'androidPhone',
  },
});

/** Every step: the patient cancels; the smartphone reader goes away (3-1). */
const exits = { cancel: '#smartphone.cancelled', 'reader.detached': '#smartphone.readerGone' } as const;

export function createSmartphoneMachine() {
  return smartphoneMachineSetup.createMachine({
    id: 'smartphone',
    initial: 'choosingKind',
    context: { kind: null, pinTriesLeft: null },
    output: ({ event }) => (event as unknown as { output: SmartphoneCheckInOutput }).output,
    states: {
      choosingKind: {
        on: {
          'phone.kindChosen': [
            { guard: 'isAndroid', target: 'enteringPin', actions: assign({ kind: 'androidPhone' as const }) },
            { target: 'waitingForPhone', actions: assign({ kind: 'iPhone' as const }) },
          ],
          'phone.useCard': 'useCard',
          ...exits,
        },
        after: { METHOD_CHOICE: 'timedOut' },
      },
      enteringPin: {
        // Android only: the PIN is typed before the tap (the phone hands out its certificate only after it).
        invoke: { id: 'awaitPhonePin', src: 'awaitPhonePin', onDone: 'waitingForPhone', onError: 'cancelled' },
        on: exits,
        after: { PIN_ENTRY: 'timedOut' },
      },
      waitingForPhone: {
        on: { 'phone.presented': 'readingPhone', ...exits },
        after: { PHONE_TAP: 'notRead' },
      },
      notRead: {
        // 「スマートフォンを読み取れませんでした。NFC（おサイフケータイ）をオンにして、もう一度かざしてください」
        on: { 'phone.retry': 'waitingForPhone', 'phone.useCard': 'useCard', ...exits },
        after: { METHOD_CHOICE: 'timedOut' },
      },
      readingPhone: {
        invoke: {
          id: 'readPhone',
          src: 'readPhone',
          input: ({ context }) => ({ kind: context.kind ?? 'iPhone' }),
          onDone: [
            { ...readIs('signed'), target: 'identified' },
            { ...readIs('pinWrong'), target: 'pinWrong', actions: assign({ pinTriesLeft: ({ event }) => (event.output as Extract<PhoneReadOutcome, { outcome: 'pinWrong' }>).triesLeft }) },
            { ...readIs('pinBlocked'), target: 'pinBlocked' },
            { ...readIs('notAuthenticated'), target: 'notAuthenticated' },
            { target: 'expired' },
          ],
          onError: [
            { ...faultIs('CARD_REMOVED'), target: 'phoneRemoved' },
            { ...faultIs('CARD_ON_PHONE_READER'), target: 'cardOnPhoneReader' },
            { ...faultIs('WRONG_PHONE_KIND'), target: 'wrongKind' },
            { ...faultIs('READER_UNAVAILABLE'), target: 'readerGone' },
            // Anything else the phone answered is "not read": hold it again, or use the card.
            { target: 'notRead' },
          ],
        },
        on: { 'phone.removed': 'phoneRemoved', ...exits },
        after: { CARD_READ: 'notRead' },
      },
      phoneRemoved: {
        // 「もう一度かざしてください」: the PIN typed is kept for this visit.
        after: { PHONE_MESSAGE: 'waitingForPhone' },
        on: exits,
      },
      cardOnPhoneReader: {
        // 「マイナンバーカードは顔認証付きカードリーダーに置いてください」
        after: { PHONE_MESSAGE: 'useCard' },
        on: exits,
      },
      wrongKind: {
        // 「選択した機種と異なります」: back to iPhone / Android.
        after: { PHONE_MESSAGE: 'choosingKind' },
        on: exits,
      },
      pinWrong: {
        after: { PIN_WRONG_DISPLAY: 'enteringPin' },
        on: exits,
      },
      notAuthenticated: {
        // 「iPhoneでFace IDを行ってから、もう一度かざしてください」
        after: { PHONE_MESSAGE: 'waitingForPhone' },
        on: exits,
      },
      pinBlocked: {
        // 「スマホ用電子証明書の暗証番号がロックされています」: マイナポータルアプリ to re-issue; staff help now.
        on: { 'result.acknowledged': 'pinLocked', ...exits },
        after: { REFERRAL_DISPLAY: 'pinLocked' },
      },
      expired: {
        // 「スマートフォンのマイナ保険証は利用できません。マイナンバーカードでの受付をお願いします」 (no grace for a phone).
        on: { 'result.acknowledged': 'credentialExpired', ...exits },
        after: { NOTICE_DISPLAY: 'credentialExpired' },
      },
      identified: {
        type: 'final',
        output: ({ context }): SmartphoneCheckInOutput =>
          context.kind === 'androidPhone' ? { outcome: 'identified', kind: 'androidPhone', identityMethod: 'pin' } : { outcome: 'identified', kind: 'iPhone', identityMethod: 'device' },
      },
      useCard: end({ outcome: 'useCard' }),
      pinLocked: end({ outcome: 'pinBlocked' }),
      credentialExpired: end({ outcome: 'outage', outageCase: 'cardDefect' }),
      readerGone: end({ outcome: 'outage', outageCase: 'readerFault' }),
      cancelled: end({ outcome: 'cancelled' }),
      timedOut: end({ outcome: 'timedOut' }),
    },
  });
}

export type SmartphoneMachine = ReturnType<typeof createSmartphoneMachine>;
