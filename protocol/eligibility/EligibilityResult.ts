import { CREDENTIAL_KINDS } from '../../jpki/CredentialKind.ts';
import { z } from 'zod';
import { CertificateStandingSchema } from '../../jpki/CertificateStanding.ts';

/*
 * The eligibility result, field for field as the オンライン資格確認等システム's XML result
 * (XmlMsg → MessageHeader + MessageBody → ResultList → ResultOfQualificationConfirmation). Element
 * names are kept exactly, in PascalCase, so a reader can lay this next to the XML of a real terminal.
 * Codes are the OQSCD tables (eligibility-and-outage.md §1.4). Where the table is not public (value
 * formats of ratios and times, the ProcessingResultCode values) the choice is ours: see docs/protocol.md.
 */

const yyyymmdd = z.string().regex(/^\d{8}$/, 'a date YYYYMMDD');
/** Our choice: date-times as YYYYMMDDhhmmss in Japan time, as the header's ProcessExecutionTime. */
const yyyymmddhhmmss = z.string().regex(/^\d{14}$/, 'a time YYYYMMDDhhmmss (JST)');

/** OQSCD002 照会区分: 1 マイナンバーカード, 2 被保険者証情報. */
export const ReferenceClassificationSchema = z.enum(['1', '2']);
/** OQSCD003 処理結果区分: 1 正常終了, 2 処理中, 9 異常終了. */
export const SegmentOfResultSchema = z.enum(['1', '2', '9']);
/** OQSCD004 処理結果状況: 1 正常終了, 2 エラー. */
export const ProcessingResultStatusSchema = z.enum(['1', '2']);
/** OQSCD006 資格有効性 (QualificationValidity): 1 有効, 2 無効, 3 無効（新しい資格あり）, 4 該当資格なし, 5 複数該当. */
export const QualificationValiditySchema = z.enum(['1', '2', '3', '4', '5']);
export type QualificationValidity = z.infer<typeof QualificationValiditySchema>;
/** OQSCD007 性別: 1 男, 2 女, 3 未設定. */
export const OqsSexSchema = z.enum(['1', '2', '3']);
/** OQSCD009 本人・家族区分: 1 本人, 2 家族. */
export const PersonalFamilyClassificationSchema = z.enum(['1', '2']);
/** OQSCD010 被保険者証区分. */
export const InsuredCardClassificationSchema = z.enum(['01', '02', '03', '04', '05', '06', '07']);
/** OQSCD011 限度額適用認定証区分. */
export const LimitApplicationCertificateClassificationSchema = z.enum(['01', '02', '03']);
/** OQSCD012 限度額適用認定証適用区分. */
export const LimitApplicationCategorySchema = z.enum([
  'A01', 'A02', 'A03', 'A04', 'A05', 'A06',
  'B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B09', 'B10',
]);
/** OQSCD013 特定疾病療養受療証認定疾病区分. */
export const SpecificDiseaseCategorySchema = z.enum(['1', '2', '3']);
/** 資格喪失事由: 01 死亡, 02 生活保護受給開始, 03 医療保険等の資格取得, 99 その他. */
export const ReasonOfLossSchema = z.enum(['01', '02', '03', '99']);
/** OQSCD001 (限度額) 0 未同意 / 1 同意; the 0/1/2 pattern of 特定疾病 (2 同意有効期限切れ) for the others is ours. */
export const ConsentFlagSchema = z.enum(['0', '1', '2']);
/** 処方箋発行形態: 1 電子, 2 紙. */
export const PrescriptionIssueSelectSchema = z.enum(['1', '2']);

/**
 * ProcessingResultCode values. The real list is not public, so these are ours. W… ride on a normal
 * result as supplementary information (as "失効期限3か月前" does on the real one); E… make the
 * result an error (ProcessingResultStatus 2).
 */
export const PROCESSING_RESULT_CODES = {
  W01: '利用者証明用電子証明書の有効期限が3か月以内です。市区町村窓口で更新してください。',
  W02: '利用者証明用電子証明書の有効期限が切れています（猶予期間中）。資格情報のみ提供します。',
  W03: '登録情報とカード情報が一致しません（紐付け誤りの疑い）。医療情報の閲覧を停止しています。',
  E01: '利用者証明用電子証明書が失効しています。',
  E02: '利用者証明用電子証明書の有効期限が切れています（猶予期間経過）。資格確認書等で確認してください。',
  E03: '利用者証明用電子証明書を検証できません（発行元または有効期間が不正）。',
  E04: 'カードの署名を検証できません。',
  E05: 'マイナ保険証の利用登録がされていません。',
  E06: 'カードリーダーの証明（署名）がないか、検証できません。',
  E07: 'カードリーダーがこの医療機関に登録されていないか、登録が取り消されています。',
} as const;
export type ProcessingResultCode = keyof typeof PROCESSING_RESULT_CODES;
export const ProcessingResultCodeSchema = z.enum(Object.keys(PROCESSING_RESULT_CODES) as [ProcessingResultCode, ...ProcessingResultCode[]]);

export const LimitApplicationCertificateRelatedInfoSchema = z
  .object({
    LimitApplicationCertificateClassification: LimitApplicationCertificateClassificationSchema,
    LimitApplicationCertificateClassificationFlag: LimitApplicationCategorySchema,
    LimitApplicationCertificateValidStartDate: yyyymmdd,
    LimitApplicationCertificateValidEndDate: yyyymmdd.nullable(),
  })
  .strict();

/** Sub-fields are not documented publicly; these are ours. */
export const ElderlyRecipientCertificateInfoSchema = z
  .object({
    ElderlyRecipientContributionRatio: z.string().regex(/^\d{2}$/),
    ElderlyRecipientValidStartDate: yyyymmdd,
    ElderlyRecipientValidEndDate: yyyymmdd.nullable(),
  })
  .strict();

export const SpecificDiseasesCertificateInfoSchema = z
  .object({
    SpecificDiseasesDiseaseCategory: SpecificDiseaseCategorySchema,
    SpecificDiseasesValidStartDate: yyyymmdd,
    SpecificDiseasesValidEndDate: yyyymmdd.nullable(),
    SpecificDiseasesSelfPay: z.number().int().nonnegative(),
  })
  .strict();

export const ResultOfQualificationConfirmationSchema = z
  .object({
    InsuredCardClassification: InsuredCardClassificationSchema,
    InsurerNumber: z.string().regex(/^\d{8}$/),
    InsuredCardSymbol: z.string().nullable(),
    InsuredIdentificationNumber: z.string(),
    InsuredBranchNumber: z.string().regex(/^\d{2}$/).nullable(),
    PersonalFamilyClassification: PersonalFamilyClassificationSchema,
    InsuredName: z.string(),
    Name: z.string(),
    NameKana: z.string(),
    Sex1: OqsSexSchema,
    Birthdate: yyyymmdd,
    Address: z.string().nullable(),
    PostNumber: z.string().nullable(),
    InsuredCertificateIssuanceDate: yyyymmdd.nullable(),
    InsuredCardValidDate: yyyymmdd,
    InsuredCardExpirationDate: yyyymmdd.nullable(),
    /** 一部負担金割合 in percent, "30" = 3割 (our format). */
    InsuredPartialContributionRatio: z.string().regex(/^\d{2}$/),
    PreschoolClassification: z.literal('1').nullable(),
    ReasonOfLoss: ReasonOfLossSchema.nullable(),
    InsurerName: z.string(),
    ElderlyRecipientCertificateInfo: ElderlyRecipientCertificateInfoSchema.nullable(),
    LimitApplicationCertificateRelatedConsFlg: ConsentFlagSchema,
    LimitApplicationCertificateRelatedConsTime: yyyymmddhhmmss.nullable(),
    LimitApplicationCertificateRelatedInfo: LimitApplicationCertificateRelatedInfoSchema.nullable(),
    SpecificDiseasesCertificateRelatedConsFlg: ConsentFlagSchema,
    SpecificDiseasesCertificateRelatedConsTime: yyyymmddhhmmss.nullable(),
    SpecificDiseasesCertificateList: z.array(SpecificDiseasesCertificateInfoSchema),
    SpecificHealthCheckupsInfoConsFlg: ConsentFlagSchema,
    SpecificHealthCheckupsInfoConsTime: yyyymmddhhmmss.nullable(),
    SpecificHealthCheckupsInfoAvailableTime: yyyymmddhhmmss.nullable(),
    PharmacistsInfoConsFlg: ConsentFlagSchema,
    PharmacistsInfoConsTime: yyyymmddhhmmss.nullable(),
    PharmacistsInfoAvailableTime: yyyymmddhhmmss.nullable(),
    DiagnosisInfoConsFlg: ConsentFlagSchema,
    DiagnosisInfoConsTime: yyyymmddhhmmss.nullable(),
    DiagnosisInfoAvailableTime: yyyymmddhhmmss.nullable(),
    OperationInfoConsFlg: ConsentFlagSchema,
    OperationInfoConsTime: yyyymmddhhmmss.nullable(),
    OperationInfoAvailableTime: yyyymmddhhmmss.nullable(),
    ArbitraryIdentifier: z.string().nullable(),
    /** 照会番号: the clinic's own patient number it registered for this person (reference.register), null when none. */
    ReferenceNumber: z.string().max(50).nullable(),
    PrescriptionIssueSelect: PrescriptionIssueSelectSchema,
  })
  .strict();
export type ResultOfQualificationConfirmation = z.infer<typeof ResultOfQualificationConfirmationSchema>;

/** The query as sent, echoed back (照会区分 2), as in the real result. */
export const QualificationConfirmSearchInfoSchema = z
  .object({
    InsurerNumber: z.string().regex(/^(\d{6}|\d{8})$/, '保険者番号: 6 or 8 digits'),
    InsuredCardSymbol: z.string().max(40).nullish(),
    InsuredIdentificationNumber: z.string().min(1).max(40),
    InsuredBranchNumber: z.string().regex(/^\d{2}$/, '枝番: 2 digits').nullish(),
    Birthdate: yyyymmdd,
    LimitApplicationCertificateRelatedConsFlg: z.enum(['0', '1']),
    ArbitraryIdentifier: z.string().max(64).nullish(),
  })
  .strict();
export type QualificationConfirmSearchInfo = z.infer<typeof QualificationConfirmSearchInfoSchema>;

export const MessageHeaderSchema = z
  .object({
    ProcessExecutionTime: yyyymmddhhmmss,
    QualificationConfirmationDate: yyyymmdd,
    MedicalInstitutionCode: z.string().regex(/^\d{10}$/),
    ArbitraryFileIdentifier: z.string().nullable(),
    ReferenceClassification: ReferenceClassificationSchema,
    SegmentOfResult: SegmentOfResultSchema,
    ErrorCode: z.string().nullable(),
    ErrorMessage: z.string().nullable(),
    /** OQSCD005 文字コード識別: 0 UTF-8. */
    CharacterCodeIdentifier: z.literal('0'),
  })
  .strict();

/**
 * One 医療費助成 受給者証 (PMH) of the patient, as the reader shows it when the patient answers 「利用する」 to
 * 「医療費助成の各種受給者証を利用しますか」. Element names are ours (the real layout of this part is not
 * public); the fields follow デジタル庁's PMH registration API (公費負担者番号 8 digits, 公費受給者番号 up to 30).
 */
export const MedicalSubsidyCertificateSchema = z
  .object({
    /** 公費負担者番号 (法別番号 + 都道府県 + 実施機関 + 検証番号). */
    PublicExpenseBurdenNumber: z.string().regex(/^\d{8}$/),
    /** 公費受給者番号: 7 digits nationally, up to 30 for 地方単独事業. */
    RecipientNumber: z.string().regex(/^\d{1,30}$/),
    /** 受給者証名, e.g. 子ども医療費受給者証. */
    CertificateName: z.string().min(1),
    ValidFrom: yyyymmdd,
    ValidTo: yyyymmdd.nullable(),
    /** 自己負担上限額 (yen a month); null when there is none. */
    MaxCopaymentAmount: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type MedicalSubsidyCertificate = z.infer<typeof MedicalSubsidyCertificateSchema>;

/** The patient's answer to the PMH question and, when 1 (利用する), the 受給者証 in force that day. Ours. */
export const MedicalSubsidySchema = z
  .object({
    /** 1 利用する, 0 利用しない. */
    Answer: z.enum(['0', '1']),
    CertificateList: z.array(MedicalSubsidyCertificateSchema),
  })
  .strict();

export const MessageBodySchema = z
  .object({
    ProcessingResultStatus: ProcessingResultStatusSchema,
    ProcessingResultCode: ProcessingResultCodeSchema.nullable(),
    ProcessingResultMessage: z.string().nullable(),
    QualificationValidity: QualificationValiditySchema.nullable(),
    ResultList: z.array(ResultOfQualificationConfirmationSchema),
    QualificationConfirmSearchInfo: QualificationConfirmSearchInfoSchema.nullable(),
    /** 医療費助成 (PMH): present on a card confirmation whose reader asked the question (ours). */
    MedicalSubsidy: MedicalSubsidySchema.optional(),
  })
  .strict();


/** Why medical information is not available for a confirmation (ours). */
export const MedicalBlockReasonSchema = z.enum([
  'notACardConfirmation',
  'confirmationRefused',
  'identityNotVerified',
  'certificateInGrace',
  'wrongLinkageSuspected',
  /** The 本人確認判定フラグ of a person found is set (the 2024-05 J-LIS check found a mismatch). */
  'identityCheckMismatch',
  'noConsent',
  'consentExpired',
  /** Nothing in force to read for: QualificationValidity 2 (lost) or 4 (no record). */
  'noQualificationInForce',
  /** Since the confirmation, the reader that attested it was revoked, or the card's certificate. */
  'readerRevoked',
  'certificateRevoked',
]);
export type MedicalBlockReason = z.infer<typeof MedicalBlockReasonSchema>;

/** Tolerances a card-face comparison relied on (ours; docs/protocol.md §Matching). */
export const MatchToleranceSchema = z.enum(['kuroMaru', 'itaiji', 'kanaVariant', 'addressNotation']);
export type MatchTolerance = z.infer<typeof MatchToleranceSchema>;

/**
 * What the service concluded beyond the real fields (ours): the reference to quote later, the
 * certificate's standing, the wrong-linkage guard and whether medical information may be read.
 */
export const AssessmentSchema = z
  .object({
    referenceNumber: z.string(),
    certificateStanding: CertificateStandingSchema.nullable(),
    notices: z.array(ProcessingResultCodeSchema),
    wrongLinkageSuspected: z.boolean(),
    /** Tolerances the card holder ↔ insurer record comparison relied on. */
    linkageTolerances: z.array(MatchToleranceSchema),
    medicalInformation: z.object({ available: z.boolean(), blockedBy: z.array(MedicalBlockReasonSchema) }).strict(),
    /**
     * What carried the certificate of a card confirmation (照会区分 1): the card, or a phone (スマホ用電子証明書),
     * as the certificate itself says. Absent on other answers. Ours: whether the real result tells card from phone is not public.
     */
    credential: z.enum(CREDENTIAL_KINDS).optional(),
    /** The card holder was registered for 保険証 use (利用登録) by this very confirmation, at the reader. */
    insuranceUseRegisteredNow: z.boolean().optional(),
  })
  .strict();

export const EligibilityResultSchema = z
  .object({
    MessageHeader: MessageHeaderSchema,
    MessageBody: MessageBodySchema,
    assessment: AssessmentSchema,
  })
  .strict();
export type EligibilityResult = z.infer<typeof EligibilityResultSchema>;

/** The reading myclinic uses, and the one a kiosk should: 正常終了 and 有効 together. */
export function isEligible(result: EligibilityResult): boolean {
  return result.MessageBody.ProcessingResultStatus === '1' && result.MessageBody.QualificationValidity === '1';
}
