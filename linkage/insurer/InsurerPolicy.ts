import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';

/**
 * How one insurer works, as data: its own J-LIS 照会 and the shortcuts that made the wrong linkages
 * (research/linkage.md §2.5). All off is 保保発0127第1号 as written.
 */
export const InsurerPolicySchema = z
  .object({
    number: z.string().regex(/^(\d{6}|\d{8})$/),
    name: z.string(),
    kind: z.enum(['kyokai', 'kumiai', 'kokuho', 'koki', 'other']),
    shortcuts: z
      .object({
        /** 照会 by カナ氏名・生年月日・性別 only (skipping 漢字氏名 and 住所), and take the first hit. */
        threeItemQuery: z.boolean().default(false),
        /**
         * Tell family members apart by one item when linking the household's numbers to the rows of a 異動届:
         * `birthDate` takes one twin for the other, `nameKana` a parent for a child of the same name.
         */
        familyMatchBy: z.enum(['birthDate', 'nameKana']).nullable().default(null),
        /** Take a number as written on the 届出, without its check digit or a J-LIS check (a mistyped number goes in). */
        trustWrittenNumber: z.boolean().default(false),
      })
      .strict()
      .default({ threeItemQuery: false, familyMatchBy: null, trustWrittenNumber: false }),
  })
  .strict();
export type InsurerPolicy = z.infer<typeof InsurerPolicySchema>;
export type InsurerPolicyInput = z.input<typeof InsurerPolicySchema>;

export const InsurerPoliciesFileSchema = z.object({ $comment: z.string().optional(), insurers: z.array(InsurerPolicySchema).min(1) }).strict();

/** The insurers the generator and the pipeline draw from, with their shortcuts (all off but a few). */
export const INSURER_POLICIES_FILE = fileURLToPath(new URL('./insurerPolicies.json', import.meta.url));

export function loadInsurerPolicies(file = INSURER_POLICIES_FILE): InsurerPolicy[] {
  return loadDataFile(file, InsurerPoliciesFileSchema, { what: 'insurer policies file' }).insurers;
}

/** 都道府県番号 of an insurer: digits 3–4 of an 8-digit 保険者番号 (法別番号 first), digits 1–2 of a 6-digit 国保 one. */
export function prefectureOfInsurer(insurerNumber: string): string {
  return insurerNumber.length === 8 ? insurerNumber.slice(2, 4) : insurerNumber.slice(0, 2);
}
