import { randomUUID } from 'node:crypto';
import type { EligibilityResult, QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import { jstDay, oqsDateToIso } from '../../protocol/eligibility/OqsDateTime.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import { consentFields } from '../consent/ConsentRecord.ts';
import { buildEligibilityResult, buildResultList } from '../eligibility/buildEligibilityResult.ts';
import { decideByNumbers, type ValidityDecision } from '../eligibility/decideQualificationValidity.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
import { findQualificationsByNumbers } from '../eligibility/findQualificationsByNumbers.ts';
import type { ConfirmationFacts } from '../medical/decideMedicalAccess.ts';
import type { ReferenceNumbers } from '../reference/ReferenceNumbers.ts';
import type { ConfirmationStore } from './ConfirmationStore.ts';

export interface ConfirmationByInsuranceNumberDeps {
  registry: InsuredRegistry;
  audit: AuditLog;
  confirmations: ConfirmationStore;
  references: ReferenceNumbers;
}

/**
 * 照会区分 2, confirmation by 被保険者番号 (保険者番号, 記号, 番号, 枝番 and birth date), as staff key it in
 * from a 資格確認書 or an old 保険証. No card, so no identity check and no medical information.
 */
export class ConfirmationByInsuranceNumber {
  constructor(private readonly deps: ConfirmationByInsuranceNumberDeps) {}

  confirm(session: TerminalSession, search: QualificationConfirmSearchInfo, now: Date): EligibilityResult {
    const { registry, audit, confirmations } = this.deps;
    const referenceNumber = randomUUID();
    const insurer = search.InsurerNumber.padStart(8, '0');
    const { decision, list } = this.answer(session, search, jstDay(now));
    const people = [...new Set(decision.shown.map((q) => q.personId))].map((id) => registry.person(id)!);
    const result = buildEligibilityResult(
      session.clinicCode,
      now,
      '2',
      { status: '1', code: null, validity: decision.validity, list, search },
      { referenceNumber, certificateStanding: null, notices: [], wrongLinkageSuspected: false, linkageTolerances: [], medicalInformation: { available: false, blockedBy: ['notACardConfirmation'] } },
    );
    const facts: ConfirmationFacts = { classification: '2', refused: false, identityMethod: null, certificateStanding: null, wrongLinkageSuspected: false, consent: null, validity: decision.validity, readerId: null, certificateSerial: null };
    const personIds = people.map((p) => p.id);
    confirmations.record(session, referenceNumber, facts, personIds, result, now);
    audit.appendAccess({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'insurance.confirm', people: personIds, result: `validity:${decision.validity}`, detail: { referenceNumber, insurerNumber: insurer } });
    return result;
  }

  /**
   * The validity decision and ResultList for one search on a Japanese day (YYYY-MM-DD), without recording
   * anything: insurance.confirm records it as a confirmation, a 一括照会 as one of its units.
   */
  answer(session: TerminalSession, search: QualificationConfirmSearchInfo, day: string): { decision: ValidityDecision; list: EligibilityResult['MessageBody']['ResultList'] } {
    const { registry, references } = this.deps;
    const matched = findQualificationsByNumbers(registry, search, oqsDateToIso(search.Birthdate));
    const decision = decideByNumbers(matched, (id) => registry.qualificationsOf(id), day);
    const people = [...new Set(decision.shown.map((q) => q.personId))].map((id) => registry.person(id)!);
    const consent = consentFields(null, search.LimitApplicationCertificateRelatedConsFlg);
    return { decision, list: buildResultList(people, registry, decision, consent, references.of(session.clinicCode), search.ArbitraryIdentifier ?? null) };
  }
}
