import { z } from 'zod';
import { SexSchema } from '../../jpki/Sex.ts';

/*
 * The 総点検's report, as the insurer's page reads it (`kiosk linkage serve`) and `kiosk linkage check`
 * writes it. A contract of its own, so the screens import these shapes and nothing of the batch.
 */

/**
 * What the 総点検 concluded about one linkage, checked against J-LIS's 5 items by its My Number
 * (docs/linkage.md "Classes"; MHLW's cases ①②③ of 2023-09-07 mapped onto ours):
 * - exact: the 5 items agree (canonical forms only);
 * - notationOnly: they agree by a tolerance, or one name form differs with everything else alike: ask the person;
 * - addressOnly: the address differs beyond notation, the rest agrees (a move not yet reflected);
 * - addressNotRegistered: the insurer holds no address; the other 4 agree;
 * - nameChanged: the family name differs in kanji and kana, and J-LIS records a 氏名 change after the registration;
 * - numberUnknown: J-LIS has no one with this number (a mistyped number);
 * - otherPerson: suspected to be another person's number (①②③, or a second live qualification on the number).
 */
export const LINKAGE_CLASSES = ['exact', 'notationOnly', 'addressOnly', 'addressNotRegistered', 'nameChanged', 'numberUnknown', 'otherPerson'] as const;
export const LinkageClassSchema = z.enum(LINKAGE_CLASSES);
export type LinkageClass = z.infer<typeof LinkageClassSchema>;

export const ReportItemNameSchema = z.enum(['name', 'nameKana', 'birthDate', 'sex', 'address']);
export type ReportItemName = z.infer<typeof ReportItemNameSchema>;

/** One item's comparison (matching/matchCardFaceItems.ts), as the suspect list shows it. */
export const ReportItemComparisonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact') }).strict(),
  z.object({ kind: z.literal('tolerant'), tolerances: z.array(z.enum(['kuroMaru', 'itaiji', 'kanaVariant', 'addressNotation'])) }).strict(),
  z.object({ kind: z.literal('different'), how: z.enum(['missing', 'reading', 'familyName', 'givenName', 'value']) }).strict(),
  z.object({ kind: z.literal('notCompared') }).strict(),
]);
export type ReportItemComparison = z.infer<typeof ReportItemComparisonSchema>;

export const ReportPersonItemsSchema = z
  .object({ name: z.string(), nameKana: z.string().nullable(), birthDate: z.string(), sex: SexSchema, address: z.string().nullable() })
  .strict();
export type ReportPersonItems = z.infer<typeof ReportPersonItemsSchema>;

/** Why a linkage is suspected beyond its own 5 items. */
export const SuspectReasonSchema = z.enum(['birthDateOrSex', 'bothNames', 'oneNameAndAddress', 'duplicateActive', 'moved']);
export type SuspectReason = z.infer<typeof SuspectReasonSchema>;

/** One linkage of the suspect list: the insurer's record and J-LIS's side by side, and how each item differed. */
export const SuspectSchema = z
  .object({
    linkageId: z.string(),
    insurerNumber: z.string(),
    myNumber: z.string(),
    class: LinkageClassSchema,
    reasons: z.array(SuspectReasonSchema),
    registered: ReportPersonItemsSchema,
    jlis: ReportPersonItemsSchema.nullable(),
    items: z.partialRecord(ReportItemNameSchema, ReportItemComparisonSchema),
    /** J-LIS 変更情報 after the registration: only the date and the reason, as a 照会 shows them. */
    jlisChanges: z.array(z.object({ on: z.string(), reason: z.string() }).strict()),
  })
  .strict();
export type Suspect = z.infer<typeof SuspectSchema>;

const ClassCountsSchema = z.record(LinkageClassSchema, z.number().int().nonnegative());
export type ClassCounts = z.infer<typeof ClassCountsSchema>;

/** How the run did against the generator's ground truth, when labels were given. */
export const TruthScoreSchema = z
  .object({
    /** Linkages the generator made with another person's number. */
    injectedOtherPerson: z.number().int().nonnegative(),
    /** Of those, how many the check classed otherPerson. */
    found: z.number().int().nonnegative(),
    /** How many it classed otherPerson in all. */
    flagged: z.number().int().nonnegative(),
    recall: z.number().min(0).max(1),
    precision: z.number().min(0).max(1),
  })
  .strict();
export type TruthScore = z.infer<typeof TruthScoreSchema>;

export const LinkageReportSchema = z
  .object({
    format: z.literal(1),
    finishedAt: z.string(),
    input: z.string(),
    linkages: z.number().int().nonnegative(),
    byClass: ClassCountsSchema,
    byInsurer: z.array(z.object({ insurerNumber: z.string(), insurerName: z.string(), byClass: ClassCountsSchema }).strict()),
    shards: z.number().int().positive(),
    durationMs: z.number().nonnegative(),
    recordsPerSecond: z.number().nonnegative(),
    truth: TruthScoreSchema.nullable(),
  })
  .strict();
export type LinkageReport = z.infer<typeof LinkageReportSchema>;

/** GET /api/linkage/suspects?insurer=&class=&offset=: one page of the suspect list. */
export const SuspectPageSchema = z.object({ total: z.number().int().nonnegative(), offset: z.number().int().nonnegative(), suspects: z.array(SuspectSchema) }).strict();
export type SuspectPage = z.infer<typeof SuspectPageSchema>;

/** The report's HTTP paths, served by the composition root (`kiosk linkage serve`). */
export const LINKAGE_REPORT_PATHS = { summary: '/api/linkage/report', suspects: '/api/linkage/suspects' } as const;
