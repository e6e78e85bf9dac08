import type { X509Certificate } from 'node:crypto';
import type { TerminalRequest } from '../protocol/eligibility/ClientMessage.ts';
import type { AuditVerification, ViewRecord } from '../protocol/eligibility/ServerMessage.ts';
import { ServiceError } from '../protocol/eligibility/ServiceError.ts';
import { AuditLog } from './audit/AuditLog.ts';
import { BulkConfirmation } from './bulk/BulkConfirmation.ts';
import { BulkReceptions } from './bulk/BulkReceptions.ts';
import { CardChallenges, loadChallengeKey } from './card/CardChallenges.ts';
import { ClinicCredentials, type Clinic } from './clinic/ClinicCredentials.ts';
import { pruneHelloFailures } from './clinic/HelloFailureRecords.ts';
import type { TerminalSession } from './clinic/TerminalSession.ts';
import { ConfirmationByCard } from './confirmation/ConfirmationByCard.ts';
import { ConfirmationStore } from './confirmation/ConfirmationStore.ts';
import { ConfirmationByInsuranceNumber } from './confirmation/ConfirmationByInsuranceNumber.ts';
import { GroupCommit, type GroupCommitOptions } from './db/GroupCommit.ts';
import type { ServiceDatabase, Sql } from './db/Sql.ts';
import { InsuredRegistry } from './eligibility/InsuredRegistry.ts';
import { IdempotencyStore, requestFingerprint, type StoredOutcome } from './idempotency/IdempotencyStore.ts';
import { MedicalInformationViewing } from './medical/MedicalInformationViewing.ts';
import { OperatorQuestions } from './operator/OperatorQuestions.ts';
import { OutageActivations } from './outage/OutageActivations.ts';
import { OutageMode } from './outage/OutageMode.ts';
import { ReferenceNumberRegistration } from './reference/ReferenceNumberRegistration.ts';
import { ReferenceNumbers } from './reference/ReferenceNumbers.ts';
import { ReaderEnrollment } from './reader/ReaderEnrollment.ts';
import { ReaderKeys, ReaderRegistry } from './reader/ReaderRegistry.ts';
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

/** What lives as long as the service: read once at start, or a cache of what never changes under its key. */
interface ServiceConstants {
  challengeKey: Buffer;
  readerKeys: ReaderKeys;
}

/** The stores and use cases of one transaction, bound to its statements. Cheap: nothing is prepared here. */
class UnitOfWork {
  readonly audit: AuditLog;
  readonly idempotency: IdempotencyStore;
  readonly byCard: ConfirmationByCard;
  readonly byInsuranceNumber: ConfirmationByInsuranceNumber;
  readonly bulk: BulkConfirmation;
  readonly referenceRegistration: ReferenceNumberRegistration;
  readonly outageMode: OutageMode;
  readonly medicalInformation: MedicalInformationViewing;
  readonly operator: OperatorQuestions;
  readonly readerEnrollment: ReaderEnrollment;
  readonly replays: ReplayedAnswers;
  readonly challenges: CardChallenges;
  readonly receptions: BulkReceptions;

  constructor(sql: Sql, constants: ServiceConstants, options: EligibilityServiceOptions) {
    const registry = new InsuredRegistry(sql);
    const audit = new AuditLog(sql);
    const confirmations = new ConfirmationStore(sql);
    const references = new ReferenceNumbers(sql);
    const readers = new ReaderRegistry(sql, constants.readerKeys);
    this.challenges = new CardChallenges(sql, constants.challengeKey);
    this.receptions = new BulkReceptions(sql);
    // Judged at each read: a revoked reader or certificate withdraws the proof its confirmations rested on.
    const lists = options.revocationLists;
    const certificateRevoked = lists ? (serial: string) => lists.isRevoked(serial) : (serial: string) => registry.isRevoked(serial);
    const proof = { readerRevoked: async (id: string) => (await readers.find(id))?.revokedAt != null, certificateRevoked };
    this.audit = audit;
    this.idempotency = new IdempotencyStore(sql, confirmations);
    this.byCard = new ConfirmationByCard({ registry, audit, challenges: this.challenges, confirmations, references, readers, trustedCas: options.trustedCas, certificateRevoked });
    this.byInsuranceNumber = new ConfirmationByInsuranceNumber({ registry, audit, confirmations, references });
    this.bulk = new BulkConfirmation({ receptions: this.receptions, byInsuranceNumber: this.byInsuranceNumber, audit, processingMs: options.bulkProcessingMs ?? 2_000 });
    this.referenceRegistration = new ReferenceNumberRegistration({ registry, audit, references });
    this.outageMode = new OutageMode({ registry, audit, confirmations, activations: new OutageActivations(sql), references });
    this.medicalInformation = new MedicalInformationViewing({ registry, audit, confirmations, proof });
    this.operator = new OperatorQuestions({ registry, audit });
    this.readerEnrollment = new ReaderEnrollment({ readers, audit });
    this.replays = new ReplayedAnswers({ audit, confirmations, medicalInformation: this.medicalInformation, proof });
  }
}

/**
 * The stand-in for the オンライン資格確認等システム, independent of any transport and of the database
 * (SQLite or PostgreSQL: server/db/Sql.ts): it routes each terminal request to its use case and runs it
 * in one transaction together with its audit rows and its idempotency record (over the wire, one
 * transaction shared by the requests of one event-loop turn: `answer`). The use cases and the stores they
 * write live in their own modules.
 */
export class EligibilityService {
  /** The clinics that may connect: hello checks its secret here, outside any write. */
  readonly clinics: { authenticate(code: string, secret: string): Promise<Clinic | null> };
  private readonly group: GroupCommit;
  private readonly now: () => Date;

  private constructor(
    readonly db: ServiceDatabase,
    private readonly constants: ServiceConstants,
    private readonly options: EligibilityServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.group = new GroupCommit(db, options.groupCommit);
    this.clinics = { authenticate: (code, secret) => db.read((sql) => new ClinicCredentials(sql).authenticate(code, secret)) };
  }

  /** The service on an open database: reads its challenge key (made by the first instance) and prunes what has expired. */
  static async open(db: ServiceDatabase, options: EligibilityServiceOptions): Promise<EligibilityService> {
    const challengeKey = await db.transaction((sql) => loadChallengeKey(sql));
    const service = new EligibilityService(db, { challengeKey, readerKeys: new ReaderKeys() }, options);
    const now = service.now();
    await db.transaction(async (sql) => {
      const work = service.unitOfWork(sql);
      await work.challenges.prune(now);
      await work.idempotency.prune(now);
      await work.receptions.prune(now);
      await pruneHelloFailures(sql, now);
    });
    return service;
  }

  /**
   * Answer one terminal request in a transaction of its own. A request with an idempotency key that was
   * answered before gets the stored answer (replayed); the same key with a different request is refused.
   * Rejects with ServiceError for answers that are not part of the record (unknown challenge, mode not enabled …).
   */
  handleTerminal(session: TerminalSession, request: TerminalRequest): Promise<HandledRequest> {
    return this.db.transaction((sql) => this.answerWith(sql, session, request));
  }

  /**
   * The same, in the next group commit (server/db/GroupCommit.ts): the request's writes share one
   * transaction with those of every request that arrived in the same event-loop turn, and the promise
   * settles only after that transaction committed. Reads go through the group too, so the answers on a
   * connection keep the order of its requests.
   */
  answer(session: TerminalSession, request: TerminalRequest): Promise<HandledRequest> {
    return this.group.run((sql) => this.answerWith(sql, session, request));
  }

  /** The stores and use cases bound to one transaction's statements. */
  unitOfWork(sql: Sql): UnitOfWork {
    return new UnitOfWork(sql, this.constants, this.options);
  }

  whoViewed(personId: string): Promise<ViewRecord[]> {
    return this.db.read((sql) => this.unitOfWork(sql).operator.whoViewed(personId));
  }

  verifyAudit(): Promise<AuditVerification> {
    return this.db.read((sql) => this.unitOfWork(sql).operator.verifyAudit());
  }

  resolveLinkage(personId: string, resolution: 'confirmedSamePerson' | 'unlinked'): Promise<void> {
    return this.db.transaction((sql) => this.unitOfWork(sql).operator.resolveLinkage(personId, resolution, this.now()));
  }

  private async answerWith(sql: Sql, session: TerminalSession, request: TerminalRequest): Promise<HandledRequest> {
    const work = this.unitOfWork(sql);
    // Idempotent by the key it registers, so it needs no idempotency key of its own.
    if (request.type === 'reader.register') {
      const body = await work.readerEnrollment.register(session.clinicCode, session.terminalId, request.name, Buffer.from(request.publicKey, 'base64'), this.now());
      return { replayed: false, outcome: { ok: true, body } };
    }
    if (!('idempotencyKey' in request)) return { replayed: false, outcome: { ok: true, body: await this.answerReadOnly(work, session, request) } };
    return this.answerOnce(work, session, request, requestFingerprint(request));
  }

  private async answerOnce(work: UnitOfWork, session: TerminalSession, request: StateChangingRequest, fingerprint: string): Promise<HandledRequest> {
    const stored = await work.idempotency.find(session.clinicCode, request.idempotencyKey);
    if (stored) {
      if (stored.requestType !== request.type || stored.requestHash !== fingerprint) {
        throw new ServiceError('IDEMPOTENCY_KEY_REUSED', `Idempotency key ${JSON.stringify(request.idempotencyKey)} was used for a different request; use a new key for a new request.`);
      }
      return { replayed: true, outcome: await work.replays.answer(session, request, stored.outcome, this.now()) };
    }
    const outcome = await this.answerStateChanging(work, session, request);
    await work.idempotency.save(session.clinicCode, request.idempotencyKey, request.type, fingerprint, outcome, this.now(), recordedAs(request, outcome));
    return { replayed: false, outcome };
  }

  private async answerReadOnly(work: UnitOfWork, session: TerminalSession, request: ReadOnlyRequest): Promise<unknown> {
    if (request.type === 'ping') return { serverTime: this.now().toISOString() };
    if (request.type === 'insurance.bulkResult') return work.bulk.result(session, request.receptionNumber, request.offset, request.limit, this.now());
    return { entries: await work.audit.listForClinic(session.clinicCode, request.limit, request.beforeSeq ?? null) };
  }

  private async answerStateChanging(work: UnitOfWork, session: TerminalSession, request: StateChangingRequest): Promise<StoredOutcome> {
    const now = this.now();
    switch (request.type) {
      case 'card.challenge':
        return { ok: true, body: work.byCard.issueChallenge(session, now) };
      case 'card.confirm':
        return work.byCard.confirm(session, request, now);
      case 'insurance.confirm':
        return { ok: true, body: await work.byInsuranceNumber.confirm(session, request.search, now) };
      case 'insurance.bulkSubmit':
        return { ok: true, body: await work.bulk.submit(session, request, now) };
      case 'reference.register':
        return { ok: true, body: await work.referenceRegistration.register(session, request.registration, now) };
      case 'outage.enable':
        return { ok: true, body: await work.outageMode.enable(session, request.reason, request.contactPerson, now) };
      case 'outage.lookup':
        return { ok: true, body: await work.outageMode.lookup(session, request.cardFace, now) };
      case 'medical.read':
        return work.medicalInformation.read(session, request.referenceNumber, request.item, now);
    }
  }
}
