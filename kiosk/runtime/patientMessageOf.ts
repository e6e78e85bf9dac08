import type { SnapshotFrom } from 'xstate';
import type { KioskMachine } from '../machine/createKioskMachine.ts';
import type { OutageCause } from '../protocol/OutageCause.ts';
import type { PatientMessage } from '../protocol/PatientMessage.ts';
import type { MethodChoice } from '../protocol/KioskScreen.ts';
import type { VisitOutcome } from '../protocol/VisitDraft.ts';

type KioskSnapshot = SnapshotFrom<KioskMachine>;

const BY_CAUSE: Record<OutageCause, PatientMessage> = {
  certificateExpired: 'outageCertificateExpired',
  certificateRevoked: 'outageCertificateRevoked',
  certificateUntrusted: 'outageCertificateUnusable',
  signatureInvalid: 'outageCertificateUnusable',
  cardUnreadable: 'outageCardUnreadable',
  readerUnavailable: 'outageReader',
  readerRefused: 'outageReader',
  cameraFault: 'outageCamera',
  faceCardUnsupported: 'outageFaceCard',
  qualificationInvalid: 'outageQualification',
  qualificationNotFound: 'outageQualification',
  notRegistered: 'outageNotRegistered',
  serviceUnreachable: 'outageSystem',
  terminalFault: 'outageSystem',
  staffStarted: 'outageAskDesk',
  jobChange: 'outageAskDesk',
  phoneCredentialExpired: 'outagePhoneExpired',
  phoneReaderUnavailable: 'outagePhoneReader',
};

/** What each step of the smartphone branch (kiosk/machine/smartphone) says. */
const BY_PHONE_STEP: Record<string, PatientMessage> = {
  choosingKind: 'phoneChooseKind',
  enteringPin: 'phoneEnterPin',
  readingPhone: 'phoneReading',
  notRead: 'phoneNotRead',
  phoneRemoved: 'phoneRemoved',
  cardOnPhoneReader: 'phoneCardOnReader',
  wrongKind: 'phoneWrongKind',
  pinWrong: 'phonePinWrong',
  notAuthenticated: 'phoneNotAuthenticated',
  pinBlocked: 'phonePinBlocked',
  expired: 'phoneExpired',
};

function phoneMessage(snapshot: KioskSnapshot): PatientMessage {
  const branch = (snapshot.children as Record<string, { getSnapshot(): { value?: unknown; context?: { kind?: string | null } } } | undefined>).smartphoneCheckIn?.getSnapshot();
  const at = typeof branch?.value === 'string' ? branch.value : 'choosingKind';
  if (at === 'waitingForPhone') return branch?.context?.kind === 'androidPhone' ? 'phoneHoldAndroid' : 'phoneHoldIPhone';
  return BY_PHONE_STEP[at] ?? 'phoneReading';
}

const AT_THE_END: Record<VisitOutcome, PatientMessage> = {
  completed: 'removeCard',
  cardRemoved: 'removeCard',
  interrupted: 'removeCard',
  cancelled: 'removeCardCancelled',
  timedOut: 'removeCardStoppedForTime',
  identityRefused: 'removeCardIdentityNotConfirmed',
  pinBlocked: 'removeCardPinBlocked',
};

function faceFailedMessage(methods: MethodChoice | null): PatientMessage {
  if (methods?.pin && methods.visual) return 'faceFailedPinOrStaff';
  if (methods?.visual) return 'faceFailedStaffOnly';
  if (methods?.pin) return 'faceFailedPinOnly';
  return 'faceFailedAskDesk';
}

/**
 * What the patient panel says, where the step alone does not decide it: the outage by its cause, the
 * end of a visit by its outcome, the method choice with the reason a method is missing, a card left
 * lying on the reader. Null where the step's own words are right.
 */
export function patientMessageOf(snapshot: KioskSnapshot, step: string, methods: MethodChoice | null): PatientMessage | null {
  const c = snapshot.context;
  if (step === 'standby') return (snapshot.value as { health: { card: string } }).health.card === 'present' ? 'cardLeftBehind' : 'placeCard';
  if (step.startsWith('outage')) return BY_CAUSE[c.visit.outageCause ?? 'staffStarted'];
  if (step === 'finishing') return AT_THE_END[c.visit.outcome ?? 'completed'];
  if (step === 'choosingMethod') return c.cameraFailed ? 'chooseMethodCameraFailed' : c.pinTriesLeft === 0 ? 'chooseMethodPinLocked' : 'chooseMethod';
  if (step === 'faceFailed') return faceFailedMessage(methods);
  if (step === 'enteringInsuranceNumber' || step === 'queryingByNumber') return 'documentEntry';
  if (step === 'insuranceNumberNotFound') return 'documentNumberChecking';
  if (step === 'usingSmartphone') return phoneMessage(snapshot);
  if (step === 'awaitingCard') return 'placeCardInstead';
  return null;
}
