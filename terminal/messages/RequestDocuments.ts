import { z } from 'zod';
import { describeZodIssues } from '../../foundation/describeZodIssues.ts';
import { BULK_RECEPTION_MAX, ReceptionNumberSchema } from '../../protocol/eligibility/BulkQuery.ts';
import type { QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import type { ReferenceNumberRegistrationInfo } from '../../protocol/eligibility/ReferenceNumberRegistration.ts';
import { RequestRejection } from '../files/RequestRejection.ts';
import type { XmlTree } from '../xml/readXmlMsg.ts';

/*
 * The request files' contents, element for element (research/terminal-files.md §3). Element names and
 * nesting are the public ones; the lengths not public are the service's. An element written empty counts
 * as absent, as clinic software writes <InsuredBranchNumber></InsuredBranchNumber> for "none".
 * Unknown elements are refused, so a misspelt element is named rather than ignored.
 */

const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const d8 = z
  .string()
  .regex(/^\d{8}$/, 'YYYYMMDD の8桁')
  .refine((s) => {
    const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
    return !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);
  }, '存在しない日付');

/** 8 characters: a 6-digit 国保 number is written with two leading spaces (`  138057`); the service takes it without them. */
const insurerNumber = z
  .string()
  .regex(/^(\d{8}| {0,2}\d{6})$/, '8桁（国保の6桁は先頭に空白2つ）')
  .transform((s) => s.trim());

const medicalInstitutionCode = z.string().regex(/^\d{10}$/, '医療機関コードは10桁');
const arbitraryFileIdentifier = blankAsAbsent(z.string().max(50, '50文字以内'));
/** Ours: a request may say which encoding its result wants; absent, the terminal's setting decides. */
const characterCodeIdentifier = blankAsAbsent(z.enum(['0', '1'], { message: '0 (UTF-8) または 1 (Shift_JIS)' }));

const SearchInfoSchema = z
  .object({
    InsurerNumber: insurerNumber,
    InsuredCardSymbol: blankAsAbsent(z.string().max(40)),
    InsuredIdentificationNumber: z.string().min(1).max(40),
    InsuredBranchNumber: blankAsAbsent(z.string().regex(/^\d{2}$/, '枝番は2桁')),
    Birthdate: d8,
    LimitApplicationCertificateRelatedConsFlg: z.enum(['0', '1'], { message: '0 または 1' }),
    ArbitraryIdentifier: blankAsAbsent(z.string().max(64)),
  })
  .strict();

const RegistrationInfoSchema = z
  .object({
    ReferenceNumber: z.string().min(1).max(50, '50文字以内'),
    InsurerNumber: insurerNumber,
    InsuredCardSymbol: blankAsAbsent(z.string().max(40)),
    InsuredIdentificationNumber: z.string().min(1).max(40),
    InsuredBranchNumber: blankAsAbsent(z.string().regex(/^\d{2}$/, '枝番は2桁')),
  })
  .strict();

const QueryHeaderSchema = z
  .object({
    QualificationConfirmationDate: d8,
    MedicalInstitutionCode: medicalInstitutionCode,
    ArbitraryFileIdentifier: arbitraryFileIdentifier,
    CharacterCodeIdentifier: characterCodeIdentifier,
  })
  .strict();

/** OQSsiquc01req: 個別照会 (照会区分 2) of one person by the numbers of a 資格確認書 or 保険証. */
export const IndividualQueryDocumentSchema = z
  .object({
    MessageHeader: QueryHeaderSchema,
    MessageBody: z.object({ QualificationConfirmSearchInfo: z.array(SearchInfoSchema).length(1, 'QualificationConfirmSearchInfo はひとつ') }).strict(),
  })
  .strict();

/** OQSmuquc01req: 一括照会, the people of one day's bookings. */
export const BulkQueryDocumentSchema = z
  .object({
    MessageHeader: QueryHeaderSchema,
    MessageBody: z.object({ QualificationConfirmSearchInfo: z.array(SearchInfoSchema).min(1).max(BULK_RECEPTION_MAX, `一括照会は${BULK_RECEPTION_MAX}件まで`) }).strict(),
  })
  .strict();

/** OQSmuquc02req: the result of a 一括照会, by 受付番号 (fresh file name each time). */
export const BulkResultDocumentSchema = z
  .object({
    MessageHeader: z.object({ MedicalInstitutionCode: medicalInstitutionCode, ArbitraryFileIdentifier: arbitraryFileIdentifier, CharacterCodeIdentifier: characterCodeIdentifier }).strict(),
    MessageBody: z.object({ ReceptionNumber: ReceptionNumberSchema }).strict(),
  })
  .strict();

/** OQSsiimm01req: 照会番号 registration for one patient. */
export const ReferenceRegistrationDocumentSchema = z
  .object({
    MessageHeader: z.object({ MedicalInstitutionCode: medicalInstitutionCode, ArbitraryFileIdentifier: arbitraryFileIdentifier, CharacterCodeIdentifier: characterCodeIdentifier }).strict(),
    MessageBody: z.object({ ReferenceNumberRegistrationInfo: z.array(RegistrationInfoSchema).length(1, 'ReferenceNumberRegistrationInfo はひとつ') }).strict(),
  })
  .strict();

export type IndividualQueryDocument = z.infer<typeof IndividualQueryDocumentSchema>;
export type BulkQueryDocument = z.infer<typeof BulkQueryDocumentSchema>;
export type BulkResultDocument = z.infer<typeof BulkResultDocumentSchema>;
export type ReferenceRegistrationDocument = z.infer<typeof ReferenceRegistrationDocumentSchema>;

/** The header every request kind has, read even from a request its schema refuses, to address the error result. */
export interface RequestHeader {
  MedicalInstitutionCode: string | null;
  ArbitraryFileIdentifier: string | null;
  CharacterCodeIdentifier: '0' | '1' | null;
  QualificationConfirmationDate: string | null;
}

export function readRequestHeader(xml: XmlTree): RequestHeader {
  const header = xml.MessageHeader;
  const field = (name: string) => {
    const v = header && typeof header === 'object' && !Array.isArray(header) ? header[name] : undefined;
    return typeof v === 'string' && v !== '' ? v : null;
  };
  const cci = field('CharacterCodeIdentifier');
  return {
    MedicalInstitutionCode: field('MedicalInstitutionCode'),
    ArbitraryFileIdentifier: field('ArbitraryFileIdentifier'),
    CharacterCodeIdentifier: cci === '0' || cci === '1' ? cci : null,
    QualificationConfirmationDate: field('QualificationConfirmationDate'),
  };
}

/** A request's XmlMsg checked against its kind's schema; SCHEMA_VIOLATION names the elements at fault. */
export function parseRequestDocument<S extends z.ZodType>(xml: XmlTree, schema: S): z.infer<S> {
  const parsed = schema.safeParse(xml);
  if (!parsed.success) throw new RequestRejection('SCHEMA_VIOLATION', describeZodIssues(parsed.error, 5).message.replaceAll('#text', '(要素の外の文字)'));
  return parsed.data;
}

/** The search as the service takes it: absent items as null. */
export function toSearch(info: z.infer<typeof SearchInfoSchema>): QualificationConfirmSearchInfo {
  return {
    InsurerNumber: info.InsurerNumber,
    InsuredCardSymbol: info.InsuredCardSymbol ?? null,
    InsuredIdentificationNumber: info.InsuredIdentificationNumber,
    InsuredBranchNumber: info.InsuredBranchNumber ?? null,
    Birthdate: info.Birthdate,
    LimitApplicationCertificateRelatedConsFlg: info.LimitApplicationCertificateRelatedConsFlg,
    ArbitraryIdentifier: info.ArbitraryIdentifier ?? null,
  };
}

export function toRegistration(info: z.infer<typeof RegistrationInfoSchema>): ReferenceNumberRegistrationInfo {
  return {
    ReferenceNumber: info.ReferenceNumber,
    InsurerNumber: info.InsurerNumber,
    InsuredCardSymbol: info.InsuredCardSymbol ?? null,
    InsuredIdentificationNumber: info.InsuredIdentificationNumber,
    InsuredBranchNumber: info.InsuredBranchNumber ?? null,
  };
}
