import type { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { OutageLookup } from '../../protocol/eligibility/ServerMessage.ts';
import { isServiceError } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { VisitStore } from './VisitStore.ts';

/**
 * 事後的な資格確認: for each visit that ended with a re-check pending, look the patient up by the 4
 * card-face items once the service is back. A single match settles the claim on the current
 * qualification; no or several matches settle the re-check as failed, for staff to follow up.
 * Each re-check is settled exactly once (VisitStore only settles pending rows); a service error
 * leaves it pending for the next run. `onSettled` hears of each one settled by a lookup, with that lookup.
 */
export async function runPendingRechecks(
  store: VisitStore,
  client: EligibilityClient,
  now: () => Date,
  log: (line: string) => void,
  onSettled: (visitId: string, lookup: OutageLookup) => void = () => undefined,
): Promise<number> {
  let settled = 0;
  for (const visit of store.pendingRechecks()) {
    if (!visit.cardFace) {
      if (store.settleRecheck(visit.visitId, 'failed', 'no card-face items recorded: staff must check by hand', null, now())) settled++;
      continue;
    }
    try {
      await client.enableOutageMode({ reason: 'powerOrNetwork', contactPerson: 'kiosk re-check' });
      const lookup = await client.lookupDuringOutage(visit.cardFace);
      const only = lookup.candidates.length === 1 ? lookup.candidates[0]! : undefined;
      const row = only?.ResultList[0];
      let ok: boolean;
      if (only && row && only.QualificationValidity === '1') {
        ok = store.settleRecheck(visit.visitId, 'done', `found ${row.InsurerNumber}, 有効 (${lookup.referenceNumber})`, { claimRoute: 'current', claimInsurerNumber: row.InsurerNumber }, now());
      } else if (only && row) {
        // Still not valid: the claim stays on the route staff chose (旧資格 or 不詳).
        ok = store.settleRecheck(visit.visitId, 'done', `found ${row.InsurerNumber}, QualificationValidity ${only.QualificationValidity} (${lookup.referenceNumber})`, null, now());
      } else {
        ok = store.settleRecheck(visit.visitId, 'failed', `${lookup.candidates.length} candidates (${lookup.referenceNumber})`, null, now());
      }
      if (ok) {
        settled++;
        onSettled(visit.visitId, lookup);
      }
    } catch (error) {
      if (!isServiceError(error)) throw error;
      log(`re-check of visit ${visit.visitId} postponed: ${error.code}`);
      return settled;
    }
  }
  return settled;
}
