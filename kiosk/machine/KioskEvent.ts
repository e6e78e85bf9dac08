import type { OutageCase } from '../protocol/OutageCase.ts';

/** The 4 card-face items staff read off the card for システム障害時モード. */
export interface CardFaceItems {
  name: string;
  birthDate: string;
  sex: 'male' | 'female' | 'notApplicable';
  address: string;
}

/** 照会区分 2: what a 資格確認書 (or old 保険証) carries. */
export interface InsuranceNumberSearch {
  insurerNumber: string;
  symbol: string;
  number: string;
  branch: string;
  birthDate: string;
}

/** Proof the patient shows at the counter during an outage (§3.2 step 1). */
export type OwnProof = 'mynaPortal' | 'qualificationCertificate' | 'qualificationNotice';

/** 被保険者資格申立書: what staff take from the form; copay as the patient pays it now. */
export interface Declaration {
  copayPercent: 10 | 20 | 30;
  insuranceType: 'employee' | 'national' | 'lateElderly' | 'unknown';
  /** The claim software cannot take 77777777: use 77777779 (事務連絡 revised 2023-09-15). */
  claimSoftwareRejects7777: boolean;
}

/**
 * Every event the kiosk machine takes, namespaced like xstate's own. Device events come from the
 * runtime's device adapters, `patient.*`-like UI events from the touch panel, `staff.*` from the
 * staff view or the HID staff panel. Actor results arrive as xstate.done/error.actor.* events.
 */
export type KioskEvent =
  // devices and service health
  | { type: 'card.inserted' }
  | { type: 'card.removed' }
  | { type: 'reader.detached' }
  | { type: 'reader.attached' }
  | { type: 'camera.fault' }
  | { type: 'camera.recovered' }
  | { type: 'panel.detached' }
  | { type: 'panel.attached' }
  | { type: 'service.down' }
  | { type: 'service.up' }
  // patient, on the reader's touch panel
  | { type: 'document.chosen' } // 「資格確認書をお持ちの方」
  | { type: 'method.face' }
  | { type: 'method.pin' }
  | { type: 'method.visual' }
  | { type: 'face.retry' }
  | { type: 'consent.answered'; agree: boolean }
  | { type: 'consent.skipAll' }
  | { type: 'notice.acknowledged' }
  | { type: 'result.acknowledged' }
  | { type: 'cancel' }
  // staff, on the 資格確認端末 view or the staff panel
  | { type: 'staff.approved' }
  | { type: 'staff.refused' }
  | { type: 'staff.insuranceEntered'; search: InsuranceNumberSearch }
  | { type: 'staff.confirmedCurrent' } // a 複数該当 / new-qualification / wrong-linkage result checked by staff
  | { type: 'staff.toOutage'; outageCase: OutageCase }
  | { type: 'staff.jobChangeReported' } // case 2 turns out to be case 1
  | { type: 'staff.proofShown'; proof: OwnProof }
  | { type: 'staff.lookupRequested'; items: CardFaceItems }
  | { type: 'staff.candidateChosen'; index: number }
  | { type: 'staff.declarationStarted' }
  | { type: 'staff.declarationSubmitted'; declaration: Declaration }
  | { type: 'staff.selfPay' };

export type KioskEventType = KioskEvent['type'];
