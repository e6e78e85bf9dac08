import { randomUUID, type X509Certificate } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AuditLog } from './audit/AuditLog.ts';
import { CardChallenges } from './card/CardChallenges.ts';
import { verifyCardCertificate } from './card/verifyCardCertificate.ts';
import { verifyCardSignature } from './card/verifyCardSignature.ts';
import { consentFields, type ConsentRecord } from './consent/ConsentRecord.ts';
import type { EligibilityDatabase } from './db/openEligibilityDatabase.ts';
import { buildResultOfQualificationConfirmation } from './eligibility/buildResultOfQualificationConfirmation.ts';
import { decideByCard, decideByNumbers, type ValidityDecision } from './eligibility/decideQualificationValidity.ts';
import { InsuredRegistry, type InsuredPerson } from './eligibility/InsuredRegistry.ts';
import { IdempotencyStore, requestFingerprint, type StoredOutcome } from './idempotency/IdempotencyStore.ts';
import { checkLinkage } from './linkage/checkLinkage.ts';
import { canonicalText } from './matching/CardFaceText.ts';
import { matchCardFaceItems } from './matching/matchCardFaceItems.ts';
import { decideMedicalAccess, type ConfirmationFacts } from './medical/decideMedicalAccess.ts';
import type { CardIdentityMethod as IdentityMethod, ConsentChoice, TerminalRequest } from '../protocol/eligibility/ClientMessage.ts';
import {
  PROCESSING_RESULT_CODES,
  type EligibilityResult,
  type MatchTolerance,
  type ProcessingResultCode,
  type QualificationConfirmSearchInfo,
} from '../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate, formatOqsDateTime, jstDay, oqsDateToIso } from '../protocol/eligibility/OqsDateTime.ts';
import type { AuditVerification, MedicalInformation, OutageLookup, ViewRecord } from '../protocol/eligibility/ServerMessage.ts';
import { ServiceError } from '../protocol/eligibility/ServiceError.ts';
import type { CertificateStanding } from '../jpki/CertificateStanding.ts';

/** Who is asking: an authenticated terminal of one clinic. Every query below is scoped to `clinicCode`. */
export interface TerminalSession {
  clinicCode: string;
  clinicName: string;
  terminalId: string;
}

export interface EligibilityServiceOptions {
  /** The JPKI 利用者証明用 CA certificate the service trusts (sim/ca/jpki-test-ca.json). */
  trustedCa: X509Certificate;
  now?: () => Date;
}

export interface HandledRequest {
  replayed: boolean;
  outcome: StoredOutcome;
}

/** Ours: how long a システム障害時モード activation lasts once the call centre step is recorded. */
export const OUTAGE_MODE_TTL_MS = 24 * 3_600_000;

/** Supplementary codes on a normal result, the most important first: only one fits in ProcessingResultCode. */
const NOTICE_PRIORITY: ProcessingResultCode[] = ['W03', 'W02', 'W01'];

interface StoredConfirmation {
  classification: ConfirmationFacts['classification'];
  person_ids: string;
  refused: number;
  identity_method: IdentityMethod | null;
  certificate_standing: CertificateStanding | null;
  wrong_linkage: number;
  consent: string | null;
  consented_at: string | null;
}

/**
 * The stand-in for the オンライン資格確認等システム, independent of any transport: one method per
 * request, each run in one SQLite transaction together with its audit rows and its idempotency record.
 */
export class EligibilityService {
  readonly registry: InsuredRegistry;
  readonly audit: AuditLog;
  private readonly idempotency: IdempotencyStore;
  private readonly challenges: CardChallenges;
  private readonly answerOnce: Database.Transaction<EligibilityService['answerOnceUnwrapped']>;
  private readonly now: () => Date;
  private readonly statements: Record<'insertConfirmation' | 'selectConfirmation' | 'insertActivation' | 'activeActivation', Database.Statement>;

  constructor(
    readonly db: EligibilityDatabase,
    private readonly options: EligibilityServiceOptions,
  ) {
    this.registry = new InsuredRegistry(db);
    this.audit = new AuditLog(db);
    this.idempotency = new IdempotencyStore(db);
    this.challenges = new CardChallenges(db);
    // Made once: better-sqlite3 prepares BEGIN and COMMIT for each transaction function it makes.
    this.answerOnce = db.transaction(this.answerOnceUnwrapped.bind(this));
    this.now = options.now ?? (() => new Date());
    this.statements = {
      insertConfirmation: db.prepare(
        `INSERT INTO confirmations (reference_number, clinic_code, terminal_id, classification, person_ids, refused, identity_method, certificate_standing, wrong_linkage, consent, consented_at, result, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      selectConfirmation: db.prepare(
        'SELECT classification, person_ids, refused, identity_method, certificate_standing, wrong_linkage, consent, consented_at FROM confirmations WHERE reference_number = ? AND clinic_code = ?',
      ),
      insertActivation: db.prepare('INSERT INTO outage_activations (id, clinic_code, reason, contact_person, enabled_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      activeActivation: db.prepare('SELECT id FROM outage_activations WHERE clinic_code = ? AND enabled_at <= ? AND expires_at > ? ORDER BY enabled_at DESC LIMIT 1'),
    };
    const now = this.now();
    this.challenges.prune(now);
    this.idempotency.prune(now);
  }

  /**
   * Answer one terminal request. A request with an idempotency key that was answered before gets the
   * stored answer (replayed); the same key with a different request is refused. Throws ServiceError
   * for answers that are not part of the record (unknown challenge, mode not enabled …).
   */
  handleTerminal(session: TerminalSession, request: TerminalRequest): HandledRequest {
    if (!('idempotencyKey' in request)) return { replayed: false, outcome: { ok: true, body: this.answerReadOnly(session, request) } };
    return this.answerOnce.immediate(session, request, requestFingerprint(request));
  }

  private answerOnceUnwrapped(session: TerminalSession, request: Exclude<TerminalRequest, { type: 'ping' | 'audit.list' }>, fingerprint: string): HandledRequest {
    const stored = this.idempotency.find(session.clinicCode, request.idempotencyKey);
    if (stored) {
      if (stored.requestType !== request.type || stored.requestHash !== fingerprint) {
        throw new ServiceError('IDEMPOTENCY_KEY_REUSED', `Idempotency key ${JSON.stringify(request.idempotencyKey)} was used for a different request; use a new key for a new request.`);
      }
      return { replayed: true, outcome: stored.outcome };
    }
    const outcome = this.answerStateChanging(session, request);
    this.idempotency.save(session.clinicCode, request.idempotencyKey, request.type, fingerprint, outcome, this.now());
    return { replayed: false, outcome };
  }

  private answerReadOnly(session: TerminalSession, request: Extract<TerminalRequest, { type: 'ping' | 'audit.list' }>): unknown {
    if (request.type === 'ping') return { serverTime: this.now().toISOString() };
    return { entries: this.audit.listForClinic(session.clinicCode, request.limit, request.beforeSeq ?? null) };
  }

  private answerStateChanging(session: TerminalSession, request: Exclude<TerminalRequest, { type: 'ping' | 'audit.list' }>): StoredOutcome {
    const now = this.now();
    switch (request.type) {
      case 'card.challenge': {
        const issued = this.challenges.issue(session.clinicCode, now);
        return { ok: true, body: { challengeId: issued.challengeId, challenge: issued.challenge.toString('base64'), expiresAt: issued.expiresAt.toISOString() } };
      }
      case 'card.confirm':
        return { ok: true, body: this.confirmByCard(session, request, now) };
      case 'insurance.confirm':
        return { ok: true, body: this.confirmByInsuranceNumber(session, request.search, now) };
      case 'outage.enable':
        return { ok: true, body: this.enableOutageMode(session, request.reason, request.contactPerson, now) };
      case 'outage.lookup':
        return { ok: true, body: this.lookupDuringOutage(session, request.cardFace, now) };
      case 'medical.read':
        return this.readMedicalInformation(session, request.referenceNumber, request.item, now);
    }
  }

  // ---- 照会区分 1: by card -------------------------------------------------------------------------

  private confirmByCard(session: TerminalSession, request: Extract<TerminalRequest, { type: 'card.confirm' }>, now: Date): EligibilityResult {
    const challenge = this.challenges.consume(session.clinicCode, request.challengeId, now);
    const referenceNumber = randomUUID();
    const arbitrary = request.arbitraryIdentifier ?? null;
    const refuse = (code: ProcessingResultCode, standing: CertificateStanding, detail: Record<string, unknown>): EligibilityResult => {
      const result = this.result(session, now, '1', { status: '2', code, validity: null, list: [], search: null }, {
        referenceNumber,
        certificateStanding: standing,
        notices: [],
        wrongLinkageSuspected: false,
        linkageTolerances: [],
        medicalInformation: { available: false, blockedBy: ['confirmationRefused'] },
      });
      this.recordConfirmation(session, referenceNumber, { classification: '1', refused: true, identityMethod: request.identityMethod, certificateStanding: standing, wrongLinkageSuspected: false, consent: null }, [], result, now);
      this.audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'card.confirm', subjectPersonId: null, result: `refused:${code}`, detail: { referenceNumber, ...detail } });
      return result;
    };

    const check = verifyCardCertificate(Buffer.from(request.certificate, 'base64'), this.options.trustedCa, (s) => this.registry.isRevoked(s), now);
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
    const resident = this.registry.residentByCertificate(check.serial);
    if (!resident || !resident.insuranceUseRegistered) return refuse('E05', check.standing, { serial: check.serial });

    const people = this.registry.peopleLinkedTo(resident.id);
    const decision = decideByCard(
      people.flatMap((p) => this.registry.qualificationsOf(p.id)),
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
    const blockedBy = decideMedicalAccess(facts, null, now);
    const result = this.result(
      session,
      now,
      '1',
      { status: '1', code: NOTICE_PRIORITY.find((c) => notices.includes(c)) ?? null, validity: decision.validity, list: this.list(people, decision, consentFields(consent), referenceNumber, arbitrary), search: null },
      { referenceNumber, certificateStanding: check.standing, notices, wrongLinkageSuspected: linkage.suspected, linkageTolerances: linkage.tolerances, medicalInformation: { available: blockedBy.length === 0, blockedBy } },
    );
    this.recordConfirmation(session, referenceNumber, facts, people.map((p) => p.id), result, now);
    const detail = { referenceNumber, serial: check.serial, identityMethod: request.identityMethod, consent: request.consent, notices };
    this.auditAccess(session, now, 'card.confirm', people.map((p) => p.id), `validity:${decision.validity}`, detail);
    return result;
  }

  // ---- 照会区分 2: by 被保険者番号 ----------------------------------------------------------------------

  private confirmByInsuranceNumber(session: TerminalSession, search: QualificationConfirmSearchInfo, now: Date): EligibilityResult {
    const referenceNumber = randomUUID();
    // 国保 numbers are 6 digits on the card; the result writes every 保険者番号 with 8.
    const insurer = search.InsurerNumber.padStart(8, '0');
    const symbol = search.InsuredCardSymbol ? canonicalText(search.InsuredCardSymbol) : null;
    const birthDate = oqsDateToIso(search.Birthdate);
    const matched = this.registry
      .qualificationsNumbered(insurer, canonicalText(search.InsuredIdentificationNumber))
      .filter((q) => (symbol === null || canonicalText(q.symbol ?? '') === symbol) && (!search.InsuredBranchNumber || q.branch === search.InsuredBranchNumber))
      .filter((q) => this.registry.person(q.personId)?.birthDate === birthDate);
    const decision = decideByNumbers(matched, (id) => this.registry.qualificationsOf(id), jstDay(now));
    const people = [...new Set(decision.shown.map((q) => q.personId))].map((id) => this.registry.person(id)!);
    const consent = consentFields(null, search.LimitApplicationCertificateRelatedConsFlg);
    const result = this.result(
      session,
      now,
      '2',
      { status: '1', code: null, validity: decision.validity, list: this.list(people, decision, consent, referenceNumber, search.ArbitraryIdentifier ?? null), search },
      { referenceNumber, certificateStanding: null, notices: [], wrongLinkageSuspected: false, linkageTolerances: [], medicalInformation: { available: false, blockedBy: ['notACardConfirmation'] } },
    );
    const facts: ConfirmationFacts = { classification: '2', refused: false, identityMethod: null, certificateStanding: null, wrongLinkageSuspected: false, consent: null };
    this.recordConfirmation(session, referenceNumber, facts, people.map((p) => p.id), result, now);
    this.auditAccess(session, now, 'insurance.confirm', people.map((p) => p.id), `validity:${decision.validity}`, { referenceNumber, insurerNumber: insurer });
    return result;
  }

  // ---- システム障害時モード --------------------------------------------------------------------------------

  private enableOutageMode(session: TerminalSession, reason: string, contactPerson: string, now: Date) {
    const activationId = randomUUID();
    const expiresAt = new Date(now.getTime() + OUTAGE_MODE_TTL_MS);
    this.statements.insertActivation.run(activationId, session.clinicCode, reason, contactPerson, now.toISOString(), expiresAt.toISOString());
    this.audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'outage.enable', subjectPersonId: null, result: 'enabled', detail: { activationId, reason, contactPerson } });
    return { activationId, enabledAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  }

  private lookupDuringOutage(session: TerminalSession, cardFace: { name: string; birthDate: string; sex: string; address: string }, now: Date): OutageLookup {
    const active = this.statements.activeActivation.get(session.clinicCode, now.toISOString(), now.toISOString()) as
      | { id: string }
      | undefined;
    if (!active) throw new ServiceError('OUTAGE_MODE_NOT_ENABLED', 'システム障害時モード is not enabled for this clinic: ask for it first (outage.enable), as with the call centre.');
    const referenceNumber = randomUUID();
    const matches = this.registry
      .peopleBornOn(cardFace.birthDate, cardFace.sex)
      .map((person) => ({ person, match: matchCardFaceItems(cardFace, person, { missingAddress: 'mismatch' }) }))
      .filter((m) => m.match.matched);
    const ambiguous = matches.length > 1;
    const day = jstDay(now);
    const candidates = matches.map(({ person, match }) => {
      const decision = decideByCard(this.registry.qualificationsOf(person.id), day);
      const tolerances: MatchTolerance[] = match.tolerances;
      return {
        match: { tolerances, confirmWithPatient: tolerances.length > 0 || ambiguous },
        QualificationValidity: decision.validity,
        ResultList: decision.shown.map((q) => buildResultOfQualificationConfirmation(person, q, consentFields(null), referenceNumber, null)),
      };
    });
    const facts: ConfirmationFacts = { classification: 'outage', refused: false, identityMethod: null, certificateStanding: null, wrongLinkageSuspected: false, consent: null };
    const body: OutageLookup = { referenceNumber, ambiguous, candidates };
    this.recordConfirmation(session, referenceNumber, facts, matches.map((m) => m.person.id), body, now);
    this.auditAccess(session, now, 'outage.lookup', matches.map((m) => m.person.id), `candidates:${matches.length}`, { referenceNumber, activationId: active.id });
    return body;
  }

  // ---- medical information -------------------------------------------------------------------------

  private readMedicalInformation(session: TerminalSession, referenceNumber: string, item: MedicalInformation['item'], now: Date): StoredOutcome {
    const row = this.statements.selectConfirmation.get(referenceNumber, session.clinicCode) as StoredConfirmation | undefined;
    if (!row) throw new ServiceError('REFERENCE_UNKNOWN', `No confirmation ${JSON.stringify(referenceNumber)} was made by this clinic.`);
    const facts: ConfirmationFacts = {
      classification: row.classification,
      refused: row.refused === 1,
      identityMethod: row.identity_method,
      certificateStanding: row.certificate_standing,
      wrongLinkageSuspected: row.wrong_linkage === 1,
      consent: row.consent && row.consented_at ? { choice: JSON.parse(row.consent) as ConsentChoice, givenAt: new Date(row.consented_at) } : null,
    };
    const people = JSON.parse(row.person_ids) as string[];
    const blockedBy = decideMedicalAccess(facts, item, now);
    if (blockedBy.length > 0) {
      // A refused view is part of the record too: it is stored and audited, not thrown away.
      this.auditAccess(session, now, 'medical.read', people, 'blocked', { referenceNumber, item, blockedBy });
      return { ok: false, code: 'MEDICAL_INFORMATION_BLOCKED', message: `Medical information (${item}) cannot be shown: ${blockedBy.join(', ')}.`, details: { blockedBy } };
    }
    const records: unknown[] = people.flatMap((id): unknown[] => this.registry.medicalHistory(id)[item]);
    this.auditAccess(session, now, 'medical.read', people, 'shown', { referenceNumber, item, records: records.length });
    return { ok: true, body: { referenceNumber, item, records } };
  }

  // ---- operator and マイナポータル-side questions ----------------------------------------------------------

  whoViewed(personId: string): ViewRecord[] {
    if (!this.registry.person(personId)) throw new ServiceError('PERSON_UNKNOWN', `No person ${JSON.stringify(personId)}.`);
    return this.audit.whoViewed(personId);
  }

  verifyAudit(): AuditVerification {
    return this.audit.verify();
  }

  resolveLinkage(personId: string, resolution: 'confirmedSamePerson' | 'unlinked'): void {
    this.db.transaction(() => {
      if (!this.registry.person(personId)) throw new ServiceError('PERSON_UNKNOWN', `No person ${JSON.stringify(personId)}.`);
      this.registry.resolveLinkage(personId, resolution);
      this.audit.append({ at: this.now(), clinicCode: null, actor: 'operator', action: 'linkage.resolve', subjectPersonId: personId, result: resolution, detail: {} });
    })();
  }

  // ---- shared pieces -----------------------------------------------------------------------------

  private list(people: InsuredPerson[], decision: ValidityDecision, consent: ReturnType<typeof consentFields>, referenceNumber: string, arbitrary: string | null) {
    const byId = new Map(people.map((p) => [p.id, p]));
    return decision.shown.map((q) => buildResultOfQualificationConfirmation(byId.get(q.personId) ?? this.registry.person(q.personId)!, q, consent, referenceNumber, arbitrary));
  }

  private result(
    session: TerminalSession,
    now: Date,
    classification: '1' | '2',
    body: { status: '1' | '2'; code: ProcessingResultCode | null; validity: EligibilityResult['MessageBody']['QualificationValidity']; list: EligibilityResult['MessageBody']['ResultList']; search: QualificationConfirmSearchInfo | null },
    assessment: EligibilityResult['assessment'],
  ): EligibilityResult {
    return {
      MessageHeader: {
        ProcessExecutionTime: formatOqsDateTime(now),
        QualificationConfirmationDate: formatOqsDate(now),
        MedicalInstitutionCode: session.clinicCode,
        ArbitraryFileIdentifier: null,
        ReferenceClassification: classification,
        SegmentOfResult: '1',
        ErrorCode: null,
        ErrorMessage: null,
        CharacterCodeIdentifier: '0',
      },
      MessageBody: {
        ProcessingResultStatus: body.status,
        ProcessingResultCode: body.code,
        ProcessingResultMessage: body.code ? PROCESSING_RESULT_CODES[body.code] : null,
        QualificationValidity: body.validity,
        ResultList: body.list,
        QualificationConfirmSearchInfo: body.search,
      },
      assessment,
    };
  }

  private recordConfirmation(session: TerminalSession, referenceNumber: string, facts: ConfirmationFacts, personIds: string[], result: unknown, now: Date): void {
    this.statements.insertConfirmation.run(
        referenceNumber,
        session.clinicCode,
        session.terminalId,
        facts.classification,
        JSON.stringify(personIds),
        facts.refused ? 1 : 0,
        facts.identityMethod,
        facts.certificateStanding,
        facts.wrongLinkageSuspected ? 1 : 0,
        facts.consent ? JSON.stringify(facts.consent.choice) : null,
        facts.consent ? facts.consent.givenAt.toISOString() : null,
        JSON.stringify(result),
        now.toISOString(),
      );
  }

  /** One audit row per person whose data the clinic saw (or tried to), or one row with no subject when none. */
  private auditAccess(session: TerminalSession, now: Date, action: 'card.confirm' | 'insurance.confirm' | 'outage.lookup' | 'medical.read', people: string[], result: string, detail: Record<string, unknown>): void {
    for (const subjectPersonId of people.length > 0 ? people : [null]) {
      this.audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action, subjectPersonId, result, detail });
    }
  }
}
