import type { X509Certificate } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { TerminalRequest } from '../protocol/eligibility/ClientMessage.ts';
import type { AuditVerification, ViewRecord } from '../protocol/eligibility/ServerMessage.ts';
import { ServiceError } from '../protocol/eligibility/ServiceError.ts';
import { AuditLog } from './audit/AuditLog.ts';
import { BulkConfirmation } from './bulk/BulkConfirmation.ts';
import { BulkReceptions } from './bulk/BulkReceptions.ts';
import { CardChallenges } from './card/CardChallenges.ts';
import { ClinicCredentials } from './clinic/ClinicCredentials.ts';
import type { TerminalSession } from './clinic/TerminalSession.ts';
import { ConfirmationByCard } from './confirmation/ConfirmationByCard.ts';
import { ConfirmationStore } from './confirmation/ConfirmationStore.ts';
import { ConfirmationByInsuranceNumber } from './confirmation/ConfirmationByInsuranceNumber.ts';
import type { EligibilityDatabase } from './db/openEligibilityDatabase.ts';
import { GroupCommit, type GroupCommitOptions } from './db/GroupCommit.ts';
import { InsuredRegistry } from './eligibility/InsuredRegistry.ts';
import { IdempotencyStore, requestFingerprint, type StoredOutcome } from './idempotency/IdempotencyStore.ts';
import { MedicalInformationViewing } from './medical/MedicalInformationViewing.ts';
import { OperatorQuestions } from './operator/OperatorQuestions.ts';
import { OutageActivations } from './outage/OutageActivations.ts';
import { OutageMode } from './outage/OutageMode.ts';
import { ReferenceNumberRegistration } from './reference/ReferenceNumberRegistration.ts';
import { ReferenceNumbers } from './reference/ReferenceNumbers.ts';
import { ReaderEnrollment } from './reader/ReaderEnrollment.ts';
import { ReaderRegistry } from './reader/ReaderRegistry.ts';
import { ReplayedAnswers } from './replay/ReplayedAnswers.ts';

export interface EligibilityServiceOptions {
  /**
   * The JPKI 利用者証明用 CA certificates the service trusts (jpki/loadTrustedCaCertificates): certificates
   * only, never a key. A card's certificate is accepted when one of them issued and signed it.
   */
  trustedCas: X509Certificate[];
  /**
   * The CA's revocation lists (server/card/RevocationLists.ts). With them, a certificate is revoked when a
   * current CRL lists it, and the revocation table is not consulted; without, the table decides.
   */
  revocationLists?: { isRevoked(serial: string): boolean };
  now?: () => Date;
  /** How long a sealed 一括照会 answers `processing` before its units show; default 2 s (ours). */
  bulkProcessingMs?: number;
  /** How requests share transactions (server/db/GroupCommit.ts); default: every request of one event-loop turn. */
  groupCommit?: GroupCommitOptions;
}

export interface HandledRequest {
  replayed: boolean;
  outcome: StoredOutcome;
}

type ReadOnlyRequest = Extract<TerminalRequest, { type: 'ping' | 'audit.list' | 'insurance.bulkResult' }>;
type ReaderRegistrationRequest = Extract<TerminalRequest, { type: 'reader.register' }>;
type StateChangingRequest = Exclude<TerminalRequest, ReadOnlyRequest | ReaderRegistrationRequest>;

/**
 * The reference number a card or 被保険者番号 confirmation's answer was recorded under (ConfirmationStore
 * keeps that very object as it returns it), so the idempotency record need not hold the answer a second time.
 */
function recordedAs(request: StateChangingRequest, outcome: StoredOutcome): string | undefined {
  if (!outcome.ok || (request.type !== 'card.confirm' && request.type !== 'insurance.confirm')) return undefined;
  return (outcome.body as { assessment?: { referenceNumber?: string } }).assessment?.referenceNumber;
}

/**
 * The stand-in for the オンライン資格確認等システム, independent of any transport: it routes each terminal
 * request to its use case and runs it in one SQLite transaction together with its audit rows and its
 * idempotency record (over the wire, one transaction shared by the requests of one event-loop turn: `answer`). The use cases and the stores they write live in their own modules.
 */
export class EligibilityService {
  readonly clinics: ClinicCredentials;
  private readonly audit: AuditLog;
  private readonly idempotency: IdempotencyStore;
  private readonly byCard: ConfirmationByCard;
  private readonly byInsuranceNumber: ConfirmationByInsuranceNumber;
  private readonly bulk: BulkConfirmation;
  private readonly referenceRegistration: ReferenceNumberRegistration;
  private readonly outageMode: OutageMode;
  private readonly medicalInformation: MedicalInformationViewing;
  private readonly operator: OperatorQuestions;
  private readonly readerEnrollment: ReaderEnrollment;
  private readonly replays: ReplayedAnswers;
  private readonly answerInTransaction: Database.Transaction<EligibilityService['answerUnwrapped']>;
  private readonly group: GroupCommit;
  private readonly now: () => Date;

  constructor(
    private readonly db: EligibilityDatabase,
    options: EligibilityServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    const registry = new InsuredRegistry(db);
    const audit = new AuditLog(db);
    const challenges = new CardChallenges(db);
    const confirmations = new ConfirmationStore(db);
    const references = new ReferenceNumbers(db);
    const readers = new ReaderRegistry(db);
    // Judged at each read: a revoked reader or certificate withdraws the proof its confirmations rested on.
    const lists = options.revocationLists;
    const certificateRevoked = lists ? (serial: string) => lists.isRevoked(serial) : (serial: string) => registry.isRevoked(serial);
    const proof = { readerRevoked: (id: string) => readers.find(id)?.revokedAt != null, certificateRevoked };
    this.clinics = new ClinicCredentials(db);
    this.audit = audit;
    this.idempotency = new IdempotencyStore(db, confirmations);
    this.byCard = new ConfirmationByCard({ registry, audit, challenges, confirmations, references, readers, trustedCas: options.trustedCas, certificateRevoked });
    this.byInsuranceNumber = new ConfirmationByInsuranceNumber({ registry, audit, confirmations, references });
    const receptions = new BulkReceptions(db);
    this.bulk = new BulkConfirmation({ receptions, byInsuranceNumber: this.byInsuranceNumber, audit, processingMs: options.bulkProcessingMs ?? 2_000 });
    this.referenceRegistration = new ReferenceNumberRegistration({ registry, audit, references });
    this.outageMode = new OutageMode({ registry, audit, confirmations, activations: new OutageActivations(db), references });
    this.medicalInformation = new MedicalInformationViewing({ registry, audit, confirmations, proof });
    this.operator = new OperatorQuestions({ registry, audit });
    this.readerEnrollment = new ReaderEnrollment({ readers, audit });
    this.replays = new ReplayedAnswers({ audit, confirmations, medicalInformation: this.medicalInformation, proof });
    // Made once: better-sqlite3 prepares BEGIN and COMMIT for each transaction function it makes.
    this.answerInTransaction = db.transaction(this.answerUnwrapped.bind(this));
    this.group = new GroupCommit(db, options.groupCommit);
    const now = this.now();
    challenges.prune(now);
    this.idempotency.prune(now);
    receptions.prune(now);
  }

  /**
   * Answer one terminal request. A request with an idempotency key that was answered before gets the
   * stored answer (replayed); the same key with a different request is refused. Throws ServiceError
   * for answers that are not part of the record (unknown challenge, mode not enabled …).
   */
  handleTerminal(session: TerminalSession, request: TerminalRequest): HandledRequest {
    return this.answerInTransaction.immediate(session, request);
  }

  /**
   * The same, in the next group commit (server/db/GroupCommit.ts): the request's writes share one
   * transaction with those of every request that arrived in the same event-loop turn, and the promise
   * settles only after that transaction committed. Reads go through the group too, so the answers on a
   * connection keep the order of its requests. Rejects with ServiceError as handleTerminal throws.
   */
  answer(session: TerminalSession, request: TerminalRequest): Promise<HandledRequest> {
    return this.group.run(() => this.answerUnwrapped(session, request));
  }

  private answerUnwrapped(session: TerminalSession, request: TerminalRequest): HandledRequest {
    // Idempotent by the key it registers, so it needs no idempotency key of its own.
    if (request.type === 'reader.register') return { replayed: false, outcome: { ok: true, body: this.registerReader(session, request) } };
    if (!('idempotencyKey' in request)) return { replayed: false, outcome: { ok: true, body: this.answerReadOnly(session, request) } };
    return this.answerOnce(session, request, requestFingerprint(request));
  }

  private registerReader(session: TerminalSession, request: ReaderRegistrationRequest): unknown {
    return this.readerEnrollment.register(session.clinicCode, session.terminalId, request.name, Buffer.from(request.publicKey, 'base64'), this.now());
  }

  whoViewed(personId: string): ViewRecord[] {
    return this.operator.whoViewed(personId);
  }

  verifyAudit(): AuditVerification {
    return this.operator.verifyAudit();
  }

  resolveLinkage(personId: string, resolution: 'confirmedSamePerson' | 'unlinked'): void {
    this.db.transaction(() => this.operator.resolveLinkage(personId, resolution, this.now()))();
  }

  private answerOnce(session: TerminalSession, request: StateChangingRequest, fingerprint: string): HandledRequest {
    const stored = this.idempotency.find(session.clinicCode, request.idempotencyKey);
    if (stored) {
      if (stored.requestType !== request.type || stored.requestHash !== fingerprint) {
        throw new ServiceError('IDEMPOTENCY_KEY_REUSED', `Idempotency key ${JSON.stringify(request.idempotencyKey)} was used for a different request; use a new key for a new request.`);
      }
      return { replayed: true, outcome: this.replays.answer(session, request, stored.outcome, this.now()) };
    }
    const outcome = this.answerStateChanging(session, request);
    this.idempotency.save(session.clinicCode, request.idempotencyKey, request.type, fingerprint, outcome, this.now(), recordedAs(request, outcome));
    return { replayed: false, outcome };
  }

  private answerReadOnly(session: TerminalSession, request: ReadOnlyRequest): unknown {
    if (request.type === 'ping') return { serverTime: this.now().toISOString() };
    if (request.type === 'insurance.bulkResult') return this.bulk.result(session, request.receptionNumber, request.offset, request.limit, this.now());
    return { entries: this.audit.listForClinic(session.clinicCode, request.limit, request.beforeSeq ?? null) };
  }

  private answerStateChanging(session: TerminalSession, request: StateChangingRequest): StoredOutcome {
    const now = this.now();
    switch (request.type) {
      case 'card.challenge':
        return { ok: true, body: this.byCard.issueChallenge(session, now) };
      case 'card.confirm':
        return this.byCard.confirm(session, request, now);
      case 'insurance.confirm':
        return { ok: true, body: this.byInsuranceNumber.confirm(session, request.search, now) };
      case 'insurance.bulkSubmit':
        return { ok: true, body: this.bulk.submit(session, request, now) };
      case 'reference.register':
        return { ok: true, body: this.referenceRegistration.register(session, request.registration, now) };
      case 'outage.enable':
        return { ok: true, body: this.outageMode.enable(session, request.reason, request.contactPerson, now) };
      case 'outage.lookup':
        return { ok: true, body: this.outageMode.lookup(session, request.cardFace, now) };
      case 'medical.read':
        return this.medicalInformation.read(session, request.referenceNumber, request.item, now);
    }
  }
}
