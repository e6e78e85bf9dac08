import { z } from 'zod';
import { SexSchema } from '../../jpki/Sex.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * 本人確認判定フラグ (ours; the real value set is not public, research/linkage.md §1.7): what the 中間サーバー's
 * J-LIS check of a registration found since 2024-05-07. The service (server/seed) carries the same words.
 */
export const IdentityCheckSchema = z.enum(['notChecked', 'matched', 'mismatch', 'corrected', 'confirmedSamePerson']);
export type IdentityCheck = z.infer<typeof IdentityCheckSchema>;

/**
 * One linkage in the 中間サーバー: an insurer's qualification record with the My Number it was linked to,
 * the 5 items as the insurer registered them (● for characters outside the set, address optional).
 * One line of linkages.ndjson; the file is sorted by myNumber, then linkageId.
 */
export const LinkageRecordSchema = z
  .object({
    myNumber: z.string().regex(/^\d{12}$/),
    linkageId: z.string().min(1),
    insurerNumber: z.string().regex(/^(\d{6}|\d{8})$/),
    /** 被保険者 (本人) or 被扶養者 (家族). */
    role: z.enum(['insured', 'dependant']),
    name: z.string().min(1),
    nameKana: z.string().min(1),
    birthDate: isoDate,
    sex: SexSchema,
    address: z.string().nullable(),
    registeredOn: isoDate,
    /** 資格喪失日: a past qualification (the 総点検 covered ~0.4億 of them). */
    lostOn: isoDate.nullable(),
    identityCheck: IdentityCheckSchema,
  })
  .strict();
export type LinkageRecord = z.infer<typeof LinkageRecordSchema>;

/**
 * The generator's ground truth for one linkage, kept in its own folder (truth/labels.ndjson) so the check
 * never sees it unless told to score. Only linkages that are not a plain exact copy are listed.
 */
export const TruthLabelSchema = z
  .object({
    linkageId: z.string(),
    truth: z.enum(['samePerson', 'otherPerson', 'noSuchNumber']),
    variant: z.string(),
    addressMissing: z.boolean(),
  })
  .strict();
export type TruthLabel = z.infer<typeof TruthLabelSchema>;
