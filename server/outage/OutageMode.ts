import { randomUUID } from 'node:crypto';
import type { CardFaceItems } from '../../protocol/eligibility/ClientMessage.ts';
import type { MatchTolerance } from '../../protocol/eligibility/EligibilityResult.ts';
import { jstDay } from '../../protocol/eligibility/OqsDateTime.ts';
import type { OutageActivation, OutageLookup } from '../../protocol/eligibility/ServerMessage.ts';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import type { ConfirmationStore } from '../confirmation/ConfirmationStore.ts';
import { consentFields } from '../consent/ConsentRecord.ts';
import { buildResultOfQualificationConfirmation } from '../eligibility/buildResultOfQualificationConfirmation.ts';
import { decideByCard } from '../eligibility/decideQualificationValidity.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
import { matchCardFaceItems } from '../../matching/matchCardFaceItems.ts';
import type { ConfirmationFacts } from '../medical/decideMedicalAccess.ts';
import type { ReferenceNumbers } from '../reference/ReferenceNumbers.ts';
import type { OutageActivations } from './OutageActivations.ts';

/** Ours: how long a システム障害時モード activation lasts once the call centre step is recorded. */
export const OUTAGE_MODE_TTL_MS = 24 * 3_600_000;

export interface OutageModeDeps {
  registry: InsuredRegistry;
  audit: AuditLog;
  confirmations: ConfirmationStore;
  activations: OutageActivations;
  references: ReferenceNumbers;
}

/**
 * システム障害時モード: when a card cannot be read, a clinic that has asked the call centre for the mode may
 * look a patient up by the 4 card-face items (券面4情報), with the lookup tolerances; several matches
 * are all returned, never a guess.
 */
export class OutageMode {
  constructor(private readonly deps: OutageModeDeps) {}

  async enable(session: TerminalSession, reason: string, contactPerson: string, now: Date): Promise<OutageActivation> {
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + OUTAGE_MODE_TTL_MS);
    await this.deps.activations.record({ id, clinicCode: session.clinicCode, reason, contactPerson, enabledAt: now, expiresAt });
    await this.deps.audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'outage.enable', subjectPersonId: null, result: 'enabled', detail: { activationId: id, reason, contactPerson } });
    return { activationId: id, enabledAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  }

  async lookup(session: TerminalSession, cardFace: CardFaceItems, now: Date): Promise<OutageLookup> {
    const { registry, audit, confirmations } = this.deps;
    const activationId = await this.deps.activations.activeFor(session.clinicCode, now);
    if (activationId === null) throw new ServiceError('OUTAGE_MODE_NOT_ENABLED', 'システム障害時モード is not enabled for this clinic: ask for it first (outage.enable), as with the call centre.');
    const referenceNumber = randomUUID();
    const matches = (await registry.peopleBornOn(cardFace.birthDate, cardFace.sex))
      .map((person) => ({ person, match: matchCardFaceItems(cardFace, person, { missingAddress: 'mismatch' }) }))
      .filter((m) => m.match.matched);
    const ambiguous = matches.length > 1;
    const day = jstDay(now);
    const candidates = [];
    for (const { person, match } of matches) {
      const decision = decideByCard(await registry.qualificationsOf(person.id), day);
      const referenceOf = await this.deps.references.of(session.clinicCode, [person.id]);
      const tolerances: MatchTolerance[] = match.tolerances;
      candidates.push({
        match: { tolerances, confirmWithPatient: tolerances.length > 0 || ambiguous },
        QualificationValidity: decision.validity,
        ResultList: decision.shown.map((q) => buildResultOfQualificationConfirmation(person, q, consentFields(null), referenceOf(person.id), null)),
      });
    }
    const facts: ConfirmationFacts = { classification: 'outage', refused: false, identityMethod: null, certificateStanding: null, wrongLinkageSuspected: false, consent: null, validity: null, readerId: null, certificateSerial: null };
    const body: OutageLookup = { referenceNumber, ambiguous, candidates };
    const personIds = matches.map((m) => m.person.id);
    await confirmations.record(session, referenceNumber, facts, personIds, body, now);
    await audit.appendAccess({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'outage.lookup', people: personIds, result: `candidates:${matches.length}`, detail: { referenceNumber, activationId } });
    return body;
  }
}
