import { matchCardFaceItems } from '../../matching/matchCardFaceItems.ts';
import { KURO_MARU, splitCharacters } from '../../matching/CardFaceText.ts';
import type { SimulatedJlis } from '../jlis/SimulatedJlis.ts';
import { LinkageError } from '../LinkageError.ts';
import type { IdentityCheck, LinkageRecord } from '../registry/LinkageRecord.ts';

/** 2024-05-07: from this day every registration is checked against J-LIS by its number (医療保険部会 第174回). */
export const REGISTRATION_CHECK_FROM = '2024-05-07';

/*
 * Characters the 中間サーバー cannot hold become ● (「無害化」, 保団連 2023-09-19 citing the manual). The real
 * set is not public (research §7.4): ours is JIS X 0208 in effect, modelled as "not one of these known 外字,
 * not outside the BMP, and no variation selector".
 */
const OUTSIDE_SET = new Set(['髙', '﨑', '𠮷', '𡈽', '德', '濵', '邉', '栁', '黑', '瀨', '增', '桒']);
function outsideSet(ch: string): boolean {
  return OUTSIDE_SET.has(ch) || ch.length > 1 || (ch.codePointAt(0) ?? 0) > 0xffff;
}

/** A name or address as the 中間サーバー stores it: each character outside its set replaced by one ●. */
export function toIntermediateCharacters(text: string): string {
  return splitCharacters(text)
    .map((ch) => (outsideSet(ch) ? KURO_MARU : ch))
    .join('');
}

export type RegistrationInput = Omit<LinkageRecord, 'identityCheck' | 'name' | 'address'> & { name: string; address: string | null };

/**
 * 医療保険者等向け中間サーバー (operated by 支払基金): the insurers' registrations, linked to My Numbers, with the
 * 2024-05 check that sets the 本人確認判定フラグ, and the insurer's correction that clears it.
 */
export class IntermediateServer {
  private readonly records = new Map<string, LinkageRecord>();

  constructor(private readonly jlis: SimulatedJlis) {}

  register(input: RegistrationInput): LinkageRecord {
    const record: LinkageRecord = {
      ...input,
      name: toIntermediateCharacters(input.name),
      address: input.address === null ? null : toIntermediateCharacters(input.address),
      identityCheck: input.registeredOn >= REGISTRATION_CHECK_FROM ? this.check(input) : 'notChecked',
    };
    this.records.set(record.linkageId, record);
    return record;
  }

  /** The J-LIS check by number: the registered record's items against the resident's. */
  private check(input: Pick<LinkageRecord, 'myNumber' | 'name' | 'nameKana' | 'birthDate' | 'sex' | 'address'>): IdentityCheck {
    const resident = this.jlis.byNumber(input.myNumber);
    if (!resident) return 'mismatch';
    return matchCardFaceItems(input, resident, { combination: 'notationCombines', missingAddress: 'skip' }).matched ? 'matched' : 'mismatch';
  }

  /** The insurer's correction: the right number (or items), checked again; `corrected` when J-LIS agrees now. */
  correct(linkageId: string, change: Partial<Pick<LinkageRecord, 'myNumber' | 'name' | 'nameKana' | 'address'>>): LinkageRecord {
    const before = this.records.get(linkageId);
    if (!before) throw new LinkageError('INPUT_INVALID', `The 中間サーバー holds no linkage ${linkageId}: correct one it registered.`);
    const after = { ...before, ...change };
    const record: LinkageRecord = { ...after, identityCheck: this.check(after) === 'matched' ? 'corrected' : 'mismatch' };
    this.records.set(linkageId, record);
    return record;
  }

  linkage(linkageId: string): LinkageRecord | undefined {
    return this.records.get(linkageId);
  }

  /** Every linkage, sorted as the 総点検's input is (by number, then id). */
  linkages(): LinkageRecord[] {
    return [...this.records.values()].sort((a, b) => (a.myNumber === b.myNumber ? (a.linkageId < b.linkageId ? -1 : 1) : a.myNumber < b.myNumber ? -1 : 1));
  }
}
