import { randomUUID } from 'node:crypto';
import type { EligibilityResult, QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import { jstDay, oqsDateToIso } from '../../protocol/eligibility/OqsDateTime.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import { consentFields } from '../consent/ConsentRecord.ts';
import { buildEligibilityResult, buildResultList } from '../eligibility/buildEligibilityResult.ts';
import { decideByNumbers, type ValidityDecision } from '../eligibility/decideQualificationValidity.ts';
import type { InsuredPerson, InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
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

  async confirm(session: TerminalSession, search: QualificationConfirmSearchInfo, now: Date): Promise<EligibilityResult> {
    const { audit, confirmations } = this.deps;
    const referenceNumber = randomUUID();
    const insurer = search.InsurerNumber.padStart(8, '0');
    const { decision, list, people } = await this.answer(session, search, jstDay(now));
    const result = buildEligibilityResult(
      session.clinicCode,
      now,
      '2',
      { status: '1', code: null, validity: decision.validity, list, search },
      { referenceNumber, certificateStanding: null, notices: [], wrongLinkageSuspected: false, linkageTolerances: [], medicalInformation: { available: false, blockedBy: ['notACardConfirmation'] } },
    );
    const facts: ConfirmationFacts = { classification: '2', refused: false, identityMethod: null, certificateStanding: null, wrongLinkageSuspected: false, consent: null, validity: decision.validity, readerId: null, certificateSerial: null };
    const personIds = people.map((p) => p.id);
    await confirmations.record(session, referenceNumber, facts, personIds, result, now);
    await audit.appendAccess({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'insurance.confirm', people: personIds, result: `validity:${decision.validity}`, detail: { referenceNumber, insurerNumber: insurer } });
    return result;
  }

  /**
   * The validity decision and ResultList for one search on a Japanese day (YYYY-MM-DD), without recording
   * anything: insurance.confirm records it as a confirmation, a 一括照会 as one of its units.
   */
  async answer(session: TerminalSession, search: QualificationConfirmSearchInfo, day: string): Promise<{ decision: ValidityDecision; list: EligibilityResult['MessageBody']['ResultList']; people: InsuredPerson[] }> {
    const { registry, references } = this.deps;
    const matched = await findQualificationsByNumbers(registry, search, oqsDateToIso(search.Birthdate));
    // decideByNumbers may ask for all of one matched person's qualifications (a lost one and its successor).
    const matchedPeople = [...new Set(matched.map((q) => q.personId))];
    const allOf = new Map(await Promise.all(matchedPeople.map(async (id) => [id, await registry.qualificationsOf(id)] as const)));
    const decision = decideByNumbers(matched, (id) => allOf.get(id) ?? [], day);
    const people: InsuredPerson[] = [];
    for (const id of new Set(decision.shown.map((q) => q.personId))) people.push((await registry.person(id))!);
    const consent = consentFields(null, search.LimitApplicationCertificateRelatedConsFlg);
    const referenceOf = await references.of(session.clinicCode, people.map((p) => p.id));
    return { decision, people, list: buildResultList(people, decision, consent, referenceOf, search.ArbitraryIdentifier ?? null) };
  }
}
