import { z } from 'zod';
import { CodedError } from '../../foundation/CodedError.ts';
import type { EligibilityKind, EligibilitySummary } from './EligibilityOutcome.ts';
import { CardFaceFieldsSchema, type CardFaceItems } from './UiEvent.ts';

/**
 * The マイナ資格確認アプリ (staff smartphone app, 2024-10; the counter's 3-1 fallback since 2025-04) as a page of
 * our screens (`#/staffApp`): a staff device enrolled with a 12-digit activation code the 資格確認端末 issues,
 * reading the card through a reader of its own, identity by the patient's PIN or by 目視, consent, the query.
 * What it sends comes in a `staffApp` frame (UiFrame.ts), from the staffApp role only.
 */

/** 12 digits, as the real app's 利用登録 asks (the code's lifetime and single use are ours: ACTIVATION_CODE_TTL_MS). */
export const ActivationCodeSchema = z.string().regex(/^\d{12}$/, '12 digits');

/** The staff member who compared the face (recorded on the attestation as who confirmed by 目視). */
const confirmedBy = z.string().trim().min(1).max(40);

export const StaffAppCommandSchema = z.discriminatedUnion('type', [
  /** 利用登録: the code the 資格確認端末 issued. */
  z.object({ type: z.literal('enrol'), code: ActivationCodeSchema }).strict(),
  /** 「暗証番号で確認」: the patient types the 4-digit 利用者証明用 PIN on the app page next. */
  z.object({ type: z.literal('identity.pin') }).strict(),
  /** The patient's PIN: straight to the card on the app's reader, never logged, stored or sent elsewhere. */
  z.object({ type: z.literal('pin'), pin: z.string().regex(/^\d{4}$/) }).strict(),
  /** 「目視で確認」: the card face's three fields (照合番号B) so the card gives its photo (our stand-in for the app's camera). */
  z.object({ type: z.literal('identity.visual'), fields: CardFaceFieldsSchema }).strict(),
  /** Staff compared the face with the card photo: the same person (and who looked). */
  z.object({ type: z.literal('visual.confirmed'), confirmedBy }).strict(),
  /** Staff compared: not the same person. */
  z.object({ type: z.literal('visual.refused') }).strict(),
  /** The patient's answer to the app's one consent question (診療・薬剤・手術・健診の情報). */
  z.object({ type: z.literal('consent'), agree: z.boolean() }).strict(),
  /** 「次の患者さん」 / 「やり直す」: back to waiting for a card. */
  z.object({ type: z.literal('reset') }).strict(),
]);
export type StaffAppCommand = z.infer<typeof StaffAppCommandSchema>;

/**
 * Where the app's flow is: notEnrolled (only 利用登録 offered), noReader (the device has no reader attached),
 * waitingForCard, readingCard, choosingIdentity, enteringPin, checkingPin, comparingFace, askingConsent,
 * querying, showingResult, failed (what went wrong in `problem`; 「やり直す」 starts again).
 */
export const STAFF_APP_STEPS = ['notEnrolled', 'noReader', 'waitingForCard', 'readingCard', 'choosingIdentity', 'enteringPin', 'checkingPin', 'comparingFace', 'askingConsent', 'querying', 'showingResult', 'failed'] as const;
export type StaffAppStep = (typeof STAFF_APP_STEPS)[number];

/** What the app page shows (the staffApp role) and the 資格確認端末 sees of it (the staff role). */
export interface StaffAppView {
  enrolled: boolean;
  /** When this device was enrolled, ISO. */
  enrolledAt: string | null;
  step: StaffAppStep;
  /** What went wrong last, in words a person can act on (a wrong code, a wrong PIN, a removed card). */
  problem: { code: StaffAppErrorCode; message: string } | null;
  /** After a wrong PIN: tries left on the card. */
  pinTriesLeft: number | null;
  /** The card accepts this device's authentication: 目視 is possible (otherwise PIN only). */
  visualPossible: boolean;
  /** The card photo while staff compare it (data: URL), never otherwise. */
  photo: string | null;
  /** The card face's 4 items, once the photo was read. */
  cardFace: CardFaceItems | null;
  /** The answer, once the query is done. */
  result: { kind: EligibilityKind; summary: EligibilitySummary | null; identityMethod: 'pin' | 'visual' } | null;
}

/** An activation code as the 資格確認端末 shows it once (staff role only; never the app page). */
export interface IssuedActivationCode {
  code: string;
  expiresAt: string;
}

export type StaffAppErrorCode =
  /** No code like this was issued (a typo, or one from another kiosk). */
  | 'CODE_UNKNOWN'
  /** The code was issued but its time ran out: issue a new one on the 資格確認端末. */
  | 'CODE_EXPIRED'
  /** The code enrolled a device already: each code enrols once. */
  | 'CODE_USED'
  /** This device is not enrolled: 利用登録 first. */
  | 'NOT_ENROLLED'
  /** The kiosk has no staff-app reader configured, or it is not attached. */
  | 'NO_READER'
  /** The command does not fit the step the app is at (e.g. a PIN while no card is read). */
  | 'WRONG_STEP'
  /** The PIN was wrong (tries left in the view), or the card is blocked. */
  | 'PIN_WRONG'
  | 'PIN_BLOCKED'
  /** The card does not accept this device's authentication: it signs only after the PIN. */
  | 'VISUAL_NOT_POSSIBLE'
  /** 照合番号B was refused or the photo could not be read. */
  | 'CARD_FACE_REFUSED'
  /** Staff found the face did not match the card photo. */
  | 'IDENTITY_REFUSED'
  /** The card was taken off the reader before the query was done. */
  | 'CARD_REMOVED'
  /** The card could not be read (chip, reader). */
  | 'CARD_UNREADABLE'
  /** The service could not be asked or refused the query. */
  | 'QUERY_FAILED'
  /** The enrolment file could not be written. */
  | 'STORAGE_FAULT';

export class StaffAppError extends CodedError<StaffAppErrorCode> {
  override readonly name = 'StaffAppError';
}
