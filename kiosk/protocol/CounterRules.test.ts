import { describe, expect, it } from 'vitest';
import { COUNTER_RULES, counterAccepts, counterRulesOn } from './CounterRules.ts';

const documentsOn = (day: string) => counterRulesOn(day).map((r) => r.document).sort();

describe('the rules of the counter on a given day', () => {
  it('on 2025-11-20 a valid 保険証, an expired one (after a query) and the お知らせ alone are all accepted', () => {
    expect(documentsOn('2025-11-20')).toEqual(['expiredHealthInsuranceCard', 'healthInsuranceCard', 'mynaCard', 'mynaPortal', 'qualificationCertificate', 'qualificationNotice', 'qualificationNoticeAlone', 'smartphone']);
    expect(counterAccepts('expiredHealthInsuranceCard', '2025-11-20')).toBe(true);
    // The interim rule needs the service to confirm the numbers: not while it cannot be reached.
    expect(counterAccepts('expiredHealthInsuranceCard', '2025-11-20', { serviceReachable: false })).toBe(false);
    expect(counterAccepts('healthInsuranceCard', '2025-11-20', { serviceReachable: false })).toBe(true);
  });

  it('2025-12-01 is the last day of any 保険証; on 12-02 only the interim rule takes an expired one', () => {
    expect(counterAccepts('healthInsuranceCard', '2025-12-01')).toBe(true);
    expect(counterAccepts('healthInsuranceCard', '2025-12-02')).toBe(false);
    expect(counterAccepts('expiredHealthInsuranceCard', '2025-12-02')).toBe(true);
  });

  it('on 2026-04-01 an expired 保険証 and the お知らせ alone are refused; the 資格確認書 and the マイナ保険証 stay', () => {
    expect(counterAccepts('expiredHealthInsuranceCard', '2026-03-31')).toBe(true);
    expect(counterAccepts('expiredHealthInsuranceCard', '2026-04-01')).toBe(false);
    expect(counterAccepts('qualificationNoticeAlone', '2026-04-01')).toBe(false);
    expect(documentsOn('2026-04-01')).toEqual(['mynaCard', 'mynaPortal', 'qualificationCertificate', 'qualificationNotice', 'smartphone']);
  });

  it('the smartphone is accepted from the national start on 2025-09-19, not before', () => {
    expect(counterAccepts('smartphone', '2025-09-18')).toBe(false);
    expect(counterAccepts('smartphone', '2025-09-19')).toBe(true);
  });

  it('every rule names a public source', () => {
    for (const rule of COUNTER_RULES) expect(rule.sources.every((s) => s.startsWith('https://')), rule.id).toBe(true);
  });
});
