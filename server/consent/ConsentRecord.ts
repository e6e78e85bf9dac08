import type { ConsentChoice, MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
import { formatOqsDateTime } from '../../protocol/eligibility/OqsDateTime.ts';

/** Outpatient consent lasts 24 hours from the moment it is given (portal FAQ Q3; eligibility-and-outage.md §4). */
export const CONSENT_VALIDITY_MS = 24 * 3_600_000;

export type ConsentStanding = 'given' | 'notGiven' | 'expired';

/** A consent given at the reader as part of one confirmation. Changing it means a new confirmation. */
export interface ConsentRecord {
  choice: ConsentChoice;
  givenAt: Date;
}

export function consentStanding(consent: ConsentRecord | null, item: MedicalItem, now: Date): ConsentStanding {
  if (!consent || !consent.choice[item]) return 'notGiven';
  return now.getTime() - consent.givenAt.getTime() > CONSENT_VALIDITY_MS ? 'expired' : 'given';
}

/** The …ConsFlg / …ConsTime / …AvailableTime triple of one item as the result carries it. */
function triple(given: boolean, at: Date): { flag: '0' | '1'; time: string | null; available: string | null } {
  return given ? { flag: '1', time: formatOqsDateTime(at), available: formatOqsDateTime(new Date(at.getTime() + CONSENT_VALIDITY_MS)) } : { flag: '0', time: null, available: null };
}

/** The consent fields of a ResultOfQualificationConfirmation. No consent (照会区分 2, outage lookups): all 0. */
export function consentFields(consent: ConsentRecord | null, limitApplicationFlag: '0' | '1' = consent?.choice.limitApplication ? '1' : '0') {
  const at = consent?.givenAt ?? new Date(0);
  const pharmacy = triple(consent?.choice.pharmacy ?? false, at);
  const diagnosis = triple(consent?.choice.diagnosis ?? false, at);
  const operation = triple(consent?.choice.operation ?? false, at);
  const checkups = triple(consent?.choice.checkups ?? false, at);
  const limitTime = limitApplicationFlag === '1' ? formatOqsDateTime(consent?.givenAt ?? new Date()) : null;
  return {
    LimitApplicationCertificateRelatedConsFlg: limitApplicationFlag,
    LimitApplicationCertificateRelatedConsTime: limitTime,
    // Ours: 特定疾病療養受療証 follows the 限度額 consent (the reader's question covers both here).
    SpecificDiseasesCertificateRelatedConsFlg: limitApplicationFlag,
    SpecificDiseasesCertificateRelatedConsTime: limitTime,
    SpecificHealthCheckupsInfoConsFlg: checkups.flag,
    SpecificHealthCheckupsInfoConsTime: checkups.time,
    SpecificHealthCheckupsInfoAvailableTime: checkups.available,
    PharmacistsInfoConsFlg: pharmacy.flag,
    PharmacistsInfoConsTime: pharmacy.time,
    PharmacistsInfoAvailableTime: pharmacy.available,
    DiagnosisInfoConsFlg: diagnosis.flag,
    DiagnosisInfoConsTime: diagnosis.time,
    DiagnosisInfoAvailableTime: diagnosis.available,
    OperationInfoConsFlg: operation.flag,
    OperationInfoConsTime: operation.time,
    OperationInfoAvailableTime: operation.available,
  } as const;
}
