import type { EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { ResultOfQualificationConfirmation } from '../../protocol/eligibility/EligibilityResult.ts';
import type { EligibilityKind, EligibilityOutcome, EligibilitySummary } from '../protocol/EligibilityOutcome.ts';

const BY_VALIDITY: Record<string, EligibilityKind> = { '1': 'eligible', '2': 'invalid', '3': 'invalidWithNewQualification', '4': 'noQualification', '5': 'multiple' };

export function summarise(row: ResultOfQualificationConfirmation | undefined, validity: number, referenceNumber: string | null, notices: string[]): EligibilitySummary | null {
  if (!row) return null;
  return {
    insurerNumber: row.InsurerNumber,
    insurerName: row.InsurerName,
    copayPercent: Number(row.InsuredPartialContributionRatio),
    qualificationValidity: validity,
    referenceNumber,
    noticeCodes: notices,
  };
}

/**
 * How the kiosk acts on the service's answer: a refused certificate (E01–E04) is a card defect (3-2), a
 * refused reader (E06: its attestation; E07: not registered for this clinic, or revoked) a reader fault
 * (3-1), E05 (not registered for 保険証 use) is handled like 資格情報なし, a suspected wrong linkage goes to staff.
 */
export function toEligibilityOutcome(result: EligibilityResult): EligibilityOutcome {
  const body = result.MessageBody;
  const validity = Number(body.QualificationValidity ?? 0);
  const summary = summarise(body.ResultList[0], validity, result.assessment.referenceNumber, result.assessment.notices);
  if (body.ProcessingResultStatus === '2') {
    const code = body.ProcessingResultCode;
    return { kind: code === 'E05' ? 'noQualification' : code === 'E06' || code === 'E07' ? 'readerRefused' : 'certificateRefused', summary };
  }
  if (result.assessment.wrongLinkageSuspected) return { kind: 'wrongLinkage', summary };
  return { kind: BY_VALIDITY[body.QualificationValidity ?? '4'] ?? 'noQualification', summary };
}
