import type { SnapshotFrom } from 'xstate';
import { OUTAGE_CASE_NUMBER, SERVICE_REACHABLE, mynaPortalAllowed } from '../protocol/OutageCase.ts';
import type { Countdown, CurrentPatient, DeviceHealth, KioskView, MethodChoice, PatientScreen, SensorStatus, StaffScreen } from '../protocol/KioskScreen.ts';
import type { CardFaceItems } from '../protocol/UiEvent.ts';
import type { KioskMachine } from '../machine/createKioskMachine.ts';
import { pinUsable } from '../machine/kioskGuards.ts';
import { KIOSK_TIMEOUTS, MAX_FACE_ATTEMPTS, WARNED_WAITS } from '../machine/kioskTimeouts.ts';
import type { PendingWait } from './KioskClock.ts';
import { patientMessageOf } from './patientMessageOf.ts';
import { staffAlertsOf } from './staffAlertsOf.ts';

type KioskSnapshot = SnapshotFrom<KioskMachine>;

/** What the runtime knows beside the snapshot: the sensors, the waits pending on its clock, the card's 4 items. */
export interface ViewContext {
  sensors?: SensorStatus[];
  /** The statechart's waits still to run out, and the clock's now. */
  waits?: { pending: PendingWait[]; now: number };
  /** The 4 items read off the card face (照合番号B), while the card is on the reader. */
  cardFace?: CardFaceItems | null;
  /** The card face is read from the screen's camera (the patient shows the card front to it). */
  cardFaceByCamera?: boolean;
  /** A smartphone reader is configured: standby offers 「スマートフォン」. */
  phoneReader?: boolean;
}

function stepOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${stepOf(child)}`;
}

export function healthOf(snapshot: KioskSnapshot): DeviceHealth {
  return (snapshot.value as unknown as { health: DeviceHealth }).health;
}

/** The visit state path, e.g. `standby`, `askingConsent.medical`, `outage.guidance`: the screens' key. */
export function visitStep(snapshot: KioskSnapshot): string {
  return stepOf((snapshot.value as { visit: unknown }).visit);
}

/** The methods the statechart would take now: the screen never offers what the chart refuses. */
function methodsOf(snapshot: KioskSnapshot): MethodChoice | null {
  if (!snapshot.hasTag('methodChoice')) return null;
  return {
    face: snapshot.can({ type: 'method.face' }) || snapshot.can({ type: 'face.retry' }),
    pin: pinUsable(snapshot) && snapshot.can({ type: 'method.pin' }),
    visual: snapshot.can({ type: 'method.visual' }),
  };
}

/** The countdown of the step's wait, when the patient is warned of it: the latest wait of its length still pending. */
function countdownOf(snapshot: KioskSnapshot, step: string, waits: ViewContext['waits']): Countdown | null {
  const warned = WARNED_WAITS[step];
  if (!warned || !waits) return null;
  const totalMs = KIOSK_TIMEOUTS[warned.wait];
  const wait = waits.pending.filter((w) => w.ms === totalMs).sort((a, b) => b.dueAt - a.dueAt)[0];
  if (!wait) return null;
  return { leftMs: Math.max(0, wait.dueAt - waits.now), totalMs, warnMs: warned.warnMs, extendable: snapshot.can({ type: 'time.extended' }) };
}

export function patientScreen(snapshot: KioskSnapshot, context: ViewContext = {}): PatientScreen {
  const health = healthOf(snapshot);
  const c = snapshot.context;
  const step = visitStep(snapshot);
  const methods = methodsOf(snapshot);
  const outage = snapshot.hasTag('outage');
  const summary = snapshot.hasTag('showsResult') ? (c.visit.eligibility?.summary ?? null) : null;
  return {
    step,
    message: patientMessageOf(snapshot, step, methods),
    phoneAccepted: context.phoneReader === true,
    prescriptionIssue: snapshot.hasTag('showsResult') ? c.visit.prescriptionIssue : null,
    health,
    cardFaceByCamera: (context.cardFaceByCamera ?? false) && snapshot.hasTag('cardFaceStep'),
    outageBanner: snapshot.hasTag('standby') && (health.reader === 'fault' || health.service === 'down' || health.camera === 'fault'),
    countdown: countdownOf(snapshot, step, context.waits),
    methods,
    pinTriesLeft: snapshot.hasTag('showsPinTries') ? c.pinTriesLeft : null,
    faceAttemptsLeft: snapshot.hasTag('showsFaceAttempts') ? MAX_FACE_ATTEMPTS - c.faceAttempts : null,
    certificateStanding: snapshot.hasTag('certificateNotice') ? c.certificateStanding : null,
    outageCase: outage ? c.outageCase : null,
    outageCause: outage ? c.visit.outageCause : null,
    // The patient panel gets the insurer and the share only: never the numbers or the name.
    result: summary ? { insurerName: summary.insurerName, copayPercent: summary.copayPercent } : null,
  };
}

/** The patient as the card face gave them, else as the service's result (a 無効 answer still names the person). */
function currentPatient(snapshot: KioskSnapshot, cardFace: CardFaceItems | null | undefined): CurrentPatient | null {
  const visit = snapshot.context.visit;
  if (!visit.started) return null;
  const detail = visit.eligibility?.summary?.detail ?? visit.candidates[0]?.detail;
  if (cardFace) return { ...cardFace, kana: detail?.nameKana ?? null, source: 'card' };
  if (!detail) return null;
  return { name: detail.name, kana: detail.nameKana, birthDate: detail.birthDate, sex: detail.sex === 'unset' ? 'notApplicable' : detail.sex, address: detail.address ?? '', source: 'result' };
}

export function staffScreen(snapshot: KioskSnapshot, context: ViewContext = {}, patientMessage: PatientScreen['message'] = null): StaffScreen {
  const c = snapshot.context;
  const step = visitStep(snapshot);
  return {
    sensors: context.sensors ?? [],
    step,
    visit: c.visit,
    outage: c.outageCase ? { case: c.outageCase, number: OUTAGE_CASE_NUMBER[c.outageCase], serviceReachable: SERVICE_REACHABLE[c.outageCase], mynaPortalAllowed: mynaPortalAllowed(c.outageCase) } : null,
    eligibility: c.visit.eligibility,
    patient: currentPatient(snapshot, context.cardFace),
    alerts: staffAlertsOf(snapshot, step, healthOf(snapshot)),
    patientMessage,
  };
}

export function kioskView(snapshot: KioskSnapshot, visitId: string | null, context: ViewContext = {}): KioskView {
  const patient = patientScreen(snapshot, context);
  return { patient, staff: staffScreen(snapshot, context, patient.message), visitId };
}
