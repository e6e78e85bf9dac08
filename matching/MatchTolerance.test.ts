import { describe, expect, it } from 'vitest';
import { MatchToleranceSchema as WireTolerance } from '../protocol/eligibility/EligibilityResult.ts';
import { MATCH_TOLERANCES } from './MatchTolerance.ts';

describe('the tolerance vocabulary', () => {
  it('is the same on the wire as in the matching rule, word for word and in order', () => {
    expect(WireTolerance.options).toEqual([...MATCH_TOLERANCES]);
  });
});
