import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { PatientResult } from './EligibilityOutcome.ts';
import type { OutageCase } from './OutageCase.ts';
import type { OutageCause } from './OutageCause.ts';
import type { PatientMessage } from './PatientMessage.ts';
import type { CardFaceItems } from './UiEvent.ts';
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
 * A wait the patient is warned of before it runs out: how much is left when the view was made, and from
 * how much left the screen asks 「続けますか？」 (with 「続ける」 when the step takes `time.extended`).
 */
export interface Countdown {
  leftMs: number;
  totalMs: number;
  warnMs: number;
  extendable: boolean;
}

/**
 * What the patient screen shows: the step and only what that step needs. Patient data (the
 * result) appears only on the result screen, so a removed card never leaves it behind.
 */
export interface PatientScreen {
  /** The visit state path, e.g. `standby`, `askingConsent.operation`, `outage.guidance`. */
  step: string;
  /** What the screen says where the step alone does not decide it (see PatientMessage). */
  message: PatientMessage | null;
  /** On the result screen: the 処方箋の発行形態 the patient chose (null: not asked, or not the result screen). */
  prescriptionIssue: 'electronic' | 'paper' | null;
  /** The kiosk has a smartphone reader: standby offers 「スマートフォン」 (the smartphone マイナ保険証). */
  phoneAccepted: boolean;
  health: DeviceHealth;
  /** An outage banner on the standby screen, before a patient arrives. */
  outageBanner: boolean;
  /**
   * While the card face is read: true when the picture comes from the screen's camera, so the patient must
   * show the card front to it (a document camera over the tray needs nothing of the patient).
   */
  cardFaceByCamera: boolean;
  /** The wait of this step, when the patient is warned before it runs out. */
  countdown: Countdown | null;
  methods: MethodChoice | null;
  pinTriesLeft: number | null;
  faceAttemptsLeft: number | null;
  certificateStanding: CertificateStanding | null;
  outageCase: OutageCase | null;
  outageCause: OutageCause | null;
  result: PatientResult | null;
}

/** The outage procedure of the visit in progress, as the staff view guides it. */
export interface OutageGuidance {
  case: OutageCase;
  /** The case as the seed document numbers it: 1, 2, 3-1 … 3-4. */
  number: string;
  serviceReachable: boolean;
  mynaPortalAllowed: boolean;
}

/**
 * What is wrong with a sensor, as the staff view says it: noDevice (no camera or scanner folder there),
 * inUse (another program holds the camera), fault (the device failed), modelMissing (the face model's
 * files are not installed), engineMissing (tesseract or its language data is not installed),
 * unreadable (the last card face could not be read; `field` names the field), noFrame (the camera gave
 * no usable picture of the card). None of them is ever a removed card: the chip is still on the reader.
 */
export type SensorProblemCode = 'noDevice' | 'inUse' | 'fault' | 'modelMissing' | 'engineMissing' | 'unreadable' | 'noFrame';

export interface SensorProblem {
  code: SensorProblemCode;
  /** With unreadable: the card-face field that could not be read. */
  field?: 'birthDate' | 'cardExpiry' | 'securityCode';
  /** The adapter's own words, with how to fix it where it knows. */
  message: string;
  /** When it was seen (ISO). */
  at: string;
}

/** One sensor of the reader: what it is, whether it is ready, what that means; `problem` is what went wrong last. */
export interface SensorStatus {
  sensor: 'reader' | 'phoneReader' | 'staffAppReader' | 'readerKey' | 'camera' | 'cardFace' | 'panel';
  device: string;
  ready: boolean;
  /** What it means for a check-in, or what is wrong and how to fix it. */
  note: string;
  problem?: SensorProblem;
}

/**
 * What waits for staff, most urgent first: the staff view's action card shows each in red (the patient
 * cannot go on without staff) or amber (staff should know), with the next action as its primary button.
 */
export const STAFF_ALERT_KINDS = [
  'visualCheck', // 目視確認: compare the card photo with the patient
  'confirmMatch', // a tolerant システム障害時モード match: ask the patient before the claim goes on it
  'review', // 複数該当, 無効（新しい資格あり）, suspected wrong linkage
  'outage', // an outage procedure in progress
  'certificateRevoked', // the certificate is revoked: the card may be lost or re-issued
  'cardFaceEntry', // type the card face's three fields
  'documentEntry', // type the 資格確認書's numbers
  'numberNotFound', // 該当資格なし by number: type them again
  'cardLeftBehind', // the card lies on the reader after the visit
  'identityRefused', // 目視確認 refused: the patient was asked to the desk
  'pinBlocked', // the card's PIN is blocked
  'storageFault', // the visit could not be written
  'serviceDown', // device health, shown as a banner before a patient arrives
  'readerFault',
  'cameraFault',
] as const;
export type StaffAlertKind = (typeof STAFF_ALERT_KINDS)[number];
export interface StaffAlert {
  kind: StaffAlertKind;
  severity: 'red' | 'amber';
}

/** The patient of the visit in progress, as the card face (through 照合番号B) or the service's result gives them. */
export type CurrentPatient = CardFaceItems & { kana: string | null; source: 'card' | 'result' };

/** What the staff view (資格確認端末) shows for the visit in progress. */
export interface StaffScreen {
  /** The reader's sensors, as configured: what the kiosk can do, and what is missing. */
  sensors: SensorStatus[];
  step: string;
  visit: VisitDraft;
  outage: OutageGuidance | null;
  /** The candidates of an ambiguous システム障害時モード lookup, or the single result to confirm. */
  eligibility: VisitDraft['eligibility'];
  patient: CurrentPatient | null;
  alerts: StaffAlert[];
  /** What the patient panel says now, so staff know what the patient has read. */
  patientMessage: PatientMessage | null;
}

/** One view of the kiosk for its screens; `staff` is left out for the patient panel. */
export interface KioskView {
  patient: PatientScreen;
  staff: StaffScreen;
  visitId: string | null;
}
