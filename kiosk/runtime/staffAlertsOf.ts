import type { SnapshotFrom } from 'xstate';
import type { KioskMachine } from '../machine/createKioskMachine.ts';
import type { DeviceHealth, StaffAlert, StaffAlertKind } from '../protocol/KioskScreen.ts';

type KioskSnapshot = SnapshotFrom<KioskMachine>;

const BY_STEP: Record<string, StaffAlert> = {
  visualCheck: { kind: 'visualCheck', severity: 'red' },
  'outage.confirmingMatch': { kind: 'confirmMatch', severity: 'red' },
  staffReview: { kind: 'review', severity: 'red' },
  enteringCardFace: { kind: 'cardFaceEntry', severity: 'red' },
  enteringInsuranceNumber: { kind: 'documentEntry', severity: 'amber' },
  insuranceNumberNotFound: { kind: 'numberNotFound', severity: 'red' },
  storageFault: { kind: 'storageFault', severity: 'red' },
};

/** What waits for staff now, most urgent first (the action card shows the first with its primary button). */
export function staffAlertsOf(snapshot: KioskSnapshot, step: string, health: DeviceHealth): StaffAlert[] {
  const visit = snapshot.context.visit;
  const alerts: StaffAlert[] = [];
  const add = (kind: StaffAlertKind, severity: StaffAlert['severity']) => alerts.push({ kind, severity });
  const own = BY_STEP[step];
  if (own) alerts.push(own);
  else if (step.startsWith('outage')) add('outage', 'red');
  if (visit.outageCause === 'certificateRevoked') add('certificateRevoked', 'red');
  if (step === 'finishing' && visit.outcome === 'identityRefused') add('identityRefused', 'red');
  if (step === 'standby' && health.card === 'present') add('cardLeftBehind', 'amber');
  if (visit.started && visit.pinBlocked) add('pinBlocked', 'amber');
  if (health.service === 'down') add('serviceDown', 'red');
  if (health.reader === 'fault') add('readerFault', 'red');
  if (health.camera === 'fault') add('cameraFault', 'amber');
  return alerts;
}
