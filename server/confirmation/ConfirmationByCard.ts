import { randomUUID, type X509Certificate } from 'node:crypto';
import type { TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import type { EligibilityResult, ProcessingResultCode } from '../../protocol/eligibility/EligibilityResult.ts';
import { jstDay } from '../../protocol/eligibility/OqsDateTime.ts';
import type { CardChallenge } from '../../protocol/eligibility/ServerMessage.ts';
import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { CardChallenges } from '../card/CardChallenges.ts';
import { verifyCardCertificate } from '../card/verifyCardCertificate.ts';
import { verifyCardSignature } from '../card/verifyCardSignature.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import { consentFields, type ConsentRecord } from '../consent/ConsentRecord.ts';
import { buildEligibilityResult, buildResultList } from '../eligibility/buildEligibilityResult.ts';
import { decideByCard } from '../eligibility/decideQualificationValidity.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
import { checkLinkage } from '../linkage/checkLinkage.ts';
import { decideMedicalAccess, type ConfirmationFacts } from '../medical/decideMedicalAccess.ts';
import type { ReferenceNumbers } from '../reference/ReferenceNumbers.ts';
import type { ConfirmationStore } from './ConfirmationStore.ts';

type CardConfirm = Extract<TerminalRequest, { type: 'card.confirm' }>;

/** Supplementary codes on a normal result, the most important first: only one fits in ProcessingResultCode. */
const NOTICE_PRIORITY: ProcessingResultCode[] = ['W03', 'W02', 'W01'];

export interface ConfirmationByCardDeps {
  registry: InsuredRegistry;
  audit: AuditLog;
  challenges: CardChallenges;
  confirmations: ConfirmationStore;
  /** 照会番号 the clinics registered: every result carries the asking clinic's. */
  references: ReferenceNumbers;
  /** The JPKI 利用者証明用 CA certificates a card's certificate may be issued by. */
  trustedCas: readonly X509Certificate[];
}

/**
 * 照会区分 1, confirmation by card: the card signs a one-time challenge, the service checks its
 * 利用者証明用 certificate and signature, finds the insurer records linked to the card holder, guards
 * against a wrong linkage, and records the consent given at the reader. A refusal is a result (E01–E05),
 * recorded and audited like any other.
 */
export class ConfirmationByCard {
  constructor(private readonly deps: ConfirmationByCardDeps) {}

  issueChallenge(session: TerminalSession, now: Date): CardChallenge {
    const issued = this.deps.challenges.issue(session.clinicCode, now);
    return { challengeId: issued.challengeId, challenge: issued.challenge.toString('base64'), expiresAt: issued.expiresAt.toISOString() };
  }

  confirm(session: TerminalSession, request: CardConfirm, now: Date): EligibilityResult {
    const { registry, audit, confirmations } = this.deps;
    const challenge = this.deps.challenges.consume(session.clinicCode, request.challengeId, now);
    const referenceNumber = randomUUID();
    const arbitrary = request.arbitraryIdentifier ?? null;
    const refuse = (code: ProcessingResultCode, standing: CertificateStanding, detail: Record<string, unknown>): EligibilityResult => {
      const result = buildEligibilityResult(session.clinicCode, now, '1', { status: '2', code, validity: null, list: [], search: null }, {
        referenceNumber,
        certificateStanding: standing,
        notices: [],
        wrongLinkageSuspected: false,
        linkageTolerances: [],
        medicalInformation: { available: false, blockedBy: ['confirmationRefused'] },
      });
      confirmations.record(session, referenceNumber, { classification: '1', refused: true, identityMethod: request.identityMethod, certificateStanding: standing, wrongLinkageSuspected: false, consent: null }, [], result, now);
      audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'card.confirm', subjectPersonId: null, result: `refused:${code}`, detail: { referenceNumber, ...detail } });
      return result;
    };

    const check = verifyCardCertificate(Buffer.from(request.certificate, 'base64'), this.deps.trustedCas, (s) => registry.isRevoked(s), now);
    if (!check.ok) {
      const code = check.standing === 'revoked' ? 'E01' : check.standing === 'expiredBeyondGrace' ? 'E02' : 'E03';
      return refuse(code, check.standing, { serial: check.serial, reason: check.reason });
    }
    // Face and staff checks happen without the PIN, so a standard card cannot sign then; a PIN check
    // (or none at all) must come with the card's signature, or nothing shows the card is present.
    const signatureRequired = request.identityMethod === 'pin' || request.identityMethod === 'none';
    if (request.signature === null ? signatureRequired : !verifyCardSignature(check.publicKey, challenge, Buffer.from(request.signature, 'base64'))) {
      return refuse('E04', 'badSignature', { serial: check.serial, reason: request.signature === null ? 'no signature' : 'signature does not verify' });
    }
    const resident = registry.residentByCertificate(check.serial);
    if (!resident || !resident.insuranceUseRegistered) return refuse('E05', check.standing, { serial: check.serial });

    const people = registry.peopleLinkedTo(resident.id);
    const decision = decideByCard(
      people.flatMap((p) => registry.qualificationsOf(p.id)),
      jstDay(now),
    );
    const linkage = checkLinkage(resident, people);
    const notices: ProcessingResultCode[] = [];
    if (check.standing === 'expiringSoon') notices.push('W01');
    if (check.standing === 'expiredInGrace') notices.push('W02');
    if (linkage.suspected) notices.push('W03');
    const consent: ConsentRecord = { choice: request.consent, givenAt: now };
    const facts: ConfirmationFacts = {
      classification: '1',
      refused: false,
      identityMethod: request.identityMethod,
      certificateStanding: check.standing,
      wrongLinkageSuspected: linkage.suspected,
      consent,
    };
    const blockedBy = decideMedicalAccess(facts, null, now, people.map((p) => p.identityCheck));
    const result = buildEligibilityResult(
      session.clinicCode,
      now,
      '1',
      {
        status: '1',
        code: NOTICE_PRIORITY.find((c) => notices.includes(c)) ?? null,
        validity: decision.validity,
        list: buildResultList(people, registry, decision, consentFields(consent), this.deps.references.of(session.clinicCode), arbitrary),
        search: null,
      },
      { referenceNumber, certificateStanding: check.standing, notices, wrongLinkageSuspected: linkage.suspected, linkageTolerances: linkage.tolerances, medicalInformation: { available: blockedBy.length === 0, blockedBy } },
    );
    const personIds = people.map((p) => p.id);
    confirmations.record(session, referenceNumber, facts, personIds, result, now);
    const detail = { referenceNumber, serial: check.serial, identityMethod: request.identityMethod, consent: request.consent, notices };
    audit.appendAccess({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'card.confirm', people: personIds, result: `validity:${decision.validity}`, detail });
    return result;
  }
}
