import type { QualificationValidity } from '../../protocol/eligibility/EligibilityResult.ts';
import type { Qualification } from './InsuredRegistry.ts';

export interface ValidityDecision {
  validity: QualificationValidity;
  /** The qualifications the result lists, most relevant first. */
  shown: Qualification[];
}

/** In force on a Japanese calendar day: acquired on or before it and not yet lost (資格喪失日 is the first day without). */
export function isInForce(q: Qualification, day: string): boolean {
  return q.validFrom <= day && (q.lostOn === null || day < q.lostOn);
}

const newestFirst = (a: Qualification, b: Qualification) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0);

/**
 * By card (照会区分 1): all of one person's qualifications (or of several records linked to the same
 * card). One in force → 1 有効; several → 5 複数該当; none in force but some lost → 2 無効 (the newest
 * shown); none at all → 4 該当資格なし (the record exists but nothing was registered on it yet).
 */
export function decideByCard(qualifications: Qualification[], day: string): ValidityDecision {
  const inForce = qualifications.filter((q) => isInForce(q, day)).sort(newestFirst);
  if (inForce.length === 1) return { validity: '1', shown: inForce };
  if (inForce.length > 1) return { validity: '5', shown: inForce };
  const past = qualifications.filter((q) => q.validFrom <= day).sort(newestFirst);
  if (past.length > 0) return { validity: '2', shown: [past[0]!] };
  return { validity: '4', shown: [] };
}

/**
 * By numbers (照会区分 2): the qualifications the numbers matched, and for each matched person all of
 * theirs. Matches belonging to several people → 5 複数該当. One person: the matched one in force → 1;
 * lost, but the person holds another in force → 3 無効（新しい資格あり）, the matched one first;
 * lost and nothing newer → 2; nothing matched → 4.
 */
export function decideByNumbers(matched: Qualification[], allOf: (personId: string) => Qualification[], day: string): ValidityDecision {
  if (matched.length === 0) return { validity: '4', shown: [] };
  const people = [...new Set(matched.map((q) => q.personId))];
  if (people.length > 1) {
    const shown = people.map((p) => {
      const mine = matched.filter((q) => q.personId === p).sort(newestFirst);
      return mine.find((q) => isInForce(q, day)) ?? mine[0]!;
    });
    return { validity: '5', shown };
  }
  const inForce = matched.filter((q) => isInForce(q, day)).sort(newestFirst);
  if (inForce.length === 1) return { validity: '1', shown: inForce };
  if (inForce.length > 1) return { validity: '5', shown: inForce };
  const lost = [...matched].sort(newestFirst)[0]!;
  const newer = allOf(people[0]!).filter((q) => isInForce(q, day) && q.id !== lost.id);
  if (newer.length > 0) return { validity: '3', shown: [lost, ...newer] };
  return { validity: '2', shown: [lost] };
}
