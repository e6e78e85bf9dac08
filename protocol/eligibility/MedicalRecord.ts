import { z } from 'zod';

/*
 * Synthetic medical information, the shapes ours: enough for a screen to show a 薬剤情報 list and a
 * 特定健診 history. Real data ranges (eligibility-and-outage.md §4): 薬剤 3 years, 特定健診 5 years.
 */
const month = z.string().regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const PharmacyRecordSchema = z.object({ month, drug: z.string(), dose: z.string(), days: z.number().int().positive(), facility: z.string() }).strict();
export const CheckupRecordSchema = z
  .object({ date, heightCm: z.number(), weightKg: z.number(), systolic: z.number().int(), diastolic: z.number().int(), hba1c: z.number(), ldl: z.number().int() })
  .strict();
export const DiagnosisRecordSchema = z.object({ month, diagnosis: z.string(), facility: z.string() }).strict();
export const OperationRecordSchema = z.object({ date, procedure: z.string(), facility: z.string() }).strict();

export const MedicalHistorySchema = z
  .object({
    pharmacy: z.array(PharmacyRecordSchema).default([]),
    checkups: z.array(CheckupRecordSchema).default([]),
    diagnosis: z.array(DiagnosisRecordSchema).default([]),
    operation: z.array(OperationRecordSchema).default([]),
  })
  .strict();
export type MedicalHistory = z.infer<typeof MedicalHistorySchema>;

export const MedicalRecordsSchema = z.discriminatedUnion('item', [
  z.object({ item: z.literal('pharmacy'), records: z.array(PharmacyRecordSchema) }).strict(),
  z.object({ item: z.literal('checkups'), records: z.array(CheckupRecordSchema) }).strict(),
  z.object({ item: z.literal('diagnosis'), records: z.array(DiagnosisRecordSchema) }).strict(),
  z.object({ item: z.literal('operation'), records: z.array(OperationRecordSchema) }).strict(),
]);
export type MedicalRecords = z.infer<typeof MedicalRecordsSchema>;
