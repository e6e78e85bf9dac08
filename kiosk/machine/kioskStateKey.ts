import type { SnapshotFrom } from 'xstate';
import type { KioskMachine } from './createKioskMachine.ts';

/**
 * The identity of a kiosk state for the model-based tests: the state value plus only those context
 * facts that a guard reachable from this state reads. Volatile data (the visit draft, results,
 * consents) never counts, so the state graph stays finite and small.
 */
export function kioskStateKey(snapshot: SnapshotFrom<KioskMachine>): string {
  const { certificateStanding, pinTriesLeft, faceAttempts, cameraFailed, outageCase, pendingMethod } = snapshot.context;
  const facts: Record<string, unknown> = {};
  // Steps whose guards read how identity can still be proven (PIN tries, face attempts, certificate, a camera that failed).
  if (snapshot.hasTag('identityStep')) Object.assign(facts, { certificateStanding, pinTriesLeft, faceAttempts, ...(cameraFailed ? { cameraFailed } : {}) });
  // Reading the card face leads to the method that waits for its photo.
  if (snapshot.hasTag('cardFaceStep')) facts.pendingMethod = pendingMethod;
  if (snapshot.hasTag('outage')) facts.outageCase = outageCase;
  return JSON.stringify({ value: snapshot.value, ...facts });
}
