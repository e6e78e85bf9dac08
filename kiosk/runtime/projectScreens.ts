import type { SnapshotFrom } from 'xstate';
import { OUTAGE_CASE_NUMBER, SERVICE_REACHABLE, mynaPortalAllowed } from '../protocol/OutageCase.ts';
import type { DeviceHealth, KioskView, MethodChoice, PatientScreen, SensorStatus, StaffScreen } from '../protocol/KioskScreen.ts';
import type { KioskMachine } from '../machine/createKioskMachine.ts';
import { pinUsable } from '../machine/kioskGuards.ts';
import { MAX_FACE_ATTEMPTS } from '../machine/kioskTimeouts.ts';

type KioskSnapshot = SnapshotFrom<KioskMachine>;

function stepOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${stepOf(child)}`;
}

export function healthOf(snapshot: KioskSnapshot): DeviceHealth {
  return (snapshot.value as unknown as { health: DeviceHealth }).health;
}

/** The visit state path, e.g. `standby`, `askingConsent.operation`, `outage.guidance`: the screens' key. */
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

export function patientScreen(snapshot: KioskSnapshot, cardFaceByCamera = false): PatientScreen {
  const health = healthOf(snapshot);
  const c = snapshot.context;
  return {
    step: visitStep(snapshot),
    health,
    cardFaceByCamera: cardFaceByCamera && snapshot.hasTag('cardFaceStep'),
    outageBanner: snapshot.hasTag('standby') && (health.reader === 'fault' || health.service === 'down' || health.camera === 'fault'),
    methods: methodsOf(snapshot),
    pinTriesLeft: snapshot.hasTag('showsPinTries') ? c.pinTriesLeft : null,
    faceAttemptsLeft: snapshot.hasTag('showsFaceAttempts') ? MAX_FACE_ATTEMPTS - c.faceAttempts : null,
    certificateStanding: snapshot.hasTag('certificateNotice') ? c.certificateStanding : null,
    outageCase: snapshot.hasTag('outage') ? c.outageCase : null,
    result: snapshot.hasTag('showsResult') ? (c.visit.eligibility?.summary ?? null) : null,
  };
}

export function staffScreen(snapshot: KioskSnapshot, sensors: SensorStatus[] = []): StaffScreen {
  const c = snapshot.context;
  return {
    sensors,
    step: visitStep(snapshot),
    visit: c.visit,
    outage: c.outageCase ? { case: c.outageCase, number: OUTAGE_CASE_NUMBER[c.outageCase], serviceReachable: SERVICE_REACHABLE[c.outageCase], mynaPortalAllowed: mynaPortalAllowed(c.outageCase) } : null,
    eligibility: c.visit.eligibility,
  };
}

export function kioskView(snapshot: KioskSnapshot, visitId: string | null, sensors: SensorStatus[] = [], cardFaceByCamera = false): KioskView {
  return { patient: patientScreen(snapshot, cardFaceByCamera), staff: staffScreen(snapshot, sensors), visitId };
}
