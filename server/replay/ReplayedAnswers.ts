import type { TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import type { EligibilityResult } from '../../protocol/eligibility/EligibilityResult.ts';
import type { OutageLookup } from '../../protocol/eligibility/ServerMessage.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import { CONSENT_VALIDITY_MS } from '../consent/ConsentRecord.ts';
import type { ConfirmationStore } from '../confirmation/ConfirmationStore.ts';
import { withdrawnProof, type ProofStandingLookup } from '../confirmation/withdrawnProof.ts';
import type { StoredOutcome } from '../idempotency/IdempotencyStore.ts';
import type { MedicalInformationViewing } from '../medical/MedicalInformationViewing.ts';

export interface ReplayedAnswersDeps {
  audit: AuditLog;
  confirmations: ConfirmationStore;
  medicalInformation: MedicalInformationViewing;
  proof: ProofStandingLookup;
}

type KeyedRequest = Extract<TerminalRequest, { idempotencyKey: string }>;

/**
 * The answer to a request whose idempotency key was answered before. A stored answer that carries
 * personal data is not simply sent again: it is judged again now (consent and the proof of identity it
 * rested on) and, when it may still be shown, shown again as the access it is, with its own audit row.
 * Answers without personal data (a challenge, an outage activation, a refusal) are sent as stored.
 */
export class ReplayedAnswers {
  constructor(private readonly deps: ReplayedAnswersDeps) {}

  async answer(session: TerminalSession, request: KeyedRequest, stored: StoredOutcome, now: Date): Promise<StoredOutcome> {
    switch (request.type) {
      case 'medical.read':
        return this.deps.medicalInformation.replay(session, request.referenceNumber, request.item, stored, now);
      case 'card.confirm':
        return stored.ok ? this.replayCardConfirmation(session, stored.body as EligibilityResult, stored, now) : stored;
      case 'insurance.confirm':
        return stored.ok ? this.replayAccess(session, 'insurance.confirm', (stored.body as EligibilityResult).assessment.referenceNumber, stored, now) : stored;
      case 'outage.lookup':
        return stored.ok ? this.replayAccess(session, 'outage.lookup', (stored.body as OutageLookup).referenceNumber, stored, now) : stored;
      case 'card.challenge':
      case 'outage.enable':
      case 'insurance.bulkSubmit':
      case 'reference.register':
        // A 受付番号 and a 照会番号 registration carry nothing the clinic did not send itself.
        return stored;
    }
  }

  /**
   * A card confirmation's answer names the patient and, with consent, their 限度額 details: replayable
   * while its consent lasts (24 h) and while the reader that attested it and the card's certificate stand.
   */
  private async replayCardConfirmation(session: TerminalSession, result: EligibilityResult, stored: StoredOutcome, now: Date): Promise<StoredOutcome> {
    if (result.MessageBody.ProcessingResultStatus !== '1') return stored;
    const referenceNumber = result.assessment.referenceNumber;
    const confirmation = await this.deps.confirmations.find(referenceNumber, session.clinicCode);
    if (!confirmation) return stored;
    const givenAt = confirmation.facts.consent?.givenAt;
    const reasons = [...(givenAt && now.getTime() - givenAt.getTime() > CONSENT_VALIDITY_MS ? ['consentExpired'] : []), ...(await withdrawnProof(confirmation.facts, this.deps.proof))];
    if (reasons.length > 0) {
      await this.deps.audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'card.confirm', subjectPersonId: null, result: 'refused:REPLAY_REFUSED', detail: { referenceNumber, reasons, replayed: true } });
      return { ok: false, code: 'REPLAY_REFUSED', message: `The stored answer of this confirmation may no longer be shown (${reasons.join(', ')}): confirm with the card again.`, details: { reasons } };
    }
    return this.replayAccess(session, 'card.confirm', referenceNumber, stored, now);
  }

  private async replayAccess(session: TerminalSession, action: 'card.confirm' | 'insurance.confirm' | 'outage.lookup', referenceNumber: string, stored: StoredOutcome, now: Date): Promise<StoredOutcome> {
    const confirmation = await this.deps.confirmations.find(referenceNumber, session.clinicCode);
    const people = confirmation?.personIds ?? [];
    await this.deps.audit.appendAccess({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action, people, result: 'replayed', detail: { referenceNumber, replayed: true } });
    return stored;
  }
}
