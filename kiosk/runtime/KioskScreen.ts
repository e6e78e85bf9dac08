import type { SnapshotFrom } from 'xstate';
import type { KioskMachine } from '../machine/createKioskMachine.ts';
import { MAX_FACE_ATTEMPTS } from '../machine/kioskTimeouts.ts';
import type { EligibilitySummary, CertificateStanding } from '../machine/KioskOutputs.ts';
import { OUTAGE_CASE_NUMBER, SERVICE_REACHABLE, mynaPortalAllowed, type OutageCase } from '../protocol/OutageCase.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';

export interface DeviceHealth {
  reader: 'ok' | 'fault';
  camera: 'ok' | 'fault';
  panel: 'attached' | 'detached';
  service: 'up' | 'down';
  card: 'present' | 'absent';
}

/**
 * What the patient screen shows: the step and only what that step needs. Patient data (the
 * result) appears only on the result screen, so a removed card never leaves it behind.
 */
export interface PatientScreen {
  /** The visit state path, e.g. `standby`, `askingConsent.surgery`, `outage.guidance`. */
  step: string;
  health: DeviceHealth;
  /** An outage banner on the standby screen, before a patient arrives. */
  outageBanner: boolean;
  methods: { face: boolean; pin: boolean; visual: boolean } | null;
  pinTriesLeft: number | null;
  faceAttemptsLeft: number | null;
  certificateStanding: CertificateStanding | null;
  outageCase: OutageCase | null;
  result: EligibilitySummary | null;
}

/** What the staff view (資格確認端末) shows for the visit in progress. */
export interface StaffScreen {
  step: string;
  visit: VisitDraft;
  outage: { case: OutageCase; number: string; serviceReachable: boolean; mynaPortalAllowed: boolean } | null;
  /** The candidates of an ambiguous システム障害時モード lookup, or the single result to confirm. */
  eligibility: VisitDraft['eligibility'];
}

function stepOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${stepOf(child)}`;
}

export function healthOf(snapshot: SnapshotFrom<KioskMachine>): DeviceHealth {
  return (snapshot.value as unknown as { health: DeviceHealth }).health;
}

export function visitStep(snapshot: SnapshotFrom<KioskMachine>): string {
  return stepOf((snapshot.value as { visit: unknown }).visit);
}

export function patientScreen(snapshot: SnapshotFrom<KioskMachine>): PatientScreen {
  const step = visitStep(snapshot);
  const health = healthOf(snapshot);
  const c = snapshot.context;
  const choosing = ['choosingMethod', 'faceFailed', 'pinBlocked', 'faceRetry'].includes(step);
  return {
    step,
    health,
    outageBanner: step === 'standby' && (health.reader === 'fault' || health.service === 'down' || health.camera === 'fault'),
    methods: choosing
      ? {
          face: health.camera === 'ok' && c.faceAttempts < MAX_FACE_ATTEMPTS,
          pin: c.pinTriesLeft !== null && c.pinTriesLeft > 0,
          visual: health.panel === 'attached',
        }
      : null,
    pinTriesLeft: ['enteringPin', 'pinWrong', 'pinBlocked', 'choosingMethod', 'faceFailed'].includes(step) ? c.pinTriesLeft : null,
    faceAttemptsLeft: ['matchingFace', 'faceRetry', 'faceFailed'].includes(step) ? MAX_FACE_ATTEMPTS - c.faceAttempts : null,
    certificateStanding: ['expiryNotice', 'graceNotice'].includes(step) ? c.certificateStanding : null,
    outageCase: step.startsWith('outage') ? c.outageCase : null,
    result: step === 'showingResult' ? (c.visit.eligibility?.summary ?? null) : null,
  };
}

export function staffScreen(snapshot: SnapshotFrom<KioskMachine>): StaffScreen {
  const c = snapshot.context;
  return {
    step: visitStep(snapshot),
    visit: c.visit,
    outage: c.outageCase ? { case: c.outageCase, number: OUTAGE_CASE_NUMBER[c.outageCase], serviceReachable: SERVICE_REACHABLE[c.outageCase], mynaPortalAllowed: mynaPortalAllowed(c.outageCase) } : null,
    eligibility: c.visit.eligibility,
  };
}
