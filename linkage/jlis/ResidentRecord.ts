import { z } from 'zod';
import { SexSchema } from '../../jpki/Sex.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A J-LIS 変更情報 entry: only the date and the reason travel with a 照会, never the old value. */
export const ResidentChangeSchema = z.object({ on: isoDate, reason: z.enum(['転居', '転入', '氏名変更', '出生', '転出']) }).strict();
export type ResidentChange = z.infer<typeof ResidentChangeSchema>;

/**
 * One resident as the 住民基本台帳 (through J-LIS) holds them: the 5 items in the municipality's notation
 * (漢字 with 外字 and IVS as written, full-width numbers, 丁目・番・号), the My Number, the 住民票コード and the
 * household. One line of jlis.ndjson; the file is sorted by myNumber.
 */
export const ResidentRecordSchema = z
  .object({
    myNumber: z.string().regex(/^\d{12}$/),
    residentCode: z.string().regex(/^\d{11}$/),
    householdId: z.string(),
    name: z.string().min(1),
    /** 振り仮名: held 便宜上 before 2025-05-26, official since. */
    nameKana: z.string().min(1),
    birthDate: isoDate,
    sex: SexSchema,
    address: z.string().min(1),
    changes: z.array(ResidentChangeSchema),
  })
  .strict();
export type ResidentRecord = z.infer<typeof ResidentRecordSchema>;
