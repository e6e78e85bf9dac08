import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { IdentityMethod } from '../../protocol/eligibility/ClientMessage.ts';
import type { ConsentItem } from './Consent.ts';
import type { EligibilityOutcome, EligibilitySummary } from './EligibilityOutcome.ts';
import type { OutageCase } from './OutageCase.ts';
import type { OutageCause } from './OutageCause.ts';
import type { Declaration, OwnProof, QualificationNumbers } from './UiEvent.ts';

/** ClaimRoute: current qualification, a past one (旧資格請求), or unknown (不詳請求 with 77777777). */
export type ClaimRoute = 'current' | 'past' | 'unknown' | 'none';

/** Why the card face (the 照合番号B source) gave no photo: shown to staff, who then type the three fields. */
export interface CardFaceIssue {
  /**
   * noSource: no scanner configured; cameraUnavailable: the scanner's camera gave no frame (no camera, in
   * use, broken); notInFrame: the frame showed no card; unreadable: a field could not be read (`field`);
   * codeRefused: the card refused the 照合番号B; engineMissing: the OCR engine is not installed.
   */
  reason: 'noSource' | 'cameraUnavailable' | 'notInFrame' | 'unreadable' | 'codeRefused' | 'engineMissing';
  /** The field that could not be read, when one could not. */
  field: 'birthDate' | 'cardExpiry' | 'securityCode' | null;
  message: string;
}

export type VisitOutcome = 'completed' | 'cardRemoved' | 'cancelled' | 'timedOut' | 'pinBlocked' | 'identityRefused' | 'interrupted';

/**
 * What the machine knows about the visit in progress. The runtime adds ids and timestamps and
 * persists it as a VisitRecord. It never holds a PIN, a photo or a certificate.
 */
export interface VisitDraft {
  started: boolean;
  identityMethod: IdentityMethod | null;
  certificateStanding: CertificateStanding | null;
  consents: Partial<Record<ConsentItem, boolean>>;
  consentSkipped: boolean;
  /** Consent was not asked at all: the service was known to be down, or the certificate is in its grace (qualification only). */
  consentNotAsked: 'serviceDown' | 'certificateInGrace' | null;
  /** 処方箋の発行形態 the patient chose (asked only where the clinic issues 電子処方箋); null: not asked. */
  prescriptionIssue: 'electronic' | 'paper' | null;
  /** The answer to 「医療費助成の各種受給者証を利用しますか」 (asked only where the clinic is so configured); null: not asked. */
  medicalSubsidy: 'use' | 'decline' | null;
  /** The patient chose 「この場で利用登録する」 after E05: the confirmation is sent again with registerInsuranceUse. */
  registerInsuranceUse: boolean;
  /** The 利用者証明用 PIN was found blocked, or blocked during this visit. */
  pinBlocked: boolean;
  eligibility: EligibilityOutcome | null;
  outageCase: OutageCase | null;
  /** Why the outage procedure was entered (the words both screens use). */
  outageCause: OutageCause | null;
  ownProof: OwnProof | null;
  /** The numbers staff copied off the patient's own proof (the claim goes on them). */
  proofNumbers: QualificationNumbers | null;
  lookupToleranceUsed: boolean;
  /** The last card-face read that failed (cleared when one succeeds). */
  cardFaceIssue: CardFaceIssue | null;
  /** The candidates of an ambiguous システム障害時モード lookup, for staff to choose from (never a guess). */
  candidates: EligibilitySummary[];
  /** Share the patient paid, in percent (100 = 10割). */
  copayPercent: number | null;
  claimRoute: ClaimRoute | null;
  /** 保険者番号 the claim goes under: the real one, or 77777777 / 77777779 for 不詳. */
  claimInsurerNumber: string | null;
  /** 事後的な資格確認 to run when the service is back. */
  pendingRecheck: boolean;
  outcome: VisitOutcome | null;
  /** Where the visit was checked in: absent, the face reader; staffApp, the マイナ資格確認アプリ (its own reader, at the counter). */
  channel?: 'staffApp';
  /** 目視 on the staff app: who compared the face with the card photo (also on the reader's attestation). */
  visualConfirmedBy?: string;
}

export function emptyVisit(): VisitDraft {
  return {
    started: false,
    identityMethod: null,
    certificateStanding: null,
    consents: {},
    consentSkipped: false,
    consentNotAsked: null,
    prescriptionIssue: null,
    medicalSubsidy: null,
    registerInsuranceUse: false,
    pinBlocked: false,
    eligibility: null,
    outageCase: null,
    outageCause: null,
    ownProof: null,
    proofNumbers: null,
    lookupToleranceUsed: false,
    cardFaceIssue: null,
    candidates: [],
    copayPercent: null,
    claimRoute: null,
    claimInsurerNumber: null,
    pendingRecheck: false,
    outcome: null,
  };
}

/** 不詳請求: 保険者等番号 filled with 7s, or 77777779 where the claim software cannot take that. */
export function unknownInsurerNumber(declaration: Declaration): string {
  return declaration.claimSoftwareRejects7777 ? '77777779' : '77777777';
}
