import { matchCardFaceItems, type PersonItems } from '../../matching/matchCardFaceItems.ts';
import type { MatchTolerance } from '../../matching/MatchTolerance.ts';
import { hasErrorCode } from '../../foundation/CodedError.ts';
import type { SimulatedJlis } from '../jlis/SimulatedJlis.ts';
import type { InsurerPolicy } from './InsurerPolicy.ts';

export type Acquisition =
  | { taken: true; myNumber: string; query: 'fiveItems' | 'threeItems'; hits: number; tolerances: MatchTolerance[]; askPerson: boolean }
  | { taken: false; query: 'fiveItems' | 'threeItems'; hits: number; why: string };

/**
 * The insurer's own J-LIS 照会 when no number came with the 届出. By the notice (保保発0127第1号 記1(2)): query
 * by the 5 items and take a number only when exactly one resident matches them all, one tolerance at most,
 * and ask the person when a tolerance was needed; never on 4 items or fewer. With the `threeItemQuery`
 * shortcut: query by カナ氏名・生年月日・性別 and take the first hit, as the insurers behind the wrong
 * linkages did (a legacy J-LIS answers it).
 */
export function acquireMyNumber(member: PersonItems, jlis: SimulatedJlis, policy: InsurerPolicy): Acquisition {
  if (policy.shortcuts.threeItemQuery) {
    let hits;
    try {
      hits = jlis.byAttributes({ nameKana: member.nameKana ?? undefined, birthDate: member.birthDate, sex: member.sex });
    } catch (error) {
      if (hasErrorCode(error, ['QUERY_REFUSED'])) return { taken: false, query: 'threeItems', hits: 0, why: error.message };
      throw error;
    }
    const first = hits[0];
    if (!first) return { taken: false, query: 'threeItems', hits: 0, why: 'J-LIS: 該当なし' };
    return { taken: true, myNumber: first.myNumber, query: 'threeItems', hits: hits.length, tolerances: [], askPerson: false };
  }
  const missing = (['name', 'nameKana', 'birthDate', 'sex', 'address'] as const).filter((item) => !member[item]);
  if (missing.length > 0) return { taken: false, query: 'fiveItems', hits: 0, why: `the record lacks ${missing.join(', ')}: 4 items or fewer are never enough; ask the employer for the number` };
  let hits;
  try {
    hits = jlis.byAttributes({ name: member.name, nameKana: member.nameKana!, birthDate: member.birthDate, sex: member.sex, address: member.address });
  } catch (error) {
    if (hasErrorCode(error, ['QUERY_REFUSED'])) return { taken: false, query: 'fiveItems', hits: 0, why: error.message };
    throw error;
  }
  const matches = hits.map((r) => ({ r, m: matchCardFaceItems(member, r, { combination: 'oneTolerance' }) })).filter((x) => x.m.matched);
  if (matches.length !== 1) return { taken: false, query: 'fiveItems', hits: hits.length, why: matches.length === 0 ? 'the 5 items do not match: ask the person' : 'several residents match: ask the person' };
  const { r, m } = matches[0]!;
  return { taken: true, myNumber: r.myNumber, query: 'fiveItems', hits: hits.length, tolerances: m.tolerances, askPerson: m.tolerances.length > 0 };
}
