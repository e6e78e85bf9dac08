import type { MatchTolerance } from '../../protocol/eligibility/EligibilityResult.ts';
import type { InsuredPerson, Resident } from '../eligibility/InsuredRegistry.ts';
import { matchCardFaceItems } from '../../matching/matchCardFaceItems.ts';

export interface LinkageCheck {
  suspected: boolean;
  tolerances: MatchTolerance[];
  /** People whose 5 items do not match the card holder's. */
  mismatchedPeople: string[];
}

/**
 * The wrong-linkage guard: the card holder's 5 items (漢字氏名, カナ氏名, 生年月日, 性別, 住所) as J-LIS
 * has them against each insurer record linked to the card, with the lookup tolerances. A record
 * without an address is compared on the other 4 (insurers need not register one). A record an
 * insurer has since reviewed and confirmed is trusted.
 */
export function checkLinkage(resident: Resident, people: InsuredPerson[]): LinkageCheck {
  const tolerances = new Set<MatchTolerance>();
  const mismatchedPeople: string[] = [];
  for (const person of people) {
    const match = matchCardFaceItems(resident, person, { missingAddress: 'skip' });
    if (match.matched || person.linkageReview === 'confirmedSamePerson') match.tolerances.forEach((t) => tolerances.add(t));
    else mismatchedPeople.push(person.id);
  }
  return { suspected: mismatchedPeople.length > 0, tolerances: [...tolerances], mismatchedPeople };
}
