import type { InsuredRegistry, Qualification } from './InsuredRegistry.ts';
import { canonicalText } from '../../matching/CardFaceText.ts';

export interface InsuranceNumbers {
  /** 6 or 8 digits: 国保 numbers are 6 on the card, the registry keeps every 保険者番号 with 8. */
  InsurerNumber: string;
  InsuredCardSymbol?: string | null | undefined;
  InsuredIdentificationNumber: string;
  InsuredBranchNumber?: string | null | undefined;
}

/**
 * The qualifications registered under a card's numbers (保険者番号, 記号, 番号, 枝番), optionally only those
 * of a person born on `birthDate` (ISO). 記号 and 番号 are compared after width and space normalisation;
 * a missing 記号 or 枝番 matches any.
 */
export async function findQualificationsByNumbers(registry: InsuredRegistry, numbers: InsuranceNumbers, birthDate: string | null): Promise<Qualification[]> {
  const insurer = numbers.InsurerNumber.padStart(8, '0');
  const symbol = numbers.InsuredCardSymbol ? canonicalText(numbers.InsuredCardSymbol) : null;
  const numbered = (await registry.qualificationsNumbered(insurer, canonicalText(numbers.InsuredIdentificationNumber))).filter(
    (q) => (symbol === null || canonicalText(q.symbol ?? '') === symbol) && (!numbers.InsuredBranchNumber || q.branch === numbers.InsuredBranchNumber),
  );
  if (birthDate === null) return numbered;
  const found: Qualification[] = [];
  for (const q of numbered) if ((await registry.person(q.personId))?.birthDate === birthDate) found.push(q);
  return found;
}
