import { __unsafe_getAllOwnEventDescriptors, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { KioskFault, KIOSK_FAULT_CODES } from '../../kiosk/machine/KioskFault.ts';
import type { EligibilityOutcome, EligibilitySummary, FaceOutcome, LookupOutcome, PinOutcome, ReadCardOutput } from '../../kiosk/machine/KioskOutputs.ts';
import { OUTAGE_CASES } from '../../kiosk/machine/OutageCase.ts';

const summary: EligibilitySummary = { insurerNumber: '01130012', insurerName: '全国健康保険協会', copayPercent: 30, qualificationValidity: 1, referenceNumber: 'R1', noticeCodes: [] };

const readCardOutputs: ReadCardOutput[] = [
  { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 3 },
  { cardKind: 'standard', certificateStanding: 'expiringSoon', pinTriesLeft: 3 },
  { cardKind: 'standard', certificateStanding: 'expiredInGrace', pinTriesLeft: 3 },
  { cardKind: 'standard', certificateStanding: 'expiredBeyondGrace', pinTriesLeft: 3 },
  { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 1 },
  { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 0 },
  { cardKind: 'faceAuth', certificateStanding: 'valid', pinTriesLeft: null },
];
const faceOutputs: FaceOutcome[] = [{ outcome: 'match' }, { outcome: 'noMatch' }, { outcome: 'noFace' }];
const pinOutputs: PinOutcome[] = [{ outcome: 'verified' }, { outcome: 'wrong', triesLeft: 2 }, { outcome: 'wrong', triesLeft: 1 }, { outcome: 'wrong', triesLeft: 0 }, { outcome: 'blocked' }];
const eligibilityOutputs: EligibilityOutcome[] = (['eligible', 'invalid', 'invalidWithNewQualification', 'noQualification', 'multiple', 'wrongLinkage', 'certificateRefused'] as const).map((kind) => ({ kind, summary }));
const lookupOutputs: LookupOutcome[] = [
  { outcome: 'found', candidates: 1, toleranceUsed: false, summary },
  { outcome: 'found', candidates: 1, toleranceUsed: true, summary },
  { outcome: 'ambiguous', candidates: 2, summaries: [summary, summary] },
  { outcome: 'notFound' },
];

const DONE_OUTPUTS: Record<string, unknown[]> = {
  readCard: readCardOutputs,
  matchFace: faceOutputs,
  verifyPin: pinOutputs,
  queryEligibility: eligibilityOutputs,
  queryByNumber: eligibilityOutputs,
  outageLookup: lookupOutputs,
  persistVisit: [undefined],
};

const PAYLOADS: Record<string, object[]> = {
  'consent.answered': [{ agree: true }, { agree: false }],
  'staff.insuranceEntered': [{ search: { insurerNumber: '06139999', symbol: '12', number: '345', branch: '00', birthDate: '1970-01-01' } }],
  'staff.toOutage': OUTAGE_CASES.map((outageCase) => ({ outageCase })),
  'staff.proofShown': [{ proof: 'mynaPortal' }, { proof: 'qualificationCertificate' }, { proof: 'qualificationNotice' }],
  'staff.lookupRequested': [{ items: { name: '山田\u3000太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都千代田区霞が関１丁目２番２号' } }],
  'staff.candidateChosen': [{ index: 0 }],
  'staff.declarationSubmitted': [
    { declaration: { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: false } },
    { declaration: { copayPercent: 30, insuranceType: 'employee', claimSoftwareRejects7777: true } },
  ],
};

/** Every event the snapshot accepts, with one variant per outcome, error code and guard branch. */
export function kioskModelEvents(snapshot: AnyMachineSnapshot): EventObject[] {
  const out: EventObject[] = [];
  for (const type of __unsafe_getAllOwnEventDescriptors(snapshot) as string[]) {
    const done = /^xstate\.done\.actor\.(\w+)$/.exec(type);
    const error = /^xstate\.error\.actor\.(\w+)$/.exec(type);
    if (done) for (const output of DONE_OUTPUTS[done[1]!] ?? [undefined]) out.push({ type, output } as EventObject);
    else if (error) for (const code of KIOSK_FAULT_CODES) out.push({ type, error: new KioskFault(code, code) } as EventObject);
    else if (type.startsWith('xstate.done.state')) continue;
    else for (const payload of PAYLOADS[type] ?? [{}]) out.push({ type, ...payload });
  }
  return out;
}
