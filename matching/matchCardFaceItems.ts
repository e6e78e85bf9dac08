import { MatchToleranceSchema, type MatchTolerance } from './MatchTolerance.ts';
import { canonicalAddress, canonicalKana, canonicalText, equalWithKuroMaru, foldAddressNumbers, foldItaiji, foldKana, KURO_MARU } from './CardFaceText.ts';

/** The items compared: the 4 card-face items, and カナ when both sides have it (the 5-item check). */
export interface PersonItems {
  name: string;
  nameKana?: string | null;
  birthDate: string;
  sex: string;
  /** null: the insurer registered no address (they need not). */
  address: string | null;
}

type ItemName = 'name' | 'nameKana' | 'birthDate' | 'sex' | 'address';
type ItemOutcome = { kind: 'exact' } | { kind: 'tolerant'; tolerances: MatchTolerance[] } | { kind: 'different' };

export interface CardFaceMatch {
  matched: boolean;
  /** Tolerances the match relied on; non-empty means staff should confirm with the patient. */
  tolerances: MatchTolerance[];
  /** The items that did not match (for the wrong-linkage record and for tests). */
  mismatched: ItemName[];
}

export interface MatchOptions {
  /** A record without an address: `skip` leaves the item out (linkage check), `mismatch` fails it (lookups). */
  missingAddress: 'skip' | 'mismatch';
}

const EXACT: ItemOutcome = { kind: 'exact' };
const DIFFERENT: ItemOutcome = { kind: 'different' };

function compareKanji(a: string, b: string, canonical: (s: string) => string, fold?: (s: string) => string): ItemOutcome {
  const x = canonical(a);
  const y = canonical(b);
  if (x === y) return EXACT;
  if (fold && fold(x) === fold(y)) return { kind: 'tolerant', tolerances: ['addressNotation'] };
  if (foldItaiji(x) === foldItaiji(y)) return { kind: 'tolerant', tolerances: ['itaiji'] };
  if (fold && foldItaiji(fold(x)) === foldItaiji(fold(y))) return { kind: 'tolerant', tolerances: ['addressNotation', 'itaiji'] };
  // ● stands for one character only where the rest of the item is written exactly alike.
  if ((x.includes(KURO_MARU) || y.includes(KURO_MARU)) && equalWithKuroMaru(x, y)) return { kind: 'tolerant', tolerances: ['kuroMaru'] };
  return DIFFERENT;
}

function compareKana(a: string, b: string): ItemOutcome {
  if (canonicalKana(a) === canonicalKana(b)) return EXACT;
  return foldKana(a) === foldKana(b) ? { kind: 'tolerant', tolerances: ['kanaVariant'] } : DIFFERENT;
}

/**
 * Does a person's record match the items given? 生年月日 and 性別 must be equal. 氏名 and 住所 may
 * differ by the tolerances of docs/protocol.md; a ● (either side) matches one character only when
 * every other item matches exactly. Used for システム障害時モード lookups and the wrong-linkage guard.
 */
export function matchCardFaceItems(given: PersonItems, record: PersonItems, options: MatchOptions): CardFaceMatch {
  const outcomes = new Map<ItemName, ItemOutcome>();
  outcomes.set('birthDate', given.birthDate === record.birthDate ? EXACT : DIFFERENT);
  outcomes.set('sex', given.sex === record.sex ? EXACT : DIFFERENT);
  outcomes.set('name', compareKanji(given.name, record.name, canonicalText));
  if (given.nameKana && record.nameKana) outcomes.set('nameKana', compareKana(given.nameKana, record.nameKana));
  if (record.address === null) {
    if (options.missingAddress === 'mismatch') outcomes.set('address', DIFFERENT);
  } else {
    outcomes.set('address', compareKanji(given.address ?? '', record.address, canonicalAddress, foldAddressNumbers));
  }

  const mismatched = [...outcomes].filter(([, o]) => o.kind === 'different').map(([item]) => item);
  const tolerant = [...outcomes].filter(([, o]) => o.kind === 'tolerant') as [ItemName, Extract<ItemOutcome, { kind: 'tolerant' }>][];
  // In the schema's order, so the same match always reads the same.
  const used = new Set(tolerant.flatMap(([, o]) => o.tolerances));
  const tolerances = MatchToleranceSchema.options.filter((t) => used.has(t));
  if (mismatched.length > 0) return { matched: false, tolerances, mismatched };
  if (tolerances.includes('kuroMaru') && tolerant.length > 1) {
    // The ● rule's condition: everything else exact. Report the ● item as the mismatch.
    const maru = tolerant.find(([, o]) => o.tolerances.includes('kuroMaru'))![0];
    return { matched: false, tolerances, mismatched: [maru] };
  }
  return { matched: true, tolerances, mismatched: [] };
}
