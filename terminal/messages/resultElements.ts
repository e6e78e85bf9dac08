import type { BulkConfirmUnit } from '../../protocol/eligibility/BulkQuery.ts';
import type { EligibilityResult, QualificationConfirmSearchInfo, ResultOfQualificationConfirmation } from '../../protocol/eligibility/EligibilityResult.ts';
import { toHalfWidthKana } from '../xml/halfWidthKana.ts';
import type { XmlOut } from '../xml/writeXmlMsg.ts';

/*
 * The service's answers as the elements of the real result files (research/terminal-files.md §3). The
 * values the file writes differently from the service's JSON, each public unless marked:
 * - InsurerNumber: a 6-digit 国保 number (kept as 00xxxxxx by the service) left-padded with spaces to 8;
 * - NameKana: half-width katakana with a half-width space;
 * - InsuredPartialContributionRatio and ElderlyRecipientContributionRatio: 3-digit percent (`030`);
 * - PrescriptionIssueSelect: in MessageBody, from the first qualification listed (the sources disagree; ours);
 * - null: the element is left out.
 */

/** 8-digit 保険者番号s start with a 法別番号 (01, 06, 39 …), never 00: those are 6-digit 国保 numbers. */
export function fileInsurerNumber(serviceNumber: string): string {
  return serviceNumber.startsWith('00') ? `  ${serviceNumber.slice(2)}` : serviceNumber;
}

const ratio = (percent: string) => percent.padStart(3, '0');

export function resultOfQualificationConfirmation(r: ResultOfQualificationConfirmation): XmlOut {
  return {
    InsuredCardClassification: r.InsuredCardClassification,
    InsurerNumber: fileInsurerNumber(r.InsurerNumber),
    InsuredCardSymbol: r.InsuredCardSymbol,
    InsuredIdentificationNumber: r.InsuredIdentificationNumber,
    InsuredBranchNumber: r.InsuredBranchNumber,
    PersonalFamilyClassification: r.PersonalFamilyClassification,
    InsuredName: r.InsuredName,
    Name: r.Name,
    NameKana: toHalfWidthKana(r.NameKana),
    Sex1: r.Sex1,
    Birthdate: r.Birthdate,
    Address: r.Address,
    PostNumber: r.PostNumber,
    InsuredCertificateIssuanceDate: r.InsuredCertificateIssuanceDate,
    InsuredCardValidDate: r.InsuredCardValidDate,
    InsuredCardExpirationDate: r.InsuredCardExpirationDate,
    InsuredPartialContributionRatio: ratio(r.InsuredPartialContributionRatio),
    PreschoolClassification: r.PreschoolClassification,
    ReasonOfLoss: r.ReasonOfLoss,
    InsurerName: r.InsurerName,
    ElderlyRecipientCertificateInfo: r.ElderlyRecipientCertificateInfo && {
      ElderlyRecipientValidStartDate: r.ElderlyRecipientCertificateInfo.ElderlyRecipientValidStartDate,
      ElderlyRecipientValidEndDate: r.ElderlyRecipientCertificateInfo.ElderlyRecipientValidEndDate,
      ElderlyRecipientContributionRatio: ratio(r.ElderlyRecipientCertificateInfo.ElderlyRecipientContributionRatio),
    },
    LimitApplicationCertificateRelatedConsFlg: r.LimitApplicationCertificateRelatedConsFlg,
    LimitApplicationCertificateRelatedConsTime: r.LimitApplicationCertificateRelatedConsTime,
    LimitApplicationCertificateRelatedInfo: r.LimitApplicationCertificateRelatedInfo && { ...r.LimitApplicationCertificateRelatedInfo },
    SpecificDiseasesCertificateRelatedConsFlg: r.SpecificDiseasesCertificateRelatedConsFlg,
    SpecificDiseasesCertificateRelatedConsTime: r.SpecificDiseasesCertificateRelatedConsTime,
    SpecificDiseasesCertificateList:
      r.SpecificDiseasesCertificateList.length > 0
        ? { SpecificDiseasesCertificateInfo: r.SpecificDiseasesCertificateList.map((d) => ({ ...d, SpecificDiseasesSelfPay: String(d.SpecificDiseasesSelfPay) })) }
        : null,
    SpecificHealthCheckupsInfoConsFlg: r.SpecificHealthCheckupsInfoConsFlg,
    SpecificHealthCheckupsInfoConsTime: r.SpecificHealthCheckupsInfoConsTime,
    SpecificHealthCheckupsInfoAvailableTime: r.SpecificHealthCheckupsInfoAvailableTime,
    PharmacistsInfoConsFlg: r.PharmacistsInfoConsFlg,
    PharmacistsInfoConsTime: r.PharmacistsInfoConsTime,
    PharmacistsInfoAvailableTime: r.PharmacistsInfoAvailableTime,
    DiagnosisInfoConsFlg: r.DiagnosisInfoConsFlg,
    DiagnosisInfoConsTime: r.DiagnosisInfoConsTime,
    DiagnosisInfoAvailableTime: r.DiagnosisInfoAvailableTime,
    OperationInfoConsFlg: r.OperationInfoConsFlg,
    OperationInfoConsTime: r.OperationInfoConsTime,
    OperationInfoAvailableTime: r.OperationInfoAvailableTime,
    ArbitraryIdentifier: r.ArbitraryIdentifier,
    ReferenceNumber: r.ReferenceNumber,
  };
}

export function searchInfo(s: QualificationConfirmSearchInfo): XmlOut {
  return {
    InsurerNumber: fileInsurerNumber(s.InsurerNumber.padStart(8, '0')),
    InsuredCardSymbol: s.InsuredCardSymbol,
    InsuredIdentificationNumber: s.InsuredIdentificationNumber,
    InsuredBranchNumber: s.InsuredBranchNumber,
    Birthdate: s.Birthdate,
    LimitApplicationCertificateRelatedConsFlg: s.LimitApplicationCertificateRelatedConsFlg,
    ArbitraryIdentifier: s.ArbitraryIdentifier,
  };
}

/** The answer part of a body: status, codes, validity, the qualifications, the query echoed. */
export function confirmationBody(body: Pick<EligibilityResult['MessageBody'], 'ProcessingResultStatus' | 'ProcessingResultCode' | 'ProcessingResultMessage' | 'QualificationValidity' | 'ResultList' | 'QualificationConfirmSearchInfo'>): XmlOut {
  return {
    ResultList: body.ResultList.length > 0 ? { ResultOfQualificationConfirmation: body.ResultList.map(resultOfQualificationConfirmation) } : null,
    QualificationConfirmSearchInfo: body.QualificationConfirmSearchInfo && searchInfo(body.QualificationConfirmSearchInfo),
    ProcessingResultStatus: body.ProcessingResultStatus,
    ProcessingResultCode: body.ProcessingResultCode,
    ProcessingResultMessage: body.ProcessingResultMessage,
    QualificationValidity: body.QualificationValidity,
    PrescriptionIssueSelect: body.ResultList[0]?.PrescriptionIssueSelect,
  };
}

export function bulkConfirmUnit(unit: BulkConfirmUnit): XmlOut {
  return {
    QualificationConfirmSearchInfo: searchInfo(unit.QualificationConfirmSearchInfo),
    ProcessingResultStatus: unit.ProcessingResultStatus,
    ProcessingResultCode: unit.ProcessingResultCode,
    ProcessingResultMessage: unit.ProcessingResultMessage,
    QualificationValidity: unit.QualificationValidity,
    ResultOfQualificationConfirmation: unit.ResultOfQualificationConfirmation.map(resultOfQualificationConfirmation),
  };
}
