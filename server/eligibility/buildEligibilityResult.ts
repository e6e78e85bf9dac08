import type { consentFields } from '../consent/ConsentRecord.ts';
import {
  PROCESSING_RESULT_CODES,
  type EligibilityResult,
  type ProcessingResultCode,
  type QualificationConfirmSearchInfo,
} from '../../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate, formatOqsDateTime } from '../../protocol/eligibility/OqsDateTime.ts';
import { buildResultOfQualificationConfirmation } from './buildResultOfQualificationConfirmation.ts';
import type { ValidityDecision } from './decideQualificationValidity.ts';
import type { InsuredPerson } from './InsuredRegistry.ts';

export interface EligibilityResultBody {
  status: '1' | '2';
  code: ProcessingResultCode | null;
  validity: EligibilityResult['MessageBody']['QualificationValidity'];
  list: EligibilityResult['MessageBody']['ResultList'];
  search: QualificationConfirmSearchInfo | null;
  /** The PMH answer and 受給者証, when the reader asked (card confirmations only). */
  medicalSubsidy?: EligibilityResult['MessageBody']['MedicalSubsidy'];
}

/** The answer to one confirmation (照会区分 1 or 2) as the オンライン資格確認 result message has it, with our assessment beside it. */
export function buildEligibilityResult(clinicCode: string, now: Date, classification: '1' | '2', body: EligibilityResultBody, assessment: EligibilityResult['assessment']): EligibilityResult {
  return {
    MessageHeader: {
      ProcessExecutionTime: formatOqsDateTime(now),
      QualificationConfirmationDate: formatOqsDate(now),
      MedicalInstitutionCode: clinicCode,
      ArbitraryFileIdentifier: null,
      ReferenceClassification: classification,
      SegmentOfResult: '1',
      ErrorCode: null,
      ErrorMessage: null,
      CharacterCodeIdentifier: '0',
    },
    MessageBody: {
      ProcessingResultStatus: body.status,
      ProcessingResultCode: body.code,
      ProcessingResultMessage: body.code ? PROCESSING_RESULT_CODES[body.code] : null,
      QualificationValidity: body.validity,
      ResultList: body.list,
      QualificationConfirmSearchInfo: body.search,
      ...(body.medicalSubsidy ? { MedicalSubsidy: body.medicalSubsidy } : {}),
    },
    assessment,
  };
}

/**
 * The ResultList of a decision: one entry per qualification shown, each with the person it belongs to and
 * the 照会番号 the asking clinic registered for that person (`referenceOf`). `people` holds everyone the
 * decision shows.
 */
export function buildResultList(
  people: InsuredPerson[],
  decision: ValidityDecision,
  consent: ReturnType<typeof consentFields>,
  referenceOf: (personId: string) => string | null,
  arbitraryIdentifier: string | null,
): EligibilityResult['MessageBody']['ResultList'] {
  const byId = new Map(people.map((p) => [p.id, p]));
  return decision.shown.map((q) => buildResultOfQualificationConfirmation(byId.get(q.personId)!, q, consent, referenceOf(q.personId), arbitraryIdentifier));
}
