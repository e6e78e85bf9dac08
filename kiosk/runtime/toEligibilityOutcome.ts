import type { EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
import type { ResultOfQualificationConfirmation } from '../../protocol/eligibility/EligibilityResult.ts';
import type { EligibilityKind, EligibilityOutcome, EligibilitySummary, QualificationDetail } from '../protocol/EligibilityOutcome.ts';

const BY_VALIDITY: Record<string, EligibilityKind> = { '1': 'eligible', '2': 'invalid', '3': 'invalidWithNewQualification', '4': 'noQualification', '5': 'multiple' };

const isoOf = (yyyymmdd: string | null): string | null => (yyyymmdd ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : null);

/** The items the result says were consented (…ConsFlg 1), of those a clinic may read. */
function consentedItems(row: ResultOfQualificationConfirmation): MedicalItem[] {
  const flags: Record<MedicalItem, string> = { pharmacy: row.PharmacistsInfoConsFlg, diagnosis: row.DiagnosisInfoConsFlg, operation: row.OperationInfoConsFlg, checkups: row.SpecificHealthCheckupsInfoConsFlg };
  return (Object.keys(flags) as MedicalItem[]).filter((item) => flags[item] === '1');
}

/** The result's row as the terminal shows it to staff. */
export function qualificationDetail(row: ResultOfQualificationConfirmation, assessment: EligibilityResult['assessment'] | null): QualificationDetail {
  const elderly = row.ElderlyRecipientCertificateInfo;
  return {
    name: row.Name,
    nameKana: row.NameKana,
    birthDate: isoOf(row.Birthdate) ?? row.Birthdate,
    sex: row.Sex1 === '1' ? 'male' : row.Sex1 === '2' ? 'female' : 'unset',
    address: row.Address,
    symbol: row.InsuredCardSymbol,
    number: row.InsuredIdentificationNumber,
    branch: row.InsuredBranchNumber,
    personalFamily: row.PersonalFamilyClassification === '1' ? 'self' : 'family',
    cardClassification: row.InsuredCardClassification,
    validFrom: isoOf(row.InsuredCardValidDate) ?? row.InsuredCardValidDate,
    validTo: isoOf(row.InsuredCardExpirationDate),
    limitCategory: row.LimitApplicationCertificateRelatedInfo?.LimitApplicationCertificateClassificationFlag ?? null,
    limitCertificate: row.LimitApplicationCertificateRelatedInfo?.LimitApplicationCertificateClassification ?? null,
    elderlyCopayPercent: elderly ? Number(elderly.ElderlyRecipientContributionRatio) : null,
    medical: {
      available: assessment?.medicalInformation.available ?? false,
      items: assessment?.medicalInformation.available ? consentedItems(row) : [],
      blockedBy: assessment?.medicalInformation.blockedBy ?? [],
    },
    tolerances: assessment?.linkageTolerances ?? [],
  };
}

export function summarise(
  row: ResultOfQualificationConfirmation | undefined,
  validity: number,
  referenceNumber: string | null,
  notices: string[],
  assessment: EligibilityResult['assessment'] | null = null,
): EligibilitySummary | null {
  if (!row) return null;
  return {
    insurerNumber: row.InsurerNumber,
    insurerName: row.InsurerName,
    copayPercent: Number(row.InsuredPartialContributionRatio),
    qualificationValidity: validity,
    referenceNumber,
    noticeCodes: notices,
    detail: qualificationDetail(row, assessment),
  };
}

/** The PMH answer and its 受給者証 (MessageBody.MedicalSubsidy) on the summary staff see. */
function withMedicalSubsidy(summary: EligibilitySummary | null, subsidy: EligibilityResult['MessageBody']['MedicalSubsidy']): EligibilitySummary | null {
  if (!summary || !subsidy) return summary;
  const certificates = subsidy.CertificateList.map((c) => ({
    burdenNumber: c.PublicExpenseBurdenNumber,
    recipientNumber: c.RecipientNumber,
    name: c.CertificateName,
    validFrom: isoOf(c.ValidFrom) ?? c.ValidFrom,
    validTo: c.ValidTo ? (isoOf(c.ValidTo) ?? c.ValidTo) : null,
    maxCopayment: c.MaxCopaymentAmount,
  }));
  return { ...summary, medicalSubsidy: { use: subsidy.Answer === '1', certificates } };
}

/**
 * How the kiosk acts on the service's answer: a refused certificate (E01–E04) is a card defect (3-2), a
 * refused reader (E06: its attestation; E07: not registered for this clinic, or revoked) a reader fault
 * (3-1), E05 (not registered for 保険証 use) is 利用登録なし, a suspected wrong linkage goes to staff, and a
 * 複数該当 answer carries every qualification for staff to choose from.
 */
export function toEligibilityOutcome(result: EligibilityResult): EligibilityOutcome {
  const body = result.MessageBody;
  const validity = Number(body.QualificationValidity ?? 0);
  const reference = result.assessment.referenceNumber;
  const summary = withMedicalSubsidy(summarise(body.ResultList[0], validity, reference, result.assessment.notices, result.assessment), body.MedicalSubsidy);
  if (body.ProcessingResultStatus === '2') {
    const resultCode = body.ProcessingResultCode ?? undefined;
    const kind = resultCode === 'E05' ? 'notRegistered' : resultCode === 'E06' || resultCode === 'E07' ? 'readerRefused' : 'certificateRefused';
    return { kind, summary, ...(resultCode ? { resultCode } : {}) };
  }
  if (result.assessment.wrongLinkageSuspected) return { kind: 'wrongLinkage', summary };
  const kind = BY_VALIDITY[body.QualificationValidity ?? '4'] ?? 'noQualification';
  if (kind === 'multiple') {
    const candidates = body.ResultList.map((row) => summarise(row, validity, reference, result.assessment.notices, result.assessment)).filter((c) => c !== null);
    return { kind, summary, candidates };
  }
  return { kind, summary };
}
