import { z } from 'zod';
import { BulkReceptionSchema, BulkResultSchema } from './BulkQuery.ts';
import { MedicalRecordsSchema } from './MedicalRecord.ts';
import { ReferenceNumberRegistrationResultSchema } from './ReferenceNumberRegistration.ts';
import { OperatorFaultsSchema, PROTOCOL_VERSION, type OperatorRequest, type TerminalRequest } from './ClientMessage.ts';
import { EligibilityResultSchema, MatchToleranceSchema, QualificationValiditySchema, ResultOfQualificationConfirmationSchema } from './EligibilityResult.ts';
import { SERVICE_ERROR_CODES } from './ServiceError.ts';

const iso = z.string().datetime({ offset: true });

export const WelcomeSchema = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('welcome'),
    id: z.string(),
    role: z.enum(['terminal', 'operator']),
    medicalInstitutionCode: z.string().nullable(),
    clinicName: z.string().nullable(),
    serverTime: iso,
    limits: z.object({ maxFrameBytes: z.number().int(), requestsPerSecond: z.number(), burst: z.number() }).strict(),
  })
  .strict();

export const ErrorMessageSchema = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('error'),
    /** The request's id, or null when the frame had none we could read. */
    id: z.string().nullable(),
    code: z.enum(SERVICE_ERROR_CODES),
    message: z.string(),
    retryable: z.boolean(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type ErrorMessage = z.infer<typeof ErrorMessageSchema>;

export const ReplyMessageSchema = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('reply'),
    id: z.string(),
    request: z.string(),
    /** True when this is the stored answer to an earlier request with the same idempotency key. */
    replayed: z.boolean(),
    body: z.unknown(),
  })
  .strict();

export const ServerMessageSchema = z.discriminatedUnion('type', [WelcomeSchema, ErrorMessageSchema, ReplyMessageSchema]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

export const CardChallengeSchema = z.object({ challengeId: z.string(), challenge: z.string(), expiresAt: iso }).strict();
export type CardChallenge = z.infer<typeof CardChallengeSchema>;

export const OutageActivationSchema = z.object({ activationId: z.string(), enabledAt: iso, expiresAt: iso }).strict();
export type OutageActivation = z.infer<typeof OutageActivationSchema>;

export const OutageCandidateSchema = z
  .object({
    match: z.object({ tolerances: z.array(MatchToleranceSchema), confirmWithPatient: z.boolean() }).strict(),
    QualificationValidity: QualificationValiditySchema,
    ResultList: z.array(ResultOfQualificationConfirmationSchema),
  })
  .strict();
export const OutageLookupSchema = z
  .object({ referenceNumber: z.string(), ambiguous: z.boolean(), candidates: z.array(OutageCandidateSchema) })
  .strict();
export type OutageLookup = z.infer<typeof OutageLookupSchema>;

export const MedicalInformationSchema = z.intersection(z.object({ referenceNumber: z.string() }), MedicalRecordsSchema);
export type MedicalInformation = z.infer<typeof MedicalInformationSchema>;

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: iso,
    medicalInstitutionCode: z.string().nullable(),
    actor: z.string(),
    action: z.string(),
    subjectPersonId: z.string().nullable(),
    result: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditVerificationSchema = z
  .object({ ok: z.boolean(), rows: z.number().int(), problem: z.object({ seq: z.number().int(), kind: z.enum(['edited', 'removedOrReordered', 'truncated']) }).strict().nullable() })
  .strict();
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

export const RegisteredReaderSchema = z.object({ readerId: z.string(), name: z.string(), registeredAt: iso }).strict();
export type RegisteredReader = z.infer<typeof RegisteredReaderSchema>;

/** A source address or a 医療機関コード whose failed hellos are being held back (ours: docs/protocol.md "Connection policy"). */
export const HelloLockoutSchema = z
  .object({
    scope: z.enum(['source', 'clinic']),
    key: z.string(),
    /** Failed hellos counted since the last lockout (or since they were forgotten). */
    failures: z.number().int(),
    /** How many times this key has been locked out; each lockout lasts twice the one before. */
    lockouts: z.number().int(),
    /** Hellos are not checked until then. */
    blockedUntil: iso,
    lockedOut: z.boolean(),
  })
  .strict();
export type HelloLockout = z.infer<typeof HelloLockoutSchema>;

export const ViewRecordSchema = z.object({ at: iso, medicalInstitutionCode: z.string(), clinicName: z.string(), action: z.string(), item: z.string().nullable() }).strict();
export type ViewRecord = z.infer<typeof ViewRecordSchema>;

/** The body of a reply, per request type: the client checks each one against its schema. */
export const TERMINAL_REPLY_SCHEMAS = {
  ping: z.object({ serverTime: iso }).strict(),
  'card.challenge': CardChallengeSchema,
  'card.confirm': EligibilityResultSchema,
  'insurance.confirm': EligibilityResultSchema,
  'insurance.bulkSubmit': BulkReceptionSchema,
  'insurance.bulkResult': BulkResultSchema,
  'reference.register': ReferenceNumberRegistrationResultSchema,
  'outage.enable': OutageActivationSchema,
  'outage.lookup': OutageLookupSchema,
  'medical.read': MedicalInformationSchema,
  'audit.list': z.object({ entries: z.array(AuditEntrySchema) }).strict(),
  'reader.register': RegisteredReaderSchema,
} satisfies Record<TerminalRequest['type'], z.ZodType>;

export const OPERATOR_REPLY_SCHEMAS = {
  ping: z.object({ serverTime: iso }).strict(),
  'operator.faults': OperatorFaultsSchema,
  'operator.dropConnections': z.object({ dropped: z.number().int() }).strict(),
  'operator.whoViewed': z.object({ personId: z.string(), views: z.array(ViewRecordSchema) }).strict(),
  'operator.auditVerify': AuditVerificationSchema,
  'operator.resolveLinkage': z.object({ personId: z.string(), resolution: z.enum(['confirmedSamePerson', 'unlinked']) }).strict(),
  'operator.lockouts': z.object({ lockouts: z.array(HelloLockoutSchema) }).strict(),
  'operator.clearLockout': z.object({ cleared: z.boolean() }).strict(),
} satisfies Record<OperatorRequest['type'], z.ZodType>;

export type TerminalReply<T extends TerminalRequest['type']> = z.infer<(typeof TERMINAL_REPLY_SCHEMAS)[T]>;
export type OperatorReply<T extends OperatorRequest['type']> = z.infer<(typeof OPERATOR_REPLY_SCHEMAS)[T]>;
