import { z } from 'zod';
import { SexSchema } from '../../jpki/Sex.ts';
import {
  InsuredCardClassificationSchema,
  LimitApplicationCategorySchema,
  LimitApplicationCertificateClassificationSchema,
  PersonalFamilyClassificationSchema,
  PrescriptionIssueSelectSchema,
  ReasonOfLossSchema,
  SpecificDiseaseCategorySchema,
} from '../../protocol/eligibility/EligibilityResult.ts';
import { MedicalHistorySchema } from '../../protocol/eligibility/MedicalRecord.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const sex = SexSchema;

/**
 * 本人確認判定フラグ (ours; its real value set is not public): the 中間サーバー's J-LIS check of a registration
 * since 2024-05. `mismatch` blocks medical viewing until the insurer corrects the record (`corrected`) or
 * confirms it as the same person with a reason (`confirmedSamePerson`, 理由付き疑いなし).
 */
export const IdentityCheckFlagSchema = z.enum(['notChecked', 'matched', 'mismatch', 'corrected', 'confirmedSamePerson']);
export type IdentityCheckFlag = z.infer<typeof IdentityCheckFlagSchema>;

/** One 資格: the numbers on a 保険証 / 資格確認書 and what they entitle to. */
export const SeedQualificationSchema = z
  .object({
    insurerNumber: z.string().regex(/^\d{8}$/),
    symbol: z.string().nullable(),
    number: z.string().min(1),
    branch: z.string().regex(/^\d{2}$/).nullable(),
    cardClassification: InsuredCardClassificationSchema.default('01'),
    personalFamily: PersonalFamilyClassificationSchema,
    /** 被保険者氏名: the main insured person (the person themself when 本人). */
    insuredName: z.string(),
    issuedOn: isoDate.nullable().default(null),
    /** 資格取得年月日 */
    validFrom: isoDate,
    /** 資格喪失年月日: the first day without the qualification; null while it lasts. */
    lostOn: isoDate.nullable().default(null),
    reasonOfLoss: ReasonOfLossSchema.nullable().default(null),
    /** 一部負担金割合 in percent. */
    ratio: z.union([z.literal(10), z.literal(20), z.literal(30)]),
    preschool: z.boolean().default(false),
    elderly: z.object({ ratio: z.union([z.literal(10), z.literal(20), z.literal(30)]), validFrom: isoDate, validTo: isoDate.nullable() }).strict().nullable().default(null),
    limitApplication: z
      .object({ classification: LimitApplicationCertificateClassificationSchema, category: LimitApplicationCategorySchema, validFrom: isoDate, validTo: isoDate.nullable() })
      .strict()
      .nullable()
      .default(null),
    specificDiseases: z.array(z.object({ category: SpecificDiseaseCategorySchema, validFrom: isoDate, validTo: isoDate.nullable(), selfPay: z.number().int().nonnegative() }).strict()).default([]),
    prescriptionIssueSelect: PrescriptionIssueSelectSchema.default('2'),
  })
  .strict()
  .refine((q) => (q.lostOn === null) === (q.reasonOfLoss === null), '資格喪失日 and 喪失事由 go together');

/** One 受給者証 in PMH: 公費負担者番号, 公費受給者番号, name, validity, monthly 自己負担上限額. */
export const SeedMedicalSubsidySchema = z
  .object({
    publicExpenseBurdenNumber: z.string().regex(/^\d{8}$/),
    recipientNumber: z.string().regex(/^\d{1,30}$/),
    certificateName: z.string().min(1),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    maxCopaymentAmount: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type SeedMedicalSubsidy = z.infer<typeof SeedMedicalSubsidySchema>;

export const SeedPopulationSchema = z
  .object({
    $comment: z.string().optional(),
    /**
     * Demo clinics. `secret` null: the service generates one (256 random bits) when it first seeds the
     * clinic, prints it once and keeps it on every later seeding. A fixed secret in the clear is for the
     * demo clinic of `npm start` only (documented, so public).
     */
    clinics: z.array(z.object({ code: z.string().regex(/^\d{10}$/), name: z.string(), secret: z.string().min(16).nullable().default(null), $comment: z.string().optional() }).strict()),
    insurers: z.array(z.object({ number: z.string().regex(/^\d{8}$/), name: z.string(), kind: z.enum(['kyokai', 'kumiai', 'kokuho', 'koki', 'other']) }).strict()),
    /** J-LIS: the card holders, by their 利用者証明用 certificate's serial. `profile` names the shipped card, if any. */
    residents: z.array(
      z
        .object({
          id: z.string(),
          profile: z.string().nullable().default(null),
          certificateSerial: z.string().regex(/^[0-9A-F]{2,40}$/).nullable(),
          name: z.string(),
          nameKana: z.string(),
          birthDate: isoDate,
          sex,
          address: z.string(),
          /** Registered for use as マイナ保険証 (利用登録). */
          insuranceUseRegistered: z.boolean(),
          /** The holder's スマホ用電子証明書, each with its own certificate serial (sim/profiles/phone-*.json). */
          phoneCertificates: z.array(z.object({ serial: z.string().regex(/^[0-9A-F]{2,40}$/), kind: z.enum(['androidPhone', 'iPhone']), profile: z.string().nullable().default(null) }).strict()).default([]),
        })
        .strict(),
    ),
    revokedCertificates: z.array(z.object({ serial: z.string().regex(/^[0-9A-F]{2,40}$/), revokedOn: isoDate, reason: z.string() }).strict()),
    /** 中間サーバー: insured people as insurers registered them. `linkedResident` is the My Number link. */
    people: z.array(
      z
        .object({
          id: z.string(),
          $comment: z.string().optional(),
          linkedResident: z.string().nullable(),
          name: z.string(),
          nameKana: z.string(),
          birthDate: isoDate,
          sex,
          /** Insurers need not register an address (eligibility-and-outage.md §5.3). */
          address: z.string().nullable(),
          postNumber: z.string().regex(/^\d{3}-\d{4}$/).nullable().default(null),
          identityCheck: IdentityCheckFlagSchema.default('notChecked'),
          qualifications: z.array(SeedQualificationSchema),
          medical: MedicalHistorySchema.default({ pharmacy: [], checkups: [], diagnosis: [], operation: [] }),
          /** 医療費助成 受給者証 registered in PMH by municipalities (ours: synthetic). */
          medicalSubsidies: z.array(SeedMedicalSubsidySchema).default([]),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((p, ctx) => {
    const residents = new Set(p.residents.map((r) => r.id));
    const insurers = new Set(p.insurers.map((i) => i.number));
    for (const person of p.people) {
      if (person.linkedResident !== null && !residents.has(person.linkedResident)) ctx.addIssue({ code: 'custom', message: `${person.id}: no resident ${person.linkedResident}` });
      for (const q of person.qualifications) if (!insurers.has(q.insurerNumber)) ctx.addIssue({ code: 'custom', message: `${person.id}: no insurer ${q.insurerNumber}` });
    }
    const ids = [...p.people.map((x) => x.id), ...p.residents.map((x) => x.id)];
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'resident and person ids must be unique' });
  });

export type SeedPopulation = z.infer<typeof SeedPopulationSchema>;
export type SeedPerson = SeedPopulation['people'][number];
export type SeedResident = SeedPopulation['residents'][number];
export type SeedQualification = z.infer<typeof SeedQualificationSchema>;
