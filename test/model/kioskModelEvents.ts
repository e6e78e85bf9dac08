import { __unsafe_getAllOwnEventDescriptors, type EventObject, type SnapshotFrom } from 'xstate';
import type { KioskMachine } from '../../kiosk/machine/createKioskMachine.ts';
import { KioskFault, type KioskFaultCode } from '../../kiosk/machine/KioskFault.ts';
import { OUTAGE_CASES, SERVICE_REACHABLE } from '../../kiosk/protocol/OutageCase.ts';
import type { CardFaceItems, Declaration, InsuranceNumberSearch } from '../../kiosk/protocol/UiEvent.ts';
import type { EligibilityKind, EligibilityOutcome, EligibilitySummary, LookupOutcome } from '../../kiosk/protocol/EligibilityOutcome.ts';
import type { SmartphoneCheckInOutput } from '../../kiosk/machine/smartphone/SmartphoneCheckIn.ts';
import type { FaceOutcome, PinOutcome, ReadCardOutput } from '../../kiosk/machine/ActorOutputs.ts';

type KioskSnapshot = SnapshotFrom<KioskMachine>;
type Health = { reader: 'ok' | 'fault'; camera: 'ok' | 'fault' | 'absent'; panel: 'attached' | 'detached'; service: 'up' | 'down'; card: 'present' | 'absent' };

/**
 * Outputs carry only what the machine branches on. The executors make the real runtime produce an
 * output of the same kind (the same guard branch); the summaries it shows are the service's own.
 */
const readCardOutputs: ReadCardOutput[] = [
  { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 3, signsWithoutPin: true },
  { cardKind: 'standard', certificateStanding: 'expiringSoon', pinTriesLeft: 3, signsWithoutPin: true },
  { cardKind: 'standard', certificateStanding: 'expiredInGrace', pinTriesLeft: 3, signsWithoutPin: true },
  { cardKind: 'standard', certificateStanding: 'expiredBeyondGrace', pinTriesLeft: 3, signsWithoutPin: true },
  { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 1, signsWithoutPin: true },
  { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 0, signsWithoutPin: true },
  { cardKind: 'faceAuth', certificateStanding: 'valid', pinTriesLeft: null, signsWithoutPin: true },
  // A card that does not accept this reader (a real card, before real reader certification): PIN only; a 顔認証 card not at all.
  { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 3, signsWithoutPin: false },
  { cardKind: 'faceAuth', certificateStanding: 'valid', pinTriesLeft: null, signsWithoutPin: false },
];
/** How the smartphone branch can end (kiosk/machine/smartphone, walked state by state in its own model test). */
const phoneOutputs: SmartphoneCheckInOutput[] = [
  { outcome: 'identified', kind: 'androidPhone', identityMethod: 'pin' },
  { outcome: 'identified', kind: 'iPhone', identityMethod: 'device' },
  { outcome: 'useCard' },
  { outcome: 'pinBlocked' },
  { outcome: 'outage', outageCase: 'cardDefect' },
  { outcome: 'outage', outageCase: 'readerFault' },
  { outcome: 'cancelled' },
  { outcome: 'timedOut' },
];
const faceOutputs: FaceOutcome[] = [{ outcome: 'match' }, { outcome: 'noMatch' }, { outcome: 'noFace' }];
/** A stand-in summary: only the result's kind and the lookup's outcome are branched on. */
const summary: EligibilitySummary = { insurerNumber: '00000000', insurerName: '-', copayPercent: 30, qualificationValidity: 1, referenceNumber: null, noticeCodes: [] };
const kinds = (list: EligibilityKind[]): EligibilityOutcome[] => list.map((kind) => ({ kind, summary }));
/** What the service can answer to a card (照会区分 1). No seed person gives 無効（新しい資格あり） to a card. */
const cardEligibility = kinds(['eligible', 'invalid', 'noQualification', 'notRegistered', 'multiple', 'wrongLinkage', 'certificateRefused', 'readerRefused']);
/** What it can answer to 資格確認書 numbers (照会区分 2): no certificate, so never certificateRefused, never wrongLinkage. */
const numberEligibility = kinds(['eligible', 'invalid', 'invalidWithNewQualification', 'noQualification', 'multiple']);
const lookupOutputs: LookupOutcome[] = [
  { outcome: 'found', candidates: 1, toleranceUsed: false, summary },
  { outcome: 'found', candidates: 1, toleranceUsed: true, summary },
  { outcome: 'ambiguous', candidates: 2, summaries: [summary, summary] },
  { outcome: 'notFound' },
];

/** A PIN outcome the card can give with `tries` left: right, wrong (a try used), malformed (no try used), or the last try used. */
function pinOutputs(tries: number | null): PinOutcome[] {
  if (tries === null || tries <= 0) return [];
  return [{ outcome: 'verified' }, tries > 1 ? { outcome: 'wrong', triesLeft: tries - 1 } : { outcome: 'blocked' }, { outcome: 'wrong', triesLeft: tries }];
}

/**
 * The fault codes each runtime actor can raise (kiosk/runtime/createRuntimeActors.ts with toKioskFault.ts),
 * at least one per guard branch of its onError. Codes an actor cannot raise are no variant at all.
 */
export const ACTOR_ERRORS: Record<string, KioskFaultCode[]> = {
  readCard: ['CARD_REMOVED', 'NOT_A_MYNA_CARD', 'READER_UNAVAILABLE', 'CARD_UNREADABLE'],
  readCardFace: ['CARD_REMOVED', 'CARD_FACE_UNREADABLE', 'READER_UNAVAILABLE', 'CARD_UNREADABLE'],
  // The machine sends every camera failure to one outage route (3-1): one variant.
  matchFace: ['CAMERA_FAULT'],
  verifyPin: ['CARD_REMOVED', 'READER_UNAVAILABLE', 'CARD_UNREADABLE'],
  queryEligibility: ['CARD_REMOVED', 'READER_UNAVAILABLE', 'CARD_UNREADABLE', 'TERMINAL_FAULT', 'SERVICE_UNREACHABLE'],
  queryByNumber: ['TERMINAL_FAULT', 'SERVICE_UNREACHABLE'],
  outageLookup: ['TERMINAL_FAULT', 'SERVICE_UNREACHABLE'],
  persistVisit: ['STORAGE_FAULT'],
};

/**
 * The search staff type. The machine never reads it (it is the actor's input); the executor types
 * the numbers of the seed person whose record gives the result the path needs next.
 */
const search: InsuranceNumberSearch = { insurerNumber: '01130012', symbol: '21200041', number: '123', branch: '00', birthDate: '1980-02-17' };
/** Likewise the 4 items: the executor reads the ones that give the lookup result the path needs. */
const items: CardFaceItems = { name: '山田\u3000太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都千代田区霞が関１丁目２番２号' };
const declarations: Declaration[] = [
  { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: false },
  { copayPercent: 20, insuranceType: 'national', claimSoftwareRejects7777: true },
];

const PAYLOADS: Record<string, object[]> = {
  'consent.answered': [{ agree: true }, { agree: false }],
  'consent.itemsChosen': [{ choices: { pharmacy: true, diagnosis: false, operation: true } }],
  'prescription.chosen': [{ issue: 'electronic' }, { issue: 'paper' }],
  'medicalSubsidy.answered': [{ use: true }, { use: false }],
  'staff.insuranceEntered': [{ search }],
  // The executor types the fields of the card on the reader; these stand in.
  'staff.cardFaceEntered': [{ fields: { birthDate: '1980-02-17', cardExpiry: '2035-02-17', securityCode: '2285' } }],
  'staff.toOutage': OUTAGE_CASES.map((outageCase) => ({ outageCase })),
  'staff.proofShown': (['mynaPortal', 'qualificationCertificate', 'qualificationNotice'] as const).map((proof) => ({ proof, numbers: { insurerNumber: '01130012', symbol: '21200041', number: '123', branch: '00' } })),
  'staff.lookupRequested': [{ items }],
  'staff.candidateChosen': [{ index: 0 }],
  'staff.declarationSubmitted': declarations.map((declaration) => ({ declaration })),
};

const HEALTH_EVENTS = new Set(['reader.detached', 'reader.attached', 'camera.fault', 'camera.recovered', 'camera.absent', 'panel.detached', 'panel.attached', 'service.down', 'service.up']);
// camera.absent: a kiosk configured without a face camera (from start; no recovery): walked from standby, where it ends.
const FAULT_OF: Record<string, keyof Health> = { 'reader.detached': 'reader', 'camera.fault': 'camera', 'camera.absent': 'camera', 'panel.detached': 'panel', 'service.down': 'service' };
const RECOVERY_OF: Record<string, keyof Health> = { 'reader.attached': 'reader', 'camera.recovered': 'camera', 'panel.attached': 'panel', 'service.up': 'service' };
const IDENTITY_STATES = new Set(['choosingMethod', 'readingCardFace', 'enteringCardFace', 'matchingFace', 'faceRetry', 'faceFailed', 'enteringPin', 'pinWrong', 'pinBlocked', 'visualCheck']);

export function healthOf(snapshot: KioskSnapshot): Health {
  return (snapshot.value as unknown as { health: Health }).health;
}

export function visitStepOf(snapshot: KioskSnapshot): string {
  const visit = (snapshot.value as { visit: string | Record<string, string> }).visit;
  return typeof visit === 'string' ? visit : Object.keys(visit)[0]!;
}

function faultsOf(h: Health): Array<keyof Health> {
  const out: Array<keyof Health> = [];
  if (h.reader === 'fault') out.push('reader');
  if (h.camera !== 'ok') out.push('camera');
  if (h.panel === 'detached') out.push('panel');
  if (h.service === 'down') out.push('service');
  return out;
}

/**
 * The outage guidance entered with every device still reported healthy and the card on the reader:
 * a reader call or a face attempt failed, and the device's own report of it (reader.detached
 * `noticeMs` later, as PC/SC notices at its next poll; camera.fault right after the failed attempt)
 * is still to come. Here the catalogue offers those reports as well.
 */
function awaitingDeviceReport(snapshot: KioskSnapshot, step: string, faults: Array<keyof Health>): boolean {
  if (step !== 'outage' || faults.length > 0 || healthOf(snapshot).card !== 'present' || snapshot.context.outageCase !== 'readerFault') return false;
  return (snapshot.value as { visit: { outage: string } }).visit.outage === 'guidance';
}
const DEVICE_REPORTS = new Set(['reader.detached', 'camera.fault']);

/**
 * Which events a state offers to the traversal. Without this filter the health region multiplies
 * every visit state by every combination of device faults (about 2800 states, 33 000 edges), and the
 * face-attempt and PIN-try counters and the outage cases multiply what follows them. Each edge is a
 * run of the real runtime, so the catalogue walks every transition of the statechart once in a
 * canonical setting and the variants only as far as they decide something. The rules:
 *
 * 1. One device fault at a time. A fault is offered in standby while everything is healthy (the
 *    outage banner before a patient arrives), and inside a visit only where the visit reacts to it
 *    (reader.detached in card-holding steps, panel.detached at 目視確認, camera.fault while matching).
 *    The outage guidance entered on a failed reader call or face attempt (devices still reported
 *    healthy, card on the reader) also offers the device's late report of it: reader.detached,
 *    camera.fault.
 * 2. While a fault lasts, standby offers only its recovery; a panel detached at 目視確認 leaves the
 *    method choice offering the choice it blocks (method.visual) and its recovery. A reader fault
 *    inside a visit keeps the visit events: the outage procedure it starts is walked to its end.
 *    A camera fault inside a visit (the outage guidance it led to) offers only its recovery, after
 *    which the procedure is walked as for any reader fault with the card on the reader.
 * 3. The service goes down and up in standby only; inside a visit an unreachable service is the
 *    actors' SERVICE_UNREACHABLE error.
 * 4. card.inserted only in standby with the slot empty; card.removed only with a card on the reader
 *    and where the visit reacts to it; a card left lying in standby (the removal prompt timed out)
 *    offers only its removal. Nothing happens while the visit is written (it cannot be held there).
 * 5. Identity steps: the counters move one at a time (face attempts on a card with all PIN tries,
 *    PIN tries with no face attempt used), except the PIN route after face matching failed, which
 *    starts from there. The exits of a step (card removed, cancel, reader unplugged, timeout) are
 *    walked in its first setting only. A certificate standing other than valid offers the face match
 *    that leads to its notice; a card with one try left its PIN route; a blocked card and a
 *    顔認証マイナンバーカード the method choice (which methods are offered) and a face match.
 * 6. Outage: the guidance (every proof, lookup, declaration, self-pay, job change) is walked once per
 *    case as staff enter it from standby, the lookup, candidate choice and declaration in full for
 *    one case. The consent screens' exits are walked from the first question. Entered from a visit (card on the reader,
 *    reader unplugged), the procedure is walked by its usual settlement: the lookup by the 4 items
 *    where the service is reachable, else the 申立書; case 2 may also turn into case 1.
 */
export function kioskModelEvents(snapshot: KioskSnapshot): EventObject[] {
  const health = healthOf(snapshot);
  const faults = faultsOf(health);
  const step = visitStepOf(snapshot);
  const out: EventObject[] = [];
  if (step !== 'standby' && health.camera === 'fault') return [{ type: 'camera.recovered' }];
  const reports = awaitingDeviceReport(snapshot, step, faults) || awaitingCameraReportAtTheChoice(snapshot, step, faults);
  for (const type of __unsafe_getAllOwnEventDescriptors(snapshot) as string[]) {
    if (type.startsWith('xstate.done.state')) continue;
    if (reports && DEVICE_REPORTS.has(type)) {
      out.push({ type });
      continue;
    }
    if (HEALTH_EVENTS.has(type)) {
      const offered = healthEventOffered(type, step, faults) && !(step === 'standby' && health.card === 'present');
      if (offered && (!IDENTITY_STATES.has(step) || identityEventOffered(type, step, snapshot.context))) out.push({ type });
      continue;
    }
    if (!visitEventOffered(type, step, snapshot, faults)) continue;
    const done = /^xstate\.done\.actor\.(\w+)$/.exec(type);
    const error = /^xstate\.error\.actor\.(\w+)$/.exec(type);
    if (done) for (const output of doneOutputs(done[1]!, snapshot)) out.push({ type, output } as EventObject);
    else if (error) for (const code of ACTOR_ERRORS[error[1]!] ?? []) out.push({ type, error: new KioskFault(code, code) } as EventObject);
    else for (const payload of PAYLOADS[type] ?? [{}]) out.push({ type, ...payload });
  }
  return out.filter(
    (event) =>
      (reports && DEVICE_REPORTS.has(event.type)) ||
      (outageEventOffered(event, step, snapshot) && onThePhoneLine(event, step, snapshot) && onThePrescriptionLine(event, step, snapshot, faults) && identityOutputOffered(event, step, snapshot) && afterCameraFailure(event, step, snapshot) && onTheServiceDownLine(event, step, faults)),
  );
}

/**
 * Rule 7. The camera failed during face matching and the visit carried on at the method choice: the
 * camera's own report of it follows (camera.fault), its recovery after; from there the fallback is
 * walked by its PIN route (the method choice, then a verified PIN), as the rest of the visit is the usual one.
 */
function awaitingCameraReportAtTheChoice(snapshot: KioskSnapshot, step: string, faults: Array<keyof Health>): boolean {
  return step === 'choosingMethod' && snapshot.context.cameraFailed && faults.length === 0;
}
function afterCameraFailure(event: EventObject, step: string, snapshot: KioskSnapshot): boolean {
  if (!snapshot.context.cameraFailed || !IDENTITY_STATES.has(step)) return true;
  if (step === 'choosingMethod') return event.type === 'method.pin';
  if (step === 'enteringPin') return event.type === 'xstate.done.actor.verifyPin' && (event as { output?: { outcome?: string } }).output?.outcome === 'verified';
  return false;
}

/**
 * Rule 8. A patient may place a card while the service is down (the banner says so): that visit is
 * walked along one line — the card read as usual, the PIN verified, consent not asked (the chart skips
 * it), the query failing at once, the 3-4 procedure settled by the 申立書 — and the card taken.
 */
const SERVICE_DOWN_LINE: Record<string, (event: EventObject) => boolean> = {
  readingCard: (e) => e.type === 'xstate.done.actor.readCard' && JSON.stringify((e as { output?: unknown }).output) === JSON.stringify(readCardOutputs[0]),
  choosingMethod: (e) => e.type === 'method.pin',
  enteringPin: (e) => e.type === 'xstate.done.actor.verifyPin' && (e as { output?: { outcome?: string } }).output?.outcome === 'verified',
  queryingEligibility: (e) => e.type === 'xstate.error.actor.queryEligibility' && (e as { error?: { code?: string } }).error?.code === 'SERVICE_UNREACHABLE',
  outage: (e) => e.type === 'staff.declarationStarted' || (e.type === 'staff.declarationSubmitted' && (e as unknown as { declaration: Declaration }).declaration === declarations[0]),
  recording: (e) => e.type === 'xstate.done.actor.persistVisit',
  finishing: (e) => e.type === 'card.removed',
};
function onTheServiceDownLine(event: EventObject, step: string, faults: Array<keyof Health>): boolean {
  if (!faults.includes('service') || step === 'standby') return true;
  return SERVICE_DOWN_LINE[step]?.(event) ?? false;
}

/**
 * Rule 9. The smartphone branch is one step here (its own model walks it inside): it is walked by how
 * it ends. A phone visit has no card on the reader; after the phone identified the holder it is
 * walked along one line — consent given, 有効, the result acknowledged — as the rest is the card's.
 */
const PHONE_LINE: Record<string, (event: EventObject) => boolean> = {
  askingConsent: (e) => e.type === 'consent.answered' && (e as { agree?: boolean }).agree === true,
  queryingEligibility: (e) => e.type === 'xstate.done.actor.queryEligibility' && (e as unknown as { output: EligibilityOutcome }).output.kind === 'eligible',
  showingResult: (e) => e.type === 'result.acknowledged',
};
function onThePhoneLine(event: EventObject, step: string, snapshot: KioskSnapshot): boolean {
  if (step === 'usingSmartphone') return event.type === 'xstate.done.actor.smartphoneCheckIn';
  if (healthOf(snapshot).card !== 'absent') return true;
  return PHONE_LINE[step]?.(event) ?? true;
}

/**
 * Rule 10. The clinic's configuration (it issues 電子処方箋; it asks the PMH question) is told at start:
 * offered in standby with nothing else going on, each setting alone and both. Such a kiosk is walked along
 * one line — the ordinary card, the PIN verified, consent given, then the 処方箋の発行形態 and 医療費助成
 * screens in full (every answer and their exits), 有効, the result acknowledged, the card taken — as the
 * rest is the default clinic's.
 */
const CONFIGURATION_EVENTS = new Set(['clinic.issuesElectronicPrescriptions', 'clinic.asksMedicalSubsidy']);
const PRESCRIPTION_LINE: Record<string, (event: EventObject) => boolean> = {
  standby: (e) => e.type === 'card.inserted',
  readingCard: (e) => e.type === 'xstate.done.actor.readCard' && JSON.stringify((e as { output?: unknown }).output) === JSON.stringify(readCardOutputs[0]),
  choosingMethod: (e) => e.type === 'method.pin',
  enteringPin: (e) => e.type === 'xstate.done.actor.verifyPin' && (e as { output?: { outcome?: string } }).output?.outcome === 'verified',
  askingConsent: (e) => e.type === 'consent.answered' && (e as { agree?: boolean }).agree === true,
  choosingPrescription: () => true,
  askingMedicalSubsidy: () => true,
  queryingEligibility: (e) => e.type === 'xstate.done.actor.queryEligibility' && (e as unknown as { output: EligibilityOutcome }).output.kind === 'eligible',
  showingResult: (e) => e.type === 'result.acknowledged',
  recording: (e) => e.type === 'xstate.done.actor.persistVisit',
  finishing: (e) => e.type === 'card.removed',
};
function onThePrescriptionLine(event: EventObject, step: string, snapshot: KioskSnapshot, faults: Array<keyof Health>): boolean {
  const clinic = (snapshot.value as unknown as { clinic: { prescriptions: string; medicalSubsidy: string } }).clinic;
  const configured = clinic.prescriptions === 'electronic' || clinic.medicalSubsidy === 'asked';
  if (CONFIGURATION_EVENTS.has(event.type)) return step === 'standby' && faults.length === 0 && healthOf(snapshot).card === 'absent' && !snapshot.context.cameraFailed;
  if (!configured) return true;
  return PRESCRIPTION_LINE[step]?.(event) ?? false;
}

function visitEventOffered(type: string, step: string, snapshot: KioskSnapshot, faults: Array<keyof Health>): boolean {
  const health = healthOf(snapshot);
  // Rule 8: a card placed while only the service is down.
  if (step === 'standby' && health.card === 'absent' && faults.length === 1 && faults[0] === 'service') return type === 'card.inserted';
  if (step === 'standby' && (faults.length > 0 || health.card === 'present')) return type === 'card.removed' && health.card === 'present';
  if (faults.includes('panel')) return step === 'choosingMethod' && type === 'method.visual';
  if (type === 'card.inserted') return step === 'standby' || step === 'awaitingCard';
  // The visit is written at once (it cannot be held in recording), so nothing else happens meanwhile.
  if (step === 'recording') return type.endsWith('.persistVisit');
  // Reading the card face on the way to 目視 is walked by its outcome only (see identityEventOffered).
  if (type === 'card.removed') return health.card === 'present' && CARD_REMOVAL_MATTERS.has(step) && !(photoAlreadyRead(snapshot.context) && CARD_FACE_STEPS.has(step)) && !(snapshot.context.pendingMethod === 'visual' && CARD_FACE_STEPS.has(step));
  if (IDENTITY_STATES.has(step)) return identityEventOffered(type, step, snapshot.context);
  // The consent screens' own exits (skip all, card removed, cancel, reader, timeout, 続ける) belong to the parent step: walked from its first screen.
  if (step === 'askingConsent' && !['consent.answered', 'consent.chooseEach', 'consent.itemsChosen'].includes(type)) return (snapshot.value as { visit: { askingConsent: string } }).visit.askingConsent === 'medical';
  return true;
}

/** The first setting each identity step is reached in on the ordinary card: [PIN tries, face attempts]. */
const FIRST_SETTING: Record<string, [number, number]> = {
  choosingMethod: [3, 0],
  readingCardFace: [3, 0],
  enteringCardFace: [3, 0],
  matchingFace: [3, 0],
  faceRetry: [3, 1],
  faceFailed: [3, 3],
  enteringPin: [3, 0],
  pinWrong: [2, 0],
  pinBlocked: [0, 0],
  visualCheck: [3, 0],
};
const EXITS = new Set(['card.removed', 'cancel', 'method.back', 'time.extended']);
const CARD_FACE_STEPS = new Set(['readingCardFace', 'enteringCardFace']);

/** The card photo is read once a visit, before the first face attempt: read again (after 戻る) it only passes through. */
const photoAlreadyRead = (c: KioskSnapshot['context']) => c.faceAttempts > 0;

function identityEventOffered(type: string, step: string, c: KioskSnapshot['context']): boolean {
  const { certificateStanding: standing, pinTriesLeft: tries, faceAttempts: attempts, pendingMethod } = c;
  if (photoAlreadyRead(c) && CARD_FACE_STEPS.has(step)) return type === 'xstate.done.actor.readCardFace';
  // The card photo is read the same way whatever follows it: walked in full on the way to face matching only.
  if (pendingMethod === 'visual' && (step === 'readingCardFace' || step === 'enteringCardFace')) return type === 'xstate.done.actor.readCardFace';
  const photoRead = step === 'readingCardFace' && type === 'xstate.done.actor.readCardFace';
  if (standing !== 'valid') return (step === 'choosingMethod' && type === 'method.face') || photoRead || (step === 'matchingFace' && type === 'xstate.done.actor.matchFace');
  if (step === 'choosingMethod' && tries === 1) return type === 'method.pin';
  if (tries === 0 && attempts === 0 && step === 'choosingMethod') return type.startsWith('method.');
  if (tries === null) {
    if (step === 'choosingMethod') return type.startsWith('method.');
    if (step === 'matchingFace') return type === 'xstate.done.actor.matchFace';
    return photoRead;
  }
  const [firstTries, firstAttempts] = FIRST_SETTING[step]!;
  const first = tries === firstTries && attempts === firstAttempts;
  if (EXITS.has(type) || HEALTH_EVENTS.has(type) || type.startsWith('xstate.after') || type.startsWith('xstate.error')) return first;
  return true;
}

/** Rule 5's "one counter at a time" on the outputs: a failed face attempt only with all PIN tries, a wrong PIN only before any face attempt. */
function identityOutputOffered(event: EventObject, step: string, snapshot: KioskSnapshot): boolean {
  const { pinTriesLeft: tries, faceAttempts: attempts, certificateStanding: standing } = snapshot.context;
  if (!IDENTITY_STATES.has(step)) return true;
  const output = (event as { output?: { outcome?: string } }).output;
  if (event.type === 'xstate.done.actor.matchFace') return output?.outcome === 'match' || (tries === 3 && standing === 'valid');
  if (event.type === 'xstate.done.actor.verifyPin') return output?.outcome === 'verified' || attempts === 0;
  if (event.type === 'method.face' && step !== 'choosingMethod') return attempts === 0 && (tries === 2 || tries === 0);
  return true;
}

/** The case whose lookup, candidate choice and declaration are walked in full (the steps behave alike in every case). */
const FULL_PROCEDURE_CASE = 'readerFault';

function outageEventOffered(event: EventObject, step: string, snapshot: KioskSnapshot): boolean {
  if (step !== 'outage') return true;
  const health = healthOf(snapshot);
  const outageCase = snapshot.context.outageCase!;
  const fromStandby = health.card === 'absent' && faultsOf(health).length === 0;
  const substep = Object.values((snapshot.value as { visit: Record<string, string> }).visit)[0];
  if (fromStandby && (substep === 'guidance' || outageCase === FULL_PROCEDURE_CASE)) return true;
  const reachable = SERVICE_REACHABLE[outageCase];
  switch (event.type) {
    case 'staff.lookupRequested':
      return reachable;
    case 'staff.declarationStarted':
      return !reachable;
    case 'staff.jobChangeReported':
      return outageCase === 'case2';
    case 'xstate.done.actor.outageLookup':
      return (event as unknown as { output: LookupOutcome }).output.outcome === 'found' && !(event as unknown as { output: { toleranceUsed: boolean } }).output.toleranceUsed;
    case 'staff.declarationSubmitted':
      return (event as unknown as { declaration: Declaration }).declaration === declarations[0];
    default:
      return false;
  }
}

function doneOutputs(actor: string, snapshot: KioskSnapshot): unknown[] {
  switch (actor) {
    case 'readCard':
      return readCardOutputs;
    case 'matchFace':
      return faceOutputs;
    case 'verifyPin':
      return pinOutputs(snapshot.context.pinTriesLeft);
    case 'queryEligibility':
      return cardEligibility;
    case 'queryByNumber':
      return numberEligibility;
    case 'outageLookup':
      return lookupOutputs;
    case 'smartphoneCheckIn':
      return phoneOutputs;
    default:
      return [undefined];
  }
}

/** Steps where the visit itself reacts to the card being taken. */
const CARD_REMOVAL_MATTERS = new Set(['readingCard', 'notMynaCard', 'choosingMethod', 'readingCardFace', 'enteringCardFace', 'matchingFace', 'faceRetry', 'faceFailed', 'enteringPin', 'pinWrong', 'pinBlocked', 'visualCheck', 'expiryNotice', 'graceNotice', 'askingConsent', 'choosingPrescription', 'askingMedicalSubsidy', 'queryingEligibility', 'offeringRegistration', 'showingResult', 'finishing']);
const CARD_HOLDING = new Set(['readingCard', 'choosingMethod', 'readingCardFace', 'enteringCardFace', 'matchingFace', 'faceRetry', 'faceFailed', 'enteringPin', 'pinWrong', 'pinBlocked', 'visualCheck', 'expiryNotice', 'graceNotice', 'askingConsent', 'choosingPrescription', 'askingMedicalSubsidy', 'queryingEligibility', 'offeringRegistration']);

function healthEventOffered(type: string, step: string, faults: Array<keyof Health>): boolean {
  const fault = FAULT_OF[type];
  if (fault) {
    if (faults.length > 0) return false;
    if (step === 'standby') return true;
    if (type === 'reader.detached') return CARD_HOLDING.has(step);
    if (type === 'panel.detached') return step === 'visualCheck';
    if (type === 'camera.fault') return step === 'matchingFace';
    return false;
  }
  const recovered = RECOVERY_OF[type]!;
  if (!faults.includes(recovered)) return false;
  return step === 'standby' || (recovered === 'panel' && step === 'choosingMethod');
}
