import type { SnapshotFrom } from 'xstate';
import type { KioskMachine } from './createKioskMachine.ts';

/** Visit states whose guards read how identity can still be proven (PIN tries, face attempts, certificate). */
const IDENTITY_STATES = new Set(['choosingMethod', 'matchingFace', 'faceRetry', 'faceFailed', 'enteringPin', 'pinWrong', 'pinBlocked', 'visualCheck']);

/**
 * The identity of a kiosk state for the model-based tests: the state value plus only those context
 * facts that a guard reachable from this state reads. Volatile data (the visit draft, results,
 * consents) never counts, so the state graph stays finite and small.
 */
export function kioskStateKey(snapshot: SnapshotFrom<KioskMachine>): string {
  const { certificateStanding, pinTriesLeft, faceAttempts, outageCase } = snapshot.context;
  const visit = (snapshot.value as { visit: string | Record<string, string> }).visit;
  const step = typeof visit === 'string' ? visit : Object.keys(visit)[0]!;
  const facts: Record<string, unknown> = {};
  if (IDENTITY_STATES.has(step)) Object.assign(facts, { certificateStanding, pinTriesLeft, faceAttempts });
  if (step === 'outage') facts.outageCase = outageCase;
  return JSON.stringify({ value: snapshot.value, ...facts });
}
