import type { UiEventType } from './UiEvent.ts';
import type { UiClientFrame, UiRole } from './UiFrame.ts';

/** What the patient touches on the reader's panel. */
const PATIENT_EVENTS = [
  'document.chosen',
  'phone.chosen',
  'phone.kindChosen',
  'phone.retry',
  'phone.useCard',
  'method.face',
  'method.pin',
  'method.visual',
  'method.back',
  'face.retry',
  'time.extended',
  'consent.answered',
  'consent.chooseEach',
  'consent.itemsChosen',
  'consent.skipAll',
  'prescription.chosen',
  'medicalSubsidy.answered',
  'registration.accepted',
  'registration.declined',
  'notice.acknowledged',
  'result.acknowledged',
  'cancel',
] as const satisfies readonly UiEventType[];

/** What staff do on the 資格確認端末 view (the staff panel's buttons arrive as device events, not here). */
const STAFF_EVENTS = [
  'document.chosen',
  'cancel',
  'staff.approved',
  'staff.refused',
  'staff.insuranceEntered',
  'staff.cardFaceEntered',
  'staff.confirmedCurrent',
  'staff.toOutage',
  'staff.jobChangeReported',
  'staff.proofShown',
  'staff.lookupRequested',
  'staff.candidateChosen',
  'staff.matchConfirmed',
  'staff.back',
  'staff.declarationStarted',
  'staff.declarationSubmitted',
  'staff.selfPay',
] as const satisfies readonly UiEventType[];

/**
 * Who may send what on the kiosk's screen channel, checked on every frame that comes in:
 * - patient (the reader's public touch panel, no sign-in): the patient's touches, the PIN, the
 *   screen camera's frames; never a staff action, never a simulator lever;
 * - staff (the 資格確認端末 view, with the kiosk's token): staff actions, and reading the medical
 *   information a patient consented to (the service checks the consent again);
 * - control (the simulator's control panel, with the token, only when something is simulated): every
 *   screen event and the simulator's levers; never a PIN (a PIN comes from the keypad only);
 * - staffApp (the マイナ資格確認アプリ page, with the token): its own flow (`staffApp` frames, the patient's PIN
 *   for the app's card among them); never a statechart event. Only staff issue its activation codes.
 */
export const UI_ROLE_EVENTS: Record<UiRole, readonly UiEventType[]> = {
  patient: PATIENT_EVENTS,
  staff: STAFF_EVENTS,
  control: [...new Set([...PATIENT_EVENTS, ...STAFF_EVENTS])],
  // The app is a device of its own: it never drives the face reader's statechart.
  staffApp: [],
};

const ROLE_FRAMES: Record<UiRole, readonly UiClientFrame['type'][]> = {
  patient: ['event', 'pin', 'camera.frame', 'camera.problem'],
  staff: ['event', 'medical.read', 'staffApp.issueCode'],
  control: ['event', 'sim'],
  staffApp: ['staffApp'],
};

/** Whether `role` may send this frame; the reason in words when not. */
export function roleMayAct(role: UiRole, frame: UiClientFrame): { allowed: true } | { allowed: false; reason: string } {
  if (!ROLE_FRAMES[role].includes(frame.type)) return { allowed: false, reason: `The ${role} screen may not send ${frame.type} frames.` };
  if (frame.type === 'event' && !UI_ROLE_EVENTS[role].includes(frame.event.type)) return { allowed: false, reason: `The ${role} screen may not send ${frame.event.type}.` };
  return { allowed: true };
}

/** The roles a screen may connect as; anything else is refused. */
export const UI_ROLES: readonly UiRole[] = ['patient', 'staff', 'control', 'staffApp'];
/** Roles that sign in with the kiosk's screen token (the patient panel is public and needs none). */
export const SIGNED_IN_ROLES: readonly UiRole[] = ['staff', 'control', 'staffApp'];
