import type { IdentityMethod } from '../../protocol/eligibility/ClientMessage.ts';
import type { EligibilityResult } from '../../protocol/eligibility/EligibilityResult.ts';
import type { OutageLookup } from '../../protocol/eligibility/ServerMessage.ts';
import type { ConsentItem } from './Consent.ts';
import type { OutageCase } from './OutageCase.ts';
import type { ClaimRoute } from './VisitDraft.ts';

/** What the service answered for a visit, in full: a confirmation (照会区分 1 or 2), or a システム障害時モード lookup. */
export type ServiceAnswer =
  | { kind: 'card.confirm' | 'insurance.confirm'; result: EligibilityResult }
  | { kind: 'outage.lookup'; lookup: OutageLookup };

/**
 * A check-in the kiosk has settled, for whoever receives patients after the reader (the 資格確認端末 pushes it
 * to the clinic software as a face result). `checkIn` when a visit that asked the service is recorded;
 * `recheck` when its 事後的な資格確認 settles later, carrying the lookup that settled it.
 */
export interface SettledCheckIn {
  kind: 'checkIn' | 'recheck';
  visitId: string;
  /** ISO times: the visit's start, and when this was settled (the visit recorded, or the re-check answered). */
  startedAt: string;
  settledAt: string;
  identityMethod: IdentityMethod | null;
  /** The consents answered at the reader (the times are in the result's …ConsTime). */
  consents: Partial<Record<ConsentItem, boolean>>;
  consentSkipped: boolean;
  answer: ServiceAnswer;
  outageCase: OutageCase | null;
  claimRoute: ClaimRoute | null;
  claimInsurerNumber: string | null;
  copayPercent: number | null;
}
