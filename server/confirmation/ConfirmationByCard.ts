import { createHash, randomUUID, type X509Certificate } from 'node:crypto';
import type { TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import type { ProcessingResultCode } from '../../protocol/eligibility/EligibilityResult.ts';
import { isoDateToOqs, jstDay } from '../../protocol/eligibility/OqsDateTime.ts';
import type { EligibilityResult } from '../../protocol/eligibility/EligibilityResult.ts';
import type { SeedMedicalSubsidy } from '../seed/SeedPopulation.ts';
import type { CardChallenge } from '../../protocol/eligibility/ServerMessage.ts';
import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { CredentialKind } from '../../jpki/CredentialKind.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { CardChallenges } from '../card/CardChallenges.ts';
import { verifyCardCertificate } from '../card/verifyCardCertificate.ts';
import { verifyCardSignature } from '../card/verifyCardSignature.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import { consentFields, type ConsentRecord } from '../consent/ConsentRecord.ts';
import { buildEligibilityResult, buildResultList } from '../eligibility/buildEligibilityResult.ts';
import { decideByCard } from '../eligibility/decideQualificationValidity.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
import type { StoredOutcome } from '../idempotency/IdempotencyStore.ts';
import { checkLinkage } from '../linkage/checkLinkage.ts';
import { decideMedicalAccess, type ConfirmationFacts } from '../medical/decideMedicalAccess.ts';
import type { ReferenceNumbers } from '../reference/ReferenceNumbers.ts';
import type { ReaderRegistry } from '../reader/ReaderRegistry.ts';
import { verifyReaderAttestation } from '../reader/verifyReaderAttestation.ts';
import type { ConfirmationStore } from './ConfirmationStore.ts';

type CardConfirm = Extract<TerminalRequest, { type: 'card.confirm' }>;

/** The PMH part of the result: the answer, and on 「利用する」 the 受給者証 in force on `day` (YYYY-MM-DD). */
function medicalSubsidyAnswer(answer: 'use' | 'decline', subsidies: SeedMedicalSubsidy[], day: string): NonNullable<EligibilityResult['MessageBody']['MedicalSubsidy']> {
  if (answer === 'decline') return { Answer: '0', CertificateList: [] };
  const inForce = subsidies.filter((s) => s.validFrom <= day && (s.validTo === null || day <= s.validTo));
  return {
    Answer: '1',
    CertificateList: inForce.map((s) => ({
      PublicExpenseBurdenNumber: s.publicExpenseBurdenNumber,
      RecipientNumber: s.recipientNumber,
      CertificateName: s.certificateName,
      ValidFrom: isoDateToOqs(s.validFrom),
      ValidTo: s.validTo === null ? null : isoDateToOqs(s.validTo),
      MaxCopaymentAmount: s.maxCopaymentAmount,
    })),
  };
}

/** Supplementary codes on a normal result, the most important first: only one fits in ProcessingResultCode. */
const NOTICE_PRIORITY: ProcessingResultCode[] = ['W03', 'W02', 'W01'];

export interface ConfirmationByCardDeps {
  registry: InsuredRegistry;
  audit: AuditLog;
  challenges: CardChallenges;
  confirmations: ConfirmationStore;
  /** 照会番号 the clinics registered: every result carries the asking clinic's. */
  references: ReferenceNumbers;
  readers: ReaderRegistry;
  /** The JPKI 利用者証明用 CA certificates a card's certificate may be issued by. */
  trustedCas: readonly X509Certificate[];
  /** Whether a certificate serial is revoked: the CRLs when the service has a repository, else the revocation table. */
  certificateRevoked: (serial: string) => boolean | Promise<boolean>;
}

/**
 * 照会区分 1, confirmation by card: the card signs a one-time challenge and a registered reader of the
 * clinic attests what it did, so every confirmation proves the card is present; the service checks the
 * 利用者証明用 certificate, both signatures, finds the insurer records linked to the card holder, guards
 * against a wrong linkage, and records the consent given at the reader. A refusal is a result (E01–E07)
 * or, for the challenge, an error outcome; either is recorded and audited like any other answer.
 */
export class ConfirmationByCard {
  constructor(private readonly deps: ConfirmationByCardDeps) {}

  issueChallenge(session: TerminalSession, now: Date): CardChallenge {
    const issued = this.deps.challenges.issue(session.clinicCode, now);
    return { challengeId: issued.challengeId, challenge: issued.challenge.toString('base64'), expiresAt: issued.expiresAt.toISOString() };
  }

  async confirm(session: TerminalSession, request: CardConfirm, now: Date): Promise<StoredOutcome> {
    const { registry, audit, confirmations } = this.deps;
    const auditRow = { at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'card.confirm' } as const;
    const consumed = await this.deps.challenges.consume(session.clinicCode, request.challengeId, now);
    if (!consumed.ok) {
      // A captured confirmation replayed from another clinic, or a second use: refused, and on the record.
      const reason = consumed.issuedToAnotherClinic ? 'challenge issued to another clinic' : consumed.code;
      await audit.append({ ...auditRow, subjectPersonId: null, result: `refused:${consumed.code}`, detail: { challengeId: request.challengeId, reason } });
      return { ok: false, code: consumed.code, message: consumed.message };
    }
    const challenge = consumed.challenge;
    const referenceNumber = randomUUID();
    const arbitrary = request.arbitraryIdentifier ?? null;
    let credential: CredentialKind | null = null;
    const refuse = async (code: ProcessingResultCode, standing: CertificateStanding, detail: Record<string, unknown>): Promise<StoredOutcome> => {
      const result = buildEligibilityResult(session.clinicCode, now, '1', { status: '2', code, validity: null, list: [], search: null }, {
        referenceNumber,
        certificateStanding: standing,
        notices: [],
        wrongLinkageSuspected: false,
        linkageTolerances: [],
        medicalInformation: { available: false, blockedBy: ['confirmationRefused'] },
        ...(credential ? { credential } : {}),
      });
      const facts: ConfirmationFacts = { classification: '1', refused: true, identityMethod: request.identityMethod, certificateStanding: standing, wrongLinkageSuspected: false, consent: null, validity: null, readerId: null, certificateSerial: null, credential };
      await confirmations.record(session, referenceNumber, facts, [], result, now);
      await audit.append({ ...auditRow, subjectPersonId: null, result: `refused:${code}`, detail: { referenceNumber, identityMethod: request.identityMethod, ...(credential ? { credential } : {}), ...detail } });
      return { ok: true, body: result };
    };

    const der = Buffer.from(request.certificate, 'base64');
    const check = await verifyCardCertificate(der, this.deps.trustedCas, this.deps.certificateRevoked, now);
    credential = check.credential ?? null;
    if (!check.ok) {
      const code = check.standing === 'revoked' ? 'E01' : check.standing === 'expiredBeyondGrace' ? 'E02' : 'E03';
      return refuse(code, check.standing, { serial: check.serial, reason: check.reason });
    }
    const serial = check.serial;
    // Only an iPhone authenticates its holder itself (Face ID / Touch ID): a reader claiming so for a card or an
    // Android phone attests something that cannot have happened (ours: refused as the reader's word, E06).
    if (request.identityMethod === 'device' && check.credential !== 'iPhone') {
      return refuse('E06', check.standing, { serial, reason: `identity method device with a ${check.credential} certificate` });
    }
    // The certificate is public (any reader hands it out without a PIN): only the card's signature over
    // this challenge shows the card itself is on the reader, whatever the identity method.
    if (request.signature === null) {
      return refuse('E04', 'badSignature', { serial, reason: 'no card signature' });
    } else if (!verifyCardSignature(check.publicKey, challenge, Buffer.from(request.signature, 'base64'))) {
      return refuse('E04', 'badSignature', { serial, reason: 'card signature does not verify' });
    }
    // The registered reader's word on what it did: every confirmation carries one (E06, E07).
    const attested = await verifyReaderAttestation(
      request.attestation ?? null,
      { clinicCode: session.clinicCode, challengeId: request.challengeId, challenge, certificateSha256: createHash('sha256').update(der).digest('hex'), identityMethod: request.identityMethod },
      this.deps.readers,
      now,
    );
    if (!attested.ok) return refuse(attested.code, check.standing, { serial, readerId: attested.readerId, reason: attested.reason });
    const readerId = attested.readerId;
    const resident = await registry.residentByCertificate(serial);
    // 利用登録 on the spot: the patient chose 「登録する」 on the reader after an E05. Only with a proven card
    // (certificate, signature and reader checked above) and only for a card holder J-LIS knows.
    let registeredNow = false;
    if (resident && !resident.insuranceUseRegistered && request.registerInsuranceUse === true) {
      registeredNow = await registry.registerInsuranceUse(resident.id, { now, clinicCode: session.clinicCode, readerId, certificateSerial: serial, credential: check.credential });
      await audit.append({ ...auditRow, action: 'insurance.registerUse', subjectPersonId: null, result: 'registered', detail: { referenceNumber, serial, readerId, credential: check.credential } });
    }
    if (!resident || (!resident.insuranceUseRegistered && !registeredNow)) return refuse('E05', check.standing, { serial, readerId });

    const people = await registry.peopleLinkedTo(resident.id);
    const decision = decideByCard(await registry.qualificationsOfAll(people.map((p) => p.id)), jstDay(now));
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
      validity: decision.validity,
      readerId,
      certificateSerial: serial,
      credential: check.credential,
    };
    const blockedBy = decideMedicalAccess(facts, null, now, people.map((p) => p.identityCheck));
    const referenceOf = await this.deps.references.of(session.clinicCode, people.map((p) => p.id));
    const list = buildResultList(people, decision, consentFields(consent), referenceOf, arbitrary).map((entry) =>
      // 処方箋発行形態 as the patient chose it on the reader, over the insurer record's.
      request.prescriptionIssueSelect ? { ...entry, PrescriptionIssueSelect: request.prescriptionIssueSelect } : entry,
    );
    const medicalSubsidy = request.medicalSubsidy ? medicalSubsidyAnswer(request.medicalSubsidy, (await Promise.all(people.map((p) => registry.medicalSubsidiesOf(p.id)))).flat(), jstDay(now)) : undefined;
    const result = buildEligibilityResult(
      session.clinicCode,
      now,
      '1',
      {
        status: '1',
        code: NOTICE_PRIORITY.find((c) => notices.includes(c)) ?? null,
        validity: decision.validity,
        list,
        search: null,
        ...(medicalSubsidy ? { medicalSubsidy } : {}),
      },
      { referenceNumber, certificateStanding: check.standing, notices, wrongLinkageSuspected: linkage.suspected, linkageTolerances: linkage.tolerances, medicalInformation: { available: blockedBy.length === 0, blockedBy }, credential: check.credential, ...(registeredNow ? { insuranceUseRegisteredNow: true } : {}) },
    );
    const personIds = people.map((p) => p.id);
    await confirmations.record(session, referenceNumber, facts, personIds, result, now);
    const proof = readerId ? 'card and reader' : 'unproven (kiosk not yet attesting)';
    const detail = {
      referenceNumber,
      serial,
      identityMethod: request.identityMethod,
      credential: check.credential,
      readerId,
      proof,
      consent: request.consent,
      notices,
      ...(registeredNow ? { registeredNow } : {}),
      ...(request.medicalSubsidy ? { medicalSubsidy: request.medicalSubsidy } : {}),
    };
    await audit.appendAccess({ ...auditRow, people: personIds, result: `validity:${decision.validity}`, detail });
    return { ok: true, body: result };
  }
}
