import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { ConsentItem } from '../protocol/Consent.ts';
import type { IdentityMethod } from '../protocol/IdentityMethod.ts';
import type { OutageCase } from '../protocol/OutageCase.ts';
import { emptyVisit, type VisitDraft } from '../protocol/VisitDraft.ts';

/**
 * The discrete facts the flow branches on. They are part of a state's identity for the
 * model-based tests (see kioskStateKey); everything volatile lives in `visit`.
 */
export interface KioskContext {
  certificateStanding: CertificateStanding | null;
  /** Tries left on the 利用者証明用 PIN (0 = blocked), null when the card has no PIN. */
  pinTriesLeft: number | null;
  /** The card signs without the PIN for this reader (face and 目視 need it). */
  signsWithoutPin: boolean;
  faceAttempts: number;
  /** The camera failed during this visit: face matching is not offered again, PIN or 目視 carry on. */
  cameraFailed: boolean;
  outageCase: OutageCase | null;
  /** The method chosen while the card photo is still to be read (face or 目視 both need it). */
  pendingMethod: 'face' | 'visual' | null;
  visit: VisitDraft;
}

export interface QueryEligibilityInput {
  identityMethod: IdentityMethod;
  consents: Partial<Record<ConsentItem, boolean>>;
  /** 処方箋の発行形態 chosen on the reader (sent as prescriptionIssueSelect 1 / 2); null: not asked. */
  prescriptionIssue: 'electronic' | 'paper' | null;
  /** The PMH answer (sent as medicalSubsidy use / decline); null: not asked. */
  medicalSubsidy: 'use' | 'decline' | null;
  /** 利用登録 on the spot (after E05): sent as registerInsuranceUse. */
  registerInsuranceUse: boolean;
}

/** Nothing of a patient: at start, in standby, and (with `started`) when a new visit begins. */
export function freshContext(started: boolean): KioskContext {
  return { certificateStanding: null, pinTriesLeft: null, signsWithoutPin: false, faceAttempts: 0, cameraFailed: false, outageCase: null, pendingMethod: null, visit: { ...emptyVisit(), started } };
}
