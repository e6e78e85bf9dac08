import { z } from 'zod';
import { SexSchema } from '../../jpki/Sex.ts';
import { BULK_PAGE_MAX, BULK_PART_MAX, ReceptionNumberSchema } from './BulkQuery.ts';
import { QualificationConfirmSearchInfoSchema } from './EligibilityResult.ts';
import { ReferenceNumberRegistrationInfoSchema } from './ReferenceNumberRegistration.ts';
import { ReaderAttestationSchema } from './ReaderAttestation.ts';
import { SERVICE_ERROR_CODES } from './ServiceError.ts';

/** The protocol version this build speaks; a frame with another `v` is refused with UNSUPPORTED_VERSION. */
export const PROTOCOL_VERSION = 1;

const id = z.string().min(1).max(64);
/** A terminal-chosen key (a UUID is fine); the same key on a retry returns the first answer. */
const idempotencyKey = z.string().min(8).max(128);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'a date that exists');
const base64 = (maxChars: number) => z.string().max(maxChars).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');

const envelope = { v: z.literal(PROTOCOL_VERSION), id };
const stateChanging = { ...envelope, idempotencyKey };

/**
 * IdentityMethod: how the patient proved who they are, the same word at the reader, on the wire and on
 * the screens.
 * - face: the reader's camera matched the card photo; pin: the 利用者証明用 PIN on the card;
 * - visual: staff compared the card photo with the patient (目視確認);
 * - none: the card was present (it signed) but nobody checked that its holder is the patient: qualification only;
 * - document: no card at all; staff checked a 資格確認書 and asked by its numbers (照会区分 2);
 * - device: an iPhone authenticated its holder itself (Face ID / Touch ID) before it signed; no PIN on the reader.
 *   (An Android phone's スマホ用利用者証明用 PIN, verified on the phone, is `pin`.)
 */
export const IDENTITY_METHODS = ['face', 'pin', 'visual', 'none', 'document', 'device'] as const;
export const IdentityMethodSchema = z.enum(IDENTITY_METHODS);
export type IdentityMethod = z.infer<typeof IdentityMethodSchema>;
/** The methods of a check-in with a card (`card.confirm`): every one but `document`. */
export const CardIdentityMethodSchema = IdentityMethodSchema.exclude(['document']);
export type CardIdentityMethod = z.infer<typeof CardIdentityMethodSchema>;

/** The items a patient consents to at the reader (eligibility-and-outage.md §4). */
export const CONSENT_ITEMS = ['pharmacy', 'diagnosis', 'operation', 'checkups', 'limitApplication'] as const;
/** One item of the consent: 薬剤情報, 診療情報, 手術情報, 特定健診情報, 限度額適用認定証関連情報. */
export type ConsentItem = (typeof CONSENT_ITEMS)[number];
export const ConsentChoiceSchema = z
  .object({
    /** 薬剤情報 */
    pharmacy: z.boolean(),
    /** 診療情報 */
    diagnosis: z.boolean(),
    /** 手術情報 */
    operation: z.boolean(),
    /** 特定健診情報 */
    checkups: z.boolean(),
    /** 限度額適用認定証関連情報 */
    limitApplication: z.boolean(),
  })
  .strict();
export type ConsentChoice = z.infer<typeof ConsentChoiceSchema>;

/** The medical information a clinic may read after a card confirmation. */
export const MedicalItemSchema = z.enum(['pharmacy', 'diagnosis', 'operation', 'checkups']);
export type MedicalItem = z.infer<typeof MedicalItemSchema>;

export { SexSchema };

/** The 4 items on the card face (券面4情報) as staff copy them, for システム障害時モード. */
export const CardFaceItemsSchema = z
  .object({
    name: z.string().min(1).max(100),
    birthDate: isoDate,
    sex: SexSchema,
    address: z.string().min(1).max(200),
  })
  .strict();
export type CardFaceItems = z.infer<typeof CardFaceItemsSchema>;

export const OutageReasonSchema = z.enum(['readerFailure', 'terminalFailure', 'cardDefect', 'certificateExpired', 'powerOrNetwork']);

export const HelloSchema = z.discriminatedUnion('role', [
  z.object({ ...envelope, type: z.literal('hello'), role: z.literal('terminal'), medicalInstitutionCode: z.string().regex(/^\d{10}$/, '医療機関コード: 10 digits'), secret: z.string().min(1).max(200), terminalId: z.string().min(1).max(64) }).strict(),
  z.object({ ...envelope, type: z.literal('hello'), role: z.literal('operator'), secret: z.string().min(1).max(200) }).strict(),
]);
export type Hello = z.infer<typeof HelloSchema>;

/** Requests a terminal sends after `hello`. */
export const TerminalRequestSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('ping') }).strict(),
  z.object({ ...stateChanging, type: z.literal('card.challenge') }).strict(),
  z
    .object({
      ...stateChanging,
      type: z.literal('card.confirm'),
      challengeId: z.string().min(1).max(64),
      /** The card's 利用者証明用電子証明書, DER, base64. */
      certificate: base64(16_384),
      /**
       * The card's RSASSA-PKCS1-v1_5/SHA-256 over the challenge bytes, base64. Required on every identity
       * method: every confirmation proves the card is present. null is still readable on the wire so that
       * its refusal (E04) is a result, recorded and audited, rather than an unlogged INVALID_MESSAGE.
       */
      signature: base64(1024).nullable(),
      /** The registered reader's signed word on this confirmation. Required; absent or null is refused with E06, audited (as for the signature). */
      attestation: ReaderAttestationSchema.nullish(),
      identityMethod: CardIdentityMethodSchema,
      consent: ConsentChoiceSchema,
      arbitraryIdentifier: z.string().max(64).nullish(),
      /**
       * 処方箋発行形態 the patient chose on the reader: 1 電子処方箋, 2 紙の処方箋 (OQSCD017). Carried in every
       * ResultList entry's PrescriptionIssueSelect; absent: the reader did not ask (the insurer record's value stays).
       */
      prescriptionIssueSelect: z.enum(['1', '2']).nullish(),
      /** The answer to 「医療費助成の各種受給者証を利用しますか」: use / decline; absent: not asked. The result's MedicalSubsidy. */
      medicalSubsidy: z.enum(['use', 'decline']).nullish(),
      /**
       * The patient chose 「登録する」 on the reader's 利用登録 screen after an E05: a card holder not yet registered
       * for 保険証 use is registered by this confirmation (recorded, audited), which then answers as for a registered card.
       */
      registerInsuranceUse: z.boolean().nullish(),
    })
    .strict(),
  /** A 顔認証付きカードリーダー (kiosk) registers its public key for the clinic of this connection; idempotent by the key. */
  z.object({ ...envelope, type: z.literal('reader.register'), publicKey: base64(1024), name: z.string().min(1).max(100) }).strict(),
  z.object({ ...stateChanging, type: z.literal('insurance.confirm'), search: QualificationConfirmSearchInfoSchema }).strict(),
  z
    .object({
      ...stateChanging,
      type: z.literal('insurance.bulkSubmit'),
      /** Absent on the first part (a new 受付番号 is opened); the number the first part got on every later part. */
      receptionNumber: ReceptionNumberSchema.nullish(),
      /** The Japanese day the answers are for, YYYYMMDD (the day of the booked visits); the same on every part. */
      qualificationConfirmationDate: z.string().regex(/^\d{8}$/, 'a date YYYYMMDD'),
      searches: z.array(QualificationConfirmSearchInfoSchema).min(1).max(BULK_PART_MAX),
      /** True on the last part: the reception is sealed and its answers are prepared. */
      last: z.boolean(),
    })
    .strict(),
  z.object({ ...envelope, type: z.literal('insurance.bulkResult'), receptionNumber: ReceptionNumberSchema, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(BULK_PAGE_MAX).default(BULK_PAGE_MAX) }).strict(),
  z.object({ ...stateChanging, type: z.literal('reference.register'), registration: ReferenceNumberRegistrationInfoSchema }).strict(),
  z.object({ ...stateChanging, type: z.literal('outage.enable'), reason: OutageReasonSchema, contactPerson: z.string().min(1).max(100) }).strict(),
  z.object({ ...stateChanging, type: z.literal('outage.lookup'), cardFace: CardFaceItemsSchema }).strict(),
  z.object({ ...stateChanging, type: z.literal('medical.read'), referenceNumber: z.string().min(1).max(64), item: MedicalItemSchema }).strict(),
  z.object({ ...envelope, type: z.literal('audit.list'), limit: z.number().int().min(1).max(500).default(100), beforeSeq: z.number().int().positive().nullish() }).strict(),
]);
export type TerminalRequest = z.infer<typeof TerminalRequestSchema>;
export type TerminalRequestType = TerminalRequest['type'];

export const OperatorFaultsSchema = z
  .object({
    /** Every answer to a terminal waits this long. */
    delayMs: z.number().int().min(0).max(120_000),
    /** Every terminal request is answered with this error instead (e.g. SERVICE_UNAVAILABLE). */
    failWith: z.enum(SERVICE_ERROR_CODES).nullable(),
    /** Work is done and committed, then the connection is cut instead of answering. */
    dropBeforeReply: z.boolean(),
    /** Terminals are disconnected and refused until this is cleared. */
    down: z.boolean(),
  })
  .strict();
export type OperatorFaults = z.infer<typeof OperatorFaultsSchema>;

/** Requests on the operator's own channel (simulator control panel, tests). */
export const OperatorRequestSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('ping') }).strict(),
  z.object({ ...envelope, type: z.literal('operator.faults'), faults: OperatorFaultsSchema.partial() }).strict(),
  z.object({ ...envelope, type: z.literal('operator.dropConnections') }).strict(),
  z.object({ ...envelope, type: z.literal('operator.whoViewed'), personId: z.string().min(1).max(64) }).strict(),
  z.object({ ...envelope, type: z.literal('operator.auditVerify') }).strict(),
  z.object({ ...envelope, type: z.literal('operator.resolveLinkage'), personId: z.string().min(1).max(64), resolution: z.enum(['confirmedSamePerson', 'unlinked']) }).strict(),
  z.object({ ...envelope, type: z.literal('operator.lockouts') }).strict(),
  z.object({ ...envelope, type: z.literal('operator.clearLockout'), scope: z.enum(['source', 'clinic']), key: z.string().min(1).max(64) }).strict(),
]);
export type OperatorRequest = z.infer<typeof OperatorRequestSchema>;

export const TERMINAL_REQUEST_TYPES = TerminalRequestSchema.options.map((o) => o.shape.type.value);
export const OPERATOR_REQUEST_TYPES = OperatorRequestSchema.options.map((o) => o.shape.type.value);
