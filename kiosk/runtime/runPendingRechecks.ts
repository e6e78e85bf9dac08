import type { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { OutageLookup } from '../../protocol/eligibility/ServerMessage.ts';
import { isServiceError } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { VisitStore } from './VisitStore.ts';

/** Back-off of a postponed re-check: 2 s, 4 s, 8 s … at most 5 minutes (ours). */
export function recheckBackoffMs(attempts: number): number {
  return Math.min(300_000, 2_000 * 2 ** Math.max(0, attempts));
}

export interface RecheckRunOptions {
  /** Only re-checks that are due (the scheduler); without, every pending one (an explicit run). */
  dueOnly?: boolean;
  /** Hears of each re-check settled by a lookup, with that lookup. */
  onSettled?: (visitId: string, lookup: OutageLookup) => void;
}

/**
 * 事後的な資格確認: for each visit that ended with a re-check pending, look the patient up by the 4
 * card-face items. A single match settles the claim on the current qualification; no or several matches
 * settle the re-check as failed, for staff to follow up. Exactly once, end to end: each re-check carries
 * its own idempotency key (stored with it), so a look-up whose answer was lost is repeated as a replay and
 * the service records it once; VisitStore settles only pending rows. A service error postpones the
 * re-check with back-off and ends the run (the service is likely down for the rest too).
 */
export async function runPendingRechecks(store: VisitStore, client: EligibilityClient, now: () => Date, log: (line: string) => void, options: RecheckRunOptions = {}): Promise<number> {
  let settled = 0;
  for (const { visit, idempotencyKey, attempts } of store.pendingRechecks(options.dueOnly ? now() : undefined)) {
    if (!visit.cardFace) {
      if (store.settleRecheck(visit.visitId, 'failed', 'no card-face items recorded: staff must check by hand', null, now())) settled++;
      continue;
    }
    try {
      await client.enableOutageMode({ reason: 'powerOrNetwork', contactPerson: 'kiosk re-check' }, { idempotencyKey: `${idempotencyKey}:outage.enable` });
      const lookup = await client.lookupDuringOutage(visit.cardFace, { idempotencyKey: `${idempotencyKey}:outage.lookup` });
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
        options.onSettled?.(visit.visitId, lookup);
      }
    } catch (error) {
      if (!isServiceError(error)) throw error;
      const wait = recheckBackoffMs(attempts);
      store.postponeRecheck(visit.visitId, new Date(now().getTime() + wait), error.code);
      log(`re-check of visit ${visit.visitId} postponed ${Math.round(wait / 1000)} s: ${error.code}`);
      return settled;
    }
  }
  return settled;
}
