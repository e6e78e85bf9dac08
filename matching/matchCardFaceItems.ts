import { MatchToleranceSchema, type MatchTolerance } from './MatchTolerance.ts';
import { canonicalAddress, canonicalKana, canonicalText, equalWithKuroMaru, foldAddressNumbers, foldItaiji, foldKana, foldKanaReading, KURO_MARU } from './CardFaceText.ts';

/** The 5 items (5情報): 漢字氏名, カナ氏名, 生年月日, 性別, 住所. Names are family and given name apart by a space. */
export interface PersonItems {
  name: string;
  /** null or absent: not known (a card face carries no kana). */
  nameKana?: string | null;
  birthDate: string;
  sex: string;
  /** null: not known (an insurer need not register an address). */
  address: string | null;
}

export type ItemName = 'name' | 'nameKana' | 'birthDate' | 'sex' | 'address';
export const ITEM_NAMES: readonly ItemName[] = ['name', 'nameKana', 'birthDate', 'sex', 'address'];

/**
 * How an item differs: `missing` (one side does not have it), `reading` (カナ that differ only by 濁点 or
 * 半濁点: ヤマサキ/ヤマザキ, a reading, not a spelling), `familyName` / `givenName` (one half of a name
 * differs, the other is alike: a marriage, a sibling), `value` (anything else).
 */
export type DifferenceHow = 'missing' | 'reading' | 'familyName' | 'givenName' | 'value';

export type ItemComparison =
  | { kind: 'exact' }
  | { kind: 'tolerant'; tolerances: MatchTolerance[] }
  | { kind: 'different'; how: DifferenceHow }
  /** Left out by the caller's rule (a record without an address, compared on 4 items). */
  | { kind: 'notCompared' };

export interface CardFaceMatch {
  matched: boolean;
  /** Tolerances the match relied on; non-empty means the person should be asked. */
  tolerances: MatchTolerance[];
  /** The items that did not match, in the order of ITEM_NAMES. */
  mismatched: ItemName[];
  /** Each item's comparison, for the suspect lists of the 総点検 and the wrong-linkage record. */
  items: Partial<Record<ItemName, ItemComparison>>;
}

/**
 * How tolerances may combine. `oneTolerance` is 保保発0127第1号 as written: all 5 items, at most one of them
 * by a tolerance and the other four exact — what an insurer may take a My Number on, and the 2024-05
 * registration check. `notationCombines` compares a record already registered (the wrong-linkage guard,
 * システム障害時モード, the 総点検): several notation tolerances may meet in one person's record, but a ●
 * still needs every other item exact; `missingAddress` says whether a record without an address is
 * compared on the other 4 (`skip`) or fails (`mismatch`).
 */
export type MatchOptions = { combination: 'oneTolerance' } | { combination?: 'notationCombines'; missingAddress: 'skip' | 'mismatch' };

const EXACT: ItemComparison = { kind: 'exact' };
const MISSING: ItemComparison = { kind: 'different', how: 'missing' };
const NOT_COMPARED: ItemComparison = { kind: 'notCompared' };
const tolerant = (...tolerances: MatchTolerance[]): ItemComparison => ({ kind: 'tolerant', tolerances });
const different = (how: DifferenceHow): ItemComparison => ({ kind: 'different', how });

function halves(text: string): [string, string] | null {
  const parts = text.trim().split(/\s+/u);
  return parts.length === 2 ? [parts[0]!, parts[1]!] : null;
}

/** Which half of a name differs, when the other half is alike under `same`. */
function nameDifference(a: string, b: string, same: (x: string, y: string) => boolean): DifferenceHow {
  const x = halves(a);
  const y = halves(b);
  if (!x || !y) return 'value';
  if (same(x[1], y[1]) && !same(x[0], y[0])) return 'familyName';
  if (same(x[0], y[0]) && !same(x[1], y[1])) return 'givenName';
  return 'value';
}

const sameKanji = (x: string, y: string) => foldItaiji(canonicalText(x)) === foldItaiji(canonicalText(y));
const sameKana = (x: string, y: string) => foldKana(x) === foldKana(y);

function compareName(a: string, b: string): ItemComparison {
  const x = canonicalText(a);
  const y = canonicalText(b);
  if (x === y) return EXACT;
  if (foldItaiji(x) === foldItaiji(y)) return tolerant('itaiji');
  // ● stands for one character only where the rest of the item is written exactly alike.
  if ((x.includes(KURO_MARU) || y.includes(KURO_MARU)) && equalWithKuroMaru(x, y)) return tolerant('kuroMaru');
  return different(nameDifference(a, b, sameKanji));
}

function compareKana(a: string, b: string): ItemComparison {
  if (canonicalKana(a) === canonicalKana(b)) return EXACT;
  if (foldKana(a) === foldKana(b)) return tolerant('kanaVariant');
  if (foldKanaReading(a) === foldKanaReading(b)) return different('reading');
  return different(nameDifference(a, b, sameKana));
}

/** A building or room written on one side only: the house number itself agrees. */
function differsByBuildingOnly(x: string, y: string): boolean {
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  return short.length > 0 && long.startsWith(short) && /^[^\d-]/u.test(long.slice(short.length)) && /\d$/u.test(short);
}

function compareAddress(a: string, b: string): ItemComparison {
  const x = canonicalAddress(a);
  const y = canonicalAddress(b);
  if (x === y) return EXACT;
  const fx = foldAddressNumbers(x);
  const fy = foldAddressNumbers(y);
  if (fx === fy || differsByBuildingOnly(fx, fy)) return tolerant('addressNotation');
  if (foldItaiji(x) === foldItaiji(y)) return tolerant('itaiji');
  if (foldItaiji(fx) === foldItaiji(fy)) return tolerant('addressNotation', 'itaiji');
  if ((x.includes(KURO_MARU) || y.includes(KURO_MARU)) && equalWithKuroMaru(x, y)) return tolerant('kuroMaru');
  return different('value');
}

/**
 * Does a record match the items given? 生年月日 and 性別 must be equal. 氏名, カナ and 住所 may differ by
 * the tolerances of docs/linkage.md, combined as `options.combination` says. The one comparison of the
 * project: the service's wrong-linkage guard and システム障害時モード lookups, an insurer taking a number
 * from J-LIS, the 2024-05 registration check and the 総点検.
 */
export function matchCardFaceItems(given: PersonItems, record: PersonItems, options: MatchOptions): CardFaceMatch {
  const strict = options.combination === 'oneTolerance';
  const items: Partial<Record<ItemName, ItemComparison>> = {};
  items.name = compareName(given.name, record.name);
  if (given.nameKana && record.nameKana) items.nameKana = compareKana(given.nameKana, record.nameKana);
  else if (strict) items.nameKana = MISSING;
  items.birthDate = given.birthDate === record.birthDate ? EXACT : different('value');
  items.sex = given.sex === record.sex ? EXACT : different('value');
  if (given.address !== null && record.address !== null) items.address = compareAddress(given.address, record.address);
  else if (options.combination === 'oneTolerance' || options.missingAddress === 'mismatch') items.address = MISSING;
  else items.address = NOT_COMPARED;

  const compared = ITEM_NAMES.filter((item) => items[item] !== undefined);
  const mismatched = compared.filter((item) => items[item]!.kind === 'different');
  const tolerantItems = compared.filter((item) => items[item]!.kind === 'tolerant');
  const used = new Set(tolerantItems.flatMap((item) => (items[item] as Extract<ItemComparison, { kind: 'tolerant' }>).tolerances));
  // In the schema's order, so the same match always reads the same.
  const tolerances = MatchToleranceSchema.options.filter((t) => used.has(t));
  if (mismatched.length > 0) return { matched: false, tolerances, mismatched, items };
  if (strict && (tolerantItems.length > 1 || tolerances.length > 1)) {
    // 「他の情報が完全一致」: a second tolerated item means no item is known to be exact enough.
    return { matched: false, tolerances, mismatched: tolerantItems, items };
  }
  if (tolerances.includes('kuroMaru') && tolerantItems.length > 1) {
    // The ● rule's condition: everything else exact. Report the ● item as the mismatch.
    const maru = tolerantItems.filter((item) => (items[item] as Extract<ItemComparison, { kind: 'tolerant' }>).tolerances.includes('kuroMaru'));
    return { matched: false, tolerances, mismatched: maru, items };
  }
  return { matched: true, tolerances, mismatched: [], items };
}
