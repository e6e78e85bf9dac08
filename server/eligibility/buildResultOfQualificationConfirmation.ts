import type { consentFields } from '../consent/ConsentRecord.ts';
import type { ResultOfQualificationConfirmation } from '../../protocol/eligibility/EligibilityResult.ts';
import { isoDateToOqs } from '../../protocol/eligibility/OqsDateTime.ts';
import type { InsuredPerson, Qualification } from './InsuredRegistry.ts';

const OQS_SEX: Record<string, '1' | '2' | '3'> = { male: '1', female: '2', notApplicable: '3' };
const oqs = (d: string | null) => (d === null ? null : isoDateToOqs(d));

/**
 * One qualification of one person, as a ResultOfQualificationConfirmation. 限度額 and 特定疾病 details only
 * with consent. `clinicReferenceNumber` is the 照会番号 the asking clinic registered for the person, if any.
 */
export function buildResultOfQualificationConfirmation(
  person: InsuredPerson,
  q: Qualification,
  consent: ReturnType<typeof consentFields>,
  clinicReferenceNumber: string | null,
  arbitraryIdentifier: string | null,
): ResultOfQualificationConfirmation {
  const disclosed = consent.LimitApplicationCertificateRelatedConsFlg === '1';
  return {
    InsuredCardClassification: q.cardClassification,
    InsurerNumber: q.insurerNumber,
    InsuredCardSymbol: q.symbol,
    InsuredIdentificationNumber: q.number,
    InsuredBranchNumber: q.branch,
    PersonalFamilyClassification: q.personalFamily,
    InsuredName: q.insuredName,
    Name: person.name,
    NameKana: person.nameKana,
    Sex1: OQS_SEX[person.sex] ?? '3',
    Birthdate: isoDateToOqs(person.birthDate),
    Address: person.address,
    PostNumber: person.postNumber,
    InsuredCertificateIssuanceDate: oqs(q.issuedOn),
    InsuredCardValidDate: isoDateToOqs(q.validFrom),
    InsuredCardExpirationDate: oqs(q.lostOn),
    InsuredPartialContributionRatio: String(q.ratio).padStart(2, '0'),
    PreschoolClassification: q.preschool ? '1' : null,
    ReasonOfLoss: q.reasonOfLoss,
    InsurerName: q.insurerName,
    ElderlyRecipientCertificateInfo: q.elderly
      ? { ElderlyRecipientContributionRatio: String(q.elderly.ratio), ElderlyRecipientValidStartDate: isoDateToOqs(q.elderly.validFrom), ElderlyRecipientValidEndDate: oqs(q.elderly.validTo) }
      : null,
    ...consent,
    LimitApplicationCertificateRelatedInfo:
      disclosed && q.limitApplication
        ? {
            LimitApplicationCertificateClassification: q.limitApplication.classification,
            LimitApplicationCertificateClassificationFlag: q.limitApplication.category,
            LimitApplicationCertificateValidStartDate: isoDateToOqs(q.limitApplication.validFrom),
            LimitApplicationCertificateValidEndDate: oqs(q.limitApplication.validTo),
          }
        : null,
    SpecificDiseasesCertificateList: disclosed
      ? q.specificDiseases.map((d) => ({
          SpecificDiseasesDiseaseCategory: d.category,
          SpecificDiseasesValidStartDate: isoDateToOqs(d.validFrom),
          SpecificDiseasesValidEndDate: oqs(d.validTo),
          SpecificDiseasesSelfPay: d.selfPay,
        }))
      : [],
    ArbitraryIdentifier: arbitraryIdentifier,
    ReferenceNumber: clinicReferenceNumber,
    PrescriptionIssueSelect: q.prescriptionIssueSelect,
  };
}
