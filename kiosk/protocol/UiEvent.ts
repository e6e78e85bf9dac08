import { z } from 'zod';
import { CardFaceItemsSchema } from '../../protocol/eligibility/ClientMessage.ts';
import { OUTAGE_CASES } from './OutageCase.ts';

/** The 4 items printed on the card face (券面4情報), as the chip, the card face or staff give them. */
export { CardFaceItemsSchema, type CardFaceItems } from '../../protocol/eligibility/ClientMessage.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** 照会区分 2: what a 資格確認書 (or old 保険証) carries. */
export const InsuranceNumberSearchSchema = z
  .object({ insurerNumber: z.string().regex(/^(\d{6}|\d{8})$/), symbol: z.string().max(40), number: z.string().min(1).max(40), branch: z.string().regex(/^(\d{2})?$/), birthDate: isoDate })
  .strict();
export type InsuranceNumberSearch = z.infer<typeof InsuranceNumberSearchSchema>;

/**
 * Proof the patient shows at the counter during an outage (§3.2 step 1), named as in the counter's dated
 * rules (CounterRules.ts): which of them is accepted depends on the day (healthInsuranceCard: to 2025-12-01).
 */
export const OwnProofSchema = z.enum(['mynaPortal', 'qualificationCertificate', 'qualificationNotice', 'healthInsuranceCard']);

/**
 * The document staff read the numbers off for a query by number (照会区分 2); accepted or not by the rules
 * of the day (CounterRules.ts). Absent: a 資格確認書.
 */
export const NumberDocumentSchema = z.enum(['qualificationCertificate', 'healthInsuranceCard', 'expiredHealthInsuranceCard', 'qualificationNoticeAlone']);
export type NumberDocument = z.infer<typeof NumberDocumentSchema>;

/** The Japanese day of the kiosk's clock: the runtime stamps it on the events the day's rules judge (a client's own is overwritten). */
const stampedDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional();
export type OwnProof = z.infer<typeof OwnProofSchema>;

/**
 * The numbers staff copy off the patient's own proof (資格確認書, 資格情報のお知らせ, the マイナポータル screen):
 * the claim goes on them, so a visit is never settled as 通常請求 without an insurer number.
 */
export const QualificationNumbersSchema = z
  .object({ insurerNumber: z.string().regex(/^(\d{6}|\d{8})$/), symbol: z.string().max(40), number: z.string().min(1).max(40), branch: z.string().regex(/^(\d{2})?$/) })
  .strict();
export type QualificationNumbers = z.infer<typeof QualificationNumbersSchema>;

/** The medical-information items consented one by one on the 個別に選択 screen (診療・薬剤・手術). */
export const MedicalConsentChoicesSchema = z.object({ pharmacy: z.boolean(), diagnosis: z.boolean(), operation: z.boolean() }).strict();
export type MedicalConsentChoices = z.infer<typeof MedicalConsentChoicesSchema>;

/** 被保険者資格申立書: what staff take from the form; copay as the patient pays it now. */
export const DeclarationSchema = z
  .object({
    copayPercent: z.union([z.literal(10), z.literal(20), z.literal(30)]),
    insuranceType: z.enum(['employee', 'national', 'lateElderly', 'unknown']),
    /** The claim software cannot take 77777777: use 77777779 (事務連絡 revised 2023-09-15). */
    claimSoftwareRejects7777: z.boolean(),
  })
  .strict();
export type Declaration = z.infer<typeof DeclarationSchema>;

/**
 * The three things printed on the card face that 照合番号B is built from (card-protocol.md §2.3), as
 * the receptionist reads them off the card when the reader has no card-face scanner or it could not read.
 */
export const CardFaceFieldsSchema = z
  .object({
    /** 生年月日, ISO YYYY-MM-DD (the card prints it in 和暦 or 西暦; the staff view converts). */
    birthDate: isoDate,
    /** カードの有効期限, ISO YYYY-MM-DD. */
    cardExpiry: isoDate,
    /** The 4-digit セキュリティコード. */
    securityCode: z.string().regex(/^\d{4}$/, '4 digits'),
  })
  .strict();
export type CardFaceFields = z.infer<typeof CardFaceFieldsSchema>;

/**
 * The events a screen may send, namespaced like xstate's own: the patient's touches on the reader's
 * panel and staff actions on the 資格確認端末 view. These are exactly the statechart's UI events
 * (KioskEvent = UiEvent | the device events); never device or actor events.
 */
export const UiEventSchema = z.discriminatedUnion('type', [
  // patient, on the reader's touch panel
  z.object({ type: z.literal('document.chosen') }), // 「資格確認書をお持ちの方」
  z.object({ type: z.literal('phone.chosen') }), // 「スマートフォン」 at standby (a kiosk with a smartphone reader)
  z.object({ type: z.literal('phone.kindChosen'), kind: z.enum(['androidPhone', 'iPhone']) }), // 「Android」 / 「iPhone」
  z.object({ type: z.literal('phone.retry') }), // 「もう一度かざす」 after nothing was read
  z.object({ type: z.literal('phone.useCard') }), // 「カードを使う」: the patient gives up on the phone
  z.object({ type: z.literal('method.face') }),
  z.object({ type: z.literal('method.pin') }),
  z.object({ type: z.literal('method.visual') }),
  z.object({ type: z.literal('face.retry') }),
  z.object({ type: z.literal('method.back') }), // 「戻る」 from the PIN pad or the camera to the method choice
  z.object({ type: z.literal('time.extended') }), // 「続ける」 on the 「続けますか？」 warning before a wait runs out
  z.object({ type: z.literal('consent.answered'), agree: z.boolean() }), // the question on screen: まとめて同意 / 同意しない, or 特定健診
  z.object({ type: z.literal('consent.chooseEach') }), // 「個別に選択する」 on the 診療・薬剤・手術 screen
  z.object({ type: z.literal('consent.itemsChosen'), choices: MedicalConsentChoicesSchema }),
  z.object({ type: z.literal('consent.skipAll') }),
  z.object({ type: z.literal('registration.accepted') }), // 「この場で利用登録する」 after E05 (利用登録なし)
  z.object({ type: z.literal('registration.declined') }), // 「登録しない」: the case-2 procedure
  z.object({ type: z.literal('medicalSubsidy.answered'), use: z.boolean() }), // 「医療費助成の各種受給者証を利用しますか」: はい / いいえ
  z.object({ type: z.literal('prescription.chosen'), issue: z.enum(['electronic', 'paper']) }), // 処方箋の発行形態: 「電子処方箋」 / 「紙の処方箋」
  z.object({ type: z.literal('notice.acknowledged') }),
  z.object({ type: z.literal('result.acknowledged') }),
  z.object({ type: z.literal('cancel') }),
  // staff, on the 資格確認端末 view or the staff panel
  z.object({ type: z.literal('staff.approved') }),
  z.object({ type: z.literal('staff.refused') }),
  z.object({ type: z.literal('staff.insuranceEntered'), search: InsuranceNumberSearchSchema, document: NumberDocumentSchema.optional(), day: stampedDay }),
  z.object({ type: z.literal('staff.cardFaceEntered'), fields: CardFaceFieldsSchema }), // 照合番号B typed off the card
  z.object({ type: z.literal('staff.confirmedCurrent') }), // a 複数該当 / new-qualification / wrong-linkage result checked by staff
  z.object({ type: z.literal('staff.toOutage'), outageCase: z.enum(OUTAGE_CASES) }),
  z.object({ type: z.literal('staff.jobChangeReported') }), // case 2 turns out to be case 1
  z.object({ type: z.literal('staff.proofShown'), proof: OwnProofSchema, numbers: QualificationNumbersSchema, day: stampedDay }),
  z.object({ type: z.literal('staff.lookupRequested'), items: CardFaceItemsSchema }),
  z.object({ type: z.literal('staff.candidateChosen'), index: z.number().int().min(0) }),
  z.object({ type: z.literal('staff.matchConfirmed') }), // the patient confirmed, when asked, the items a tolerant match relied on
  z.object({ type: z.literal('staff.back') }), // 「戻る」 from a step of the outage procedure to its guidance
  z.object({ type: z.literal('staff.declarationStarted') }),
  z.object({ type: z.literal('staff.declarationSubmitted'), declaration: DeclarationSchema }),
  z.object({ type: z.literal('staff.selfPay') }),
]);
export type UiEvent = z.infer<typeof UiEventSchema>;
export type UiEventType = UiEvent['type'];
