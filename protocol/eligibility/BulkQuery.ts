import { z } from 'zod';
import {
  ProcessingResultCodeSchema,
  ProcessingResultStatusSchema,
  QualificationConfirmSearchInfoSchema,
  QualificationValiditySchema,
  ResultOfQualificationConfirmationSchema,
} from './EligibilityResult.ts';

/*
 * 一括照会: a clinic asks about many patients at once (the day-before check of booked patients) and fetches
 * the answers later by 受付番号 (ReceptionNumber). The real file interface does it in one request file
 * (OQSmuquc01req) and one result file (OQSmuquc02res); on our wire a request is sent in parts and the answer
 * read in pages, so no frame outgrows the connection's 64 KiB (docs/protocol.md). Limits and formats are ours.
 */

/** At most this many searches in one `insurance.bulkSubmit` frame (about 46 KiB of JSON). */
export const BULK_PART_MAX = 200;
/** At most this many searches under one 受付番号. */
export const BULK_RECEPTION_MAX = 5_000;
/** At most this many units in one page of `insurance.bulkResult`. */
export const BULK_PAGE_MAX = 100;

/** 受付番号 (ours): QB, the Japanese day it was received, and an 8-digit serial. */
export const ReceptionNumberSchema = z.string().regex(/^QB\d{16}$/, '受付番号: QB followed by 16 digits');

/** One person's answer in a bulk result, as the real BulkConfirmUnit: the query echoed and the person's qualification(s). */
export const BulkConfirmUnitSchema = z
  .object({
    QualificationConfirmSearchInfo: QualificationConfirmSearchInfoSchema,
    ProcessingResultStatus: ProcessingResultStatusSchema,
    ProcessingResultCode: ProcessingResultCodeSchema.nullable(),
    ProcessingResultMessage: z.string().nullable(),
    QualificationValidity: QualificationValiditySchema.nullable(),
    /** One entry per qualification shown (several for 5 複数該当), none for 4 該当資格なし. */
    ResultOfQualificationConfirmation: z.array(ResultOfQualificationConfirmationSchema),
  })
  .strict();
export type BulkConfirmUnit = z.infer<typeof BulkConfirmUnitSchema>;

const iso = z.string().datetime({ offset: true });

export const BulkReceptionSchema = z
  .object({
    receptionNumber: ReceptionNumberSchema,
    receivedAt: iso,
    /** Searches received so far under this number. */
    units: z.number().int().nonnegative(),
    /** True once the last part arrived: no more parts are taken, the answers are being prepared. */
    sealed: z.boolean(),
  })
  .strict();
export type BulkReception = z.infer<typeof BulkReceptionSchema>;

/**
 * The state of a reception: `open` (parts still coming), `processing` (sealed, answers not ready yet:
 * the real result's SegmentOfResult 2), `complete` (the units, one page at a time).
 */
export const BulkResultSchema = z
  .object({
    receptionNumber: ReceptionNumberSchema,
    status: z.enum(['open', 'processing', 'complete']),
    receivedAt: iso,
    /** The Japanese day the answers are for (YYYYMMDD), as the request's QualificationConfirmationDate. */
    qualificationConfirmationDate: z.string().regex(/^\d{8}$/),
    completedAt: iso.nullable(),
    total: z.number().int().nonnegative(),
    /** Units with ProcessingResultStatus 1 and 2; null until complete. */
    normal: z.number().int().nonnegative().nullable(),
    errors: z.number().int().nonnegative().nullable(),
    /** This page of units, in the order they were submitted; empty unless complete. */
    units: z.array(BulkConfirmUnitSchema),
    /** Offset of the next page, or null when this page is the last. */
    nextOffset: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type BulkResult = z.infer<typeof BulkResultSchema>;
