import { z } from 'zod';
import { ProcessingResultStatusSchema } from './EligibilityResult.ts';

/*
 * 照会番号 registration (OQSsiimm01 on the real file interface): the clinic ties its own patient number to an
 * insured person, and every later result for that person at this clinic carries it in
 * ResultOfQualificationConfirmation/ReferenceNumber. Element names as the real message; limits ours.
 */

export const ReferenceNumberRegistrationInfoSchema = z
  .object({
    /** The clinic's own number for the patient, at most 50 characters. */
    ReferenceNumber: z.string().min(1).max(50),
    InsurerNumber: z.string().regex(/^(\d{6}|\d{8})$/, '保険者番号: 6 or 8 digits'),
    InsuredCardSymbol: z.string().max(40).nullish(),
    InsuredIdentificationNumber: z.string().min(1).max(40),
    InsuredBranchNumber: z.string().regex(/^\d{2}$/, '枝番: 2 digits').nullish(),
  })
  .strict();
export type ReferenceNumberRegistrationInfo = z.infer<typeof ReferenceNumberRegistrationInfoSchema>;

/**
 * Codes of a refused registration (ours; the real list is not public): R01 no insured person has these
 * numbers, R02 they match several people (give the 枝番).
 */
export const REGISTRATION_RESULT_CODES = {
  R01: '該当する被保険者が見つかりません。保険者番号・記号・番号・枝番を確認してください。',
  R02: '複数の被保険者が該当します。枝番を指定してください。',
} as const;
export type RegistrationResultCode = keyof typeof REGISTRATION_RESULT_CODES;

export const ReferenceNumberRegistrationResultSchema = z
  .object({
    ReferenceNumberRegistrationInfo: ReferenceNumberRegistrationInfoSchema,
    ProcessingResultStatus: ProcessingResultStatusSchema,
    ProcessingResultCode: z.enum(['R01', 'R02']).nullable(),
    ProcessingResultMessage: z.string().nullable(),
  })
  .strict();
export type ReferenceNumberRegistrationResult = z.infer<typeof ReferenceNumberRegistrationResultSchema>;
