import { describe, expect, it } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { createKioskMachine, type KioskMachine } from './createKioskMachine.ts';
import type { EligibilityOutcome } from '../protocol/EligibilityOutcome.ts';
import type { NumberDocument } from '../protocol/UiEvent.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';

const eligible: EligibilityOutcome = { kind: 'eligible', summary: { insurerNumber: '06130012', insurerName: '保険者', copayPercent: 30, qualificationValidity: 1, referenceNumber: 'R1', noticeCodes: [] } } as EligibilityOutcome;
const search = { insurerNumber: '06130012', symbol: '', number: '1234', branch: '', birthDate: '1980-02-17' };

/** The 資格確認書 path up to the query, with staff typing the numbers of `document` on `day`. */
function typeNumbers(document: NumberDocument, day: string) {
  const queried: unknown[] = [];
  const machine = createKioskMachine().provide({
    actors: {
      queryByNumber: fromPromise(async ({ input }) => {
        queried.push(input);
        return eligible;
      }),
      persistVisit: fromPromise<void, { visit: VisitDraft }>(async () => {}),
    },
  }) as KioskMachine;
  const actor = createActor(machine).start();
  actor.send({ type: 'document.chosen' });
  actor.send({ type: 'staff.insuranceEntered', search, document, day });
  return { state: JSON.stringify(actor.getSnapshot().value.visit), queried };
}

describe('the 資格確認書 path follows the rules of the visit day', () => {
  it('on 2025-11-20 staff may ask by the numbers of an expired 保険証 (interim rule)', () => {
    expect(typeNumbers('expiredHealthInsuranceCard', '2025-11-20').state).toBe('"queryingByNumber"');
  });

  it('on 2026-04-01 the numbers of an expired 保険証 or the お知らせ alone are refused; a 資格確認書 is asked', () => {
    expect(typeNumbers('expiredHealthInsuranceCard', '2026-04-01').state).toBe('"enteringInsuranceNumber"');
    expect(typeNumbers('qualificationNoticeAlone', '2026-04-01').state).toBe('"enteringInsuranceNumber"');
    expect(typeNumbers('qualificationCertificate', '2026-04-01').state).toBe('"queryingByNumber"');
  });

  it('a valid 保険証 is taken on its last day, 2025-12-01, and not on 2025-12-02', () => {
    expect(typeNumbers('healthInsuranceCard', '2025-12-01').state).toBe('"queryingByNumber"');
    expect(typeNumbers('healthInsuranceCard', '2025-12-02').state).toBe('"enteringInsuranceNumber"');
  });
});

describe('the outage guidance follows the rules of the visit day', () => {
  function showProof(proof: 'healthInsuranceCard' | 'qualificationCertificate', day: string, outageCase: 'readerFault' | 'networkDown') {
    const machine = createKioskMachine().provide({ actors: { persistVisit: fromPromise<void, { visit: VisitDraft }>(async () => {}) } }) as KioskMachine;
    const actor = createActor(machine).start();
    actor.send({ type: 'staff.toOutage', outageCase });
    actor.send({ type: 'staff.proofShown', proof, numbers: { insurerNumber: '01130012', symbol: '21200041', number: '123', branch: '00' }, day });
    return actor.getSnapshot().context.visit.ownProof ?? 'refused';
  }

  it('a valid 保険証 settles a 3-4 visit on 2025-11-20 and is refused on 2026-01-05', () => {
    expect(showProof('healthInsuranceCard', '2025-11-20', 'networkDown')).toBe('healthInsuranceCard');
    expect(showProof('healthInsuranceCard', '2026-01-05', 'networkDown')).toBe('refused');
    expect(showProof('qualificationCertificate', '2026-01-05', 'networkDown')).toBe('qualificationCertificate');
  });
});
