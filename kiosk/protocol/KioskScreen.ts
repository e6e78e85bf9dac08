import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { EligibilitySummary } from './EligibilityOutcome.ts';
import type { OutageCase } from './OutageCase.ts';
import type { VisitDraft } from './VisitDraft.ts';

/** What the kiosk knows of its devices and the service: the statechart's `health` region. */
export interface DeviceHealth {
  reader: 'ok' | 'fault';
  /** absent: no face camera is configured (face matching is not offered; not an outage). */
  camera: 'ok' | 'fault' | 'absent';
  panel: 'attached' | 'detached';
  service: 'up' | 'down';
  card: 'present' | 'absent';
}

/** The ways to prove identity the patient may choose now (the statechart would take the event). */
export interface MethodChoice {
  face: boolean;
  pin: boolean;
  visual: boolean;
}

/**
 * What the patient screen shows: the step and only what that step needs. Patient data (the
 * result) appears only on the result screen, so a removed card never leaves it behind.
 */
export interface PatientScreen {
  /** The visit state path, e.g. `standby`, `askingConsent.operation`, `outage.guidance`. */
  step: string;
  health: DeviceHealth;
  /** An outage banner on the standby screen, before a patient arrives. */
  outageBanner: boolean;
  methods: MethodChoice | null;
  pinTriesLeft: number | null;
  faceAttemptsLeft: number | null;
  certificateStanding: CertificateStanding | null;
  outageCase: OutageCase | null;
  result: EligibilitySummary | null;
}

/** The outage procedure of the visit in progress, as the staff view guides it. */
export interface OutageGuidance {
  case: OutageCase;
  /** The case as the seed document numbers it: 1, 2, 3-1 … 3-4. */
  number: string;
  serviceReachable: boolean;
  mynaPortalAllowed: boolean;
}

/** One sensor of the reader as configured at start: what it is, whether it is ready, what that means. */
export interface SensorStatus {
  sensor: 'reader' | 'readerKey' | 'camera' | 'cardFace' | 'panel';
  device: string;
  ready: boolean;
  /** What it means for a check-in, or what is wrong and how to fix it. */
  note: string;
}

/** What the staff view (資格確認端末) shows for the visit in progress. */
export interface StaffScreen {
  /** The reader's sensors, as configured: what the kiosk can do, and what is missing. */
  sensors: SensorStatus[];
  step: string;
  visit: VisitDraft;
  outage: OutageGuidance | null;
  /** The candidates of an ambiguous システム障害時モード lookup, or the single result to confirm. */
  eligibility: VisitDraft['eligibility'];
}

/** One view of the kiosk for its screens; `staff` is left out for the patient panel. */
export interface KioskView {
  patient: PatientScreen;
  staff: StaffScreen;
  visitId: string | null;
}
