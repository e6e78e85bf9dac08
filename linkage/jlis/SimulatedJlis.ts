import { matchCardFaceItems, type PersonItems } from '../../matching/matchCardFaceItems.ts';
import { LinkageError } from '../LinkageError.ts';
import type { ResidentRecord } from './ResidentRecord.ts';

/** The items of an attribute 照会; any may be left out, which is the whole question. */
export type JlisQuery = Partial<Omit<PersonItems, 'nameKana'> & { nameKana: string }>;

export interface JlisOptions {
  /**
   * Before 2023-12-18 J-LIS answered a search by カナ氏名・生年月日・性別 alone — the query behind the wrong
   * linkages. Since then it requires 氏名, 生年月日 and 住所 (基本4情報, or those 3 without 性別) (総点検本部
   * 第5回 資料, research/linkage.md §1.5). `legacy` lets the old query through.
   */
  legacy?: boolean;
}

/**
 * A simulated J-LIS over the 住民基本台帳: 照会 by My Number, and by attributes. The search side tolerates
 * notation and 外字 (J-LIS's own 2023-12 change) through the one comparison of matching/; what to do with
 * the candidates is the insurer's business, not J-LIS's.
 */
export class SimulatedJlis {
  private readonly byMyNumber = new Map<string, ResidentRecord>();
  private readonly byBirth = new Map<string, ResidentRecord[]>();

  constructor(
    residents: Iterable<ResidentRecord>,
    private readonly options: JlisOptions = {},
  ) {
    for (const r of residents) {
      this.byMyNumber.set(r.myNumber, r);
      const same = this.byBirth.get(r.birthDate) ?? [];
      same.push(r);
      this.byBirth.set(r.birthDate, same);
    }
  }

  /** 照会 by number: the resident, or null (該当なし). */
  byNumber(myNumber: string): ResidentRecord | null {
    return this.byMyNumber.get(myNumber) ?? null;
  }

  /** Every resident the given items fit, in My Number order; refuses a query the current rules do not allow. */
  byAttributes(query: JlisQuery): ResidentRecord[] {
    const modern = query.name !== undefined && query.birthDate !== undefined && query.address !== undefined && query.address !== null;
    const legacyShortcut = query.nameKana !== undefined && query.birthDate !== undefined && query.sex !== undefined;
    if (!modern && !(this.options.legacy && legacyShortcut)) {
      throw new LinkageError(
        'QUERY_REFUSED',
        this.options.legacy
          ? 'A J-LIS search needs 氏名, 生年月日 and 住所, or カナ氏名, 生年月日 and 性別.'
          : 'A J-LIS search needs 氏名, 生年月日 and 住所 (since 2023-12-18): ask the employer or the person for the missing items.',
      );
    }
    const candidates = this.byBirth.get(query.birthDate!) ?? [];
    return candidates
      .filter((r) => {
        // The items left out take the resident's own values, so only the items asked about are compared.
        const given: PersonItems = { name: query.name ?? r.name, nameKana: query.nameKana ?? r.nameKana, birthDate: query.birthDate!, sex: query.sex ?? r.sex, address: query.address ?? r.address };
        return matchCardFaceItems(given, r, { combination: 'notationCombines', missingAddress: 'mismatch' }).matched;
      })
      .sort((a, b) => (a.myNumber < b.myNumber ? -1 : 1));
  }
}
