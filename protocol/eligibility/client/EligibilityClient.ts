import type { CardFaceItems, CardIdentityMethod, ConsentChoice, MedicalItem } from '../ClientMessage.ts';
import type { BulkReception, BulkResult } from '../BulkQuery.ts';
import type { EligibilityResult, QualificationConfirmSearchInfo } from '../EligibilityResult.ts';
import type { ReferenceNumberRegistrationInfo, ReferenceNumberRegistrationResult } from '../ReferenceNumberRegistration.ts';
import type { ReaderAttestation } from '../ReaderAttestation.ts';
import { TERMINAL_REPLY_SCHEMAS, WelcomeSchema, type AuditEntry, type MedicalInformation, type OutageActivation, type OutageLookup, type RegisteredReader } from '../ServerMessage.ts';
import { certificateSha256 } from '../signReaderAttestation.ts';
import { ServiceConnection, type ConnectionState, type ServiceConnectionOptions } from './ServiceConnection.ts';

export { ServiceError, isServiceError, type ServiceErrorCode } from '../ServiceError.ts';
export { isEligible, type EligibilityResult, type QualificationValidity, type ProcessingResultCode } from '../EligibilityResult.ts';
export type { ConnectionState } from './ServiceConnection.ts';
export type { ReaderAttestation } from '../ReaderAttestation.ts';
export type { RegisteredReader } from '../ServerMessage.ts';

export interface EligibilityClientOptions extends ServiceConnectionOptions {
  /** 医療機関コード, 10 digits. */
  medicalInstitutionCode: string;
  /** The secret the service issued to this clinic (`kiosk server clinic add`). */
  secret: string;
  /** Which terminal or kiosk of the clinic this is; it appears in the access log. */
  terminalId: string;
}

export interface CardChallenge {
  challengeId: string;
  /** The bytes the card signs (signChallenge in device/mynacard). */
  challenge: Uint8Array;
  expiresAt: Date;
}

export interface CardConfirmation {
  challengeId: string;
  /** The card's 利用者証明用電子証明書, DER (readAuthCertificate(channel).der). */
  certificate: Uint8Array;
  /** The card's signature over the challenge. Required on every identity method: null is refused with E04. */
  signature: Uint8Array | null;
  /** The registered reader's signed word on this confirmation (signReaderAttestation). Required: null is refused with E06. */
  attestation: ReaderAttestation | null;
  identityMethod: CardIdentityMethod;
  consent: ConsentChoice;
  arbitraryIdentifier?: string;
  /** 処方箋発行形態 chosen on the reader: 1 電子, 2 紙. */
  prescriptionIssueSelect?: '1' | '2';
  /** The PMH answer: use / decline (absent: the reader did not ask). */
  medicalSubsidy?: 'use' | 'decline';
  /** 利用登録 on the spot: register the card holder for 保険証 use with this confirmation. */
  registerInsuranceUse?: boolean;
}

/** What a reader attests to, as confirmWithCard hands it over once the challenge is known; the reader adds its own facts and signs. */
export interface AttestationRequest {
  medicalInstitutionCode: string;
  challengeId: string;
  /** The challenge bytes, base64, as card.challenge gave them. */
  challenge: string;
  /** SHA-256 of the certificate's DER, lower-case hex. */
  certificateSha256: string;
  identityMethod: CardIdentityMethod;
}

/** The card signs the challenge (signChallenge in device/mynacard). */
export type SignChallenge = (challenge: Uint8Array) => Promise<Uint8Array>;
/** The reader signs what it did (signReaderAttestation with the reader's key and its face score or 目視). */
export type AttestConfirmation = (request: AttestationRequest) => Promise<ReaderAttestation>;

export type CallOptions = {
  deadlineMs?: number;
  /**
   * The idempotency key of a state-changing call (8–128 characters). Default: a fresh one per call, reused
   * on its own resends. Pass one derived from what the call answers (a request file, a visit) to make a retry
   * after the caller's own crash the same request: the service then replays its first answer.
   */
  idempotencyKey?: string;
};

/** One part of a 一括照会 (insurance.bulkSubmit). */
export interface BulkPart {
  /** null on the first part; the number the first part got on every later one. */
  receptionNumber: string | null;
  /** YYYYMMDD: the Japanese day the answers are for. */
  qualificationConfirmationDate: string;
  searches: QualificationConfirmSearchInfo[];
  last: boolean;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * The typed client a clinic terminal or kiosk uses to ask the eligibility service. Every method
 * resolves with the service's answer or rejects with a ServiceError whose `code` says what happened:
 * AUTH_FAILED, TIMEOUT, CONNECTION_LOST (after the retries), RATE_LIMITED, SERVICE_DOWN,
 * SERVICE_UNAVAILABLE, CHALLENGE_EXPIRED, OUTAGE_MODE_NOT_ENABLED, MEDICAL_INFORMATION_BLOCKED, …
 * A refused card (revoked, expired, bad signature) is not an error: it is a result with
 * ProcessingResultStatus 2 and its ProcessingResultCode, for the caller to decide on.
 */
export class EligibilityClient {
  private readonly connection: ServiceConnection;

  constructor(readonly options: EligibilityClientOptions) {
    this.connection = new ServiceConnection(options, () => ({
      role: 'terminal',
      medicalInstitutionCode: options.medicalInstitutionCode,
      secret: options.secret,
      terminalId: options.terminalId,
    }));
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** Called on every state change, with the error that caused it when there is one. */
  onStateChange(listener: Parameters<ServiceConnection['onStateChange']>[0]): () => void {
    return this.connection.onStateChange(listener);
  }

  /** Connect and authenticate. Not required (calls connect on demand) but tells early whether the secret works. */
  async connect(options: CallOptions = {}): Promise<{ clinicName: string; serverTime: Date }> {
    await this.connection.open(options.deadlineMs);
    const welcome = WelcomeSchema.parse(this.connection.welcomeFrame);
    return { clinicName: welcome.clinicName ?? '', serverTime: new Date(welcome.serverTime) };
  }

  async ping(options: CallOptions = {}): Promise<Date> {
    const body = await this.connection.call('ping', {}, TERMINAL_REPLY_SCHEMAS.ping, { idempotent: false, ...options });
    return new Date(body.serverTime);
  }

  /** Step 1 of 照会区分 1: a one-time challenge for the card to sign. */
  async requestChallenge(options: CallOptions = {}): Promise<CardChallenge> {
    const body = await this.connection.call('card.challenge', {}, TERMINAL_REPLY_SCHEMAS['card.challenge'], { idempotent: true, ...options });
    return { challengeId: body.challengeId, challenge: new Uint8Array(Buffer.from(body.challenge, 'base64')), expiresAt: new Date(body.expiresAt) };
  }

  /** Step 2 of 照会区分 1: the certificate and the card's signature over the challenge. */
  confirmByCard(input: CardConfirmation, options: CallOptions = {}): Promise<EligibilityResult> {
    const payload = {
      challengeId: input.challengeId,
      certificate: b64(input.certificate),
      signature: input.signature ? b64(input.signature) : null,
      attestation: input.attestation,
      identityMethod: input.identityMethod,
      consent: input.consent,
      ...(input.arbitraryIdentifier ? { arbitraryIdentifier: input.arbitraryIdentifier } : {}),
      ...(input.prescriptionIssueSelect ? { prescriptionIssueSelect: input.prescriptionIssueSelect } : {}),
      ...(input.medicalSubsidy ? { medicalSubsidy: input.medicalSubsidy } : {}),
      ...(input.registerInsuranceUse ? { registerInsuranceUse: true } : {}),
    };
    return this.connection.call('card.confirm', payload, TERMINAL_REPLY_SCHEMAS['card.confirm'], { idempotent: true, ...options });
  }

  /**
   * Both steps of 照会区分 1: get a challenge, have `sign` (the card) sign it and `attest` (the reader)
   * attest it, confirm. Both are required by the service; null stands for "cannot" and is refused (E04, E06).
   */
  async confirmWithCard(
    input: Omit<CardConfirmation, 'challengeId' | 'signature' | 'attestation'> & { sign: SignChallenge | null; attest: AttestConfirmation | null },
    options: CallOptions = {},
  ): Promise<EligibilityResult> {
    const { sign, attest, ...rest } = input;
    const challenge = await this.requestChallenge(options);
    const signature = sign ? await sign(challenge.challenge) : null;
    const attestation = attest
      ? await attest({
          medicalInstitutionCode: this.options.medicalInstitutionCode,
          challengeId: challenge.challengeId,
          challenge: b64(challenge.challenge),
          certificateSha256: certificateSha256(input.certificate),
          identityMethod: input.identityMethod,
        })
      : null;
    return this.confirmByCard({ ...rest, challengeId: challenge.challengeId, signature, attestation }, options);
  }

  /**
   * Register this kiosk's reader key (ECDSA P-256, SPKI DER) for the clinic of this connection; the answer's
   * readerId goes into every attestation. Registering the same key again answers the same reader.
   */
  registerReader(input: { publicKey: Uint8Array; name: string }, options: CallOptions = {}): Promise<RegisteredReader> {
    return this.connection.call('reader.register', { publicKey: b64(input.publicKey), name: input.name }, TERMINAL_REPLY_SCHEMAS['reader.register'], { idempotent: false, ...options });
  }

  /** 照会区分 2: by the numbers on a 資格確認書 (or 保険証). */
  confirmByInsuranceNumber(search: QualificationConfirmSearchInfo, options: CallOptions = {}): Promise<EligibilityResult> {
    return this.connection.call('insurance.confirm', { search }, TERMINAL_REPLY_SCHEMAS['insurance.confirm'], { idempotent: true, ...options });
  }

  /**
   * 一括照会, one part (at most BULK_PART_MAX searches): the first part opens a 受付番号, the part with
   * `last` seals it. The answers are read later with bulkResult.
   */
  submitBulkPart(part: BulkPart, options: CallOptions = {}): Promise<BulkReception> {
    return this.connection.call('insurance.bulkSubmit', { ...part }, TERMINAL_REPLY_SCHEMAS['insurance.bulkSubmit'], { idempotent: true, ...options });
  }

  /** 一括照会's answers by 受付番号: `processing` until they are ready, then the units one page at a time. */
  bulkResult(receptionNumber: string, page: { offset?: number; limit?: number } = {}, options: CallOptions = {}): Promise<BulkResult> {
    return this.connection.call('insurance.bulkResult', { receptionNumber, offset: page.offset ?? 0, ...(page.limit ? { limit: page.limit } : {}) }, TERMINAL_REPLY_SCHEMAS['insurance.bulkResult'], { idempotent: false, ...options });
  }

  /** 照会番号 registration: this clinic's own number for a patient, carried by every later result for that person here. */
  registerReferenceNumber(registration: ReferenceNumberRegistrationInfo, options: CallOptions = {}): Promise<ReferenceNumberRegistrationResult> {
    return this.connection.call('reference.register', { registration }, TERMINAL_REPLY_SCHEMAS['reference.register'], { idempotent: true, ...options });
  }

  /** Ask for システム障害時モード (the call-centre step), before looking patients up by their card face. */
  enableOutageMode(input: { reason: 'readerFailure' | 'terminalFailure' | 'cardDefect' | 'certificateExpired' | 'powerOrNetwork'; contactPerson: string }, options: CallOptions = {}): Promise<OutageActivation> {
    return this.connection.call('outage.enable', input, TERMINAL_REPLY_SCHEMAS['outage.enable'], { idempotent: true, ...options });
  }

  /** システム障害時モード: find people by the 4 card-face items. Several candidates mean: ask the patient, never guess. */
  lookupDuringOutage(cardFace: CardFaceItems, options: CallOptions = {}): Promise<OutageLookup> {
    return this.connection.call('outage.lookup', { cardFace }, TERMINAL_REPLY_SCHEMAS['outage.lookup'], { idempotent: true, ...options });
  }

  /** 薬剤情報, 診療情報, 手術情報 or 特定健診情報 of a card confirmation, if the patient consented (MEDICAL_INFORMATION_BLOCKED otherwise). */
  readMedicalInformation(referenceNumber: string, item: MedicalItem, options: CallOptions = {}): Promise<MedicalInformation> {
    return this.connection.call('medical.read', { referenceNumber, item }, TERMINAL_REPLY_SCHEMAS['medical.read'], { idempotent: true, ...options });
  }

  /** This clinic's own rows of the access log, newest first. */
  async listAuditLog(input: { limit?: number; beforeSeq?: number } = {}, options: CallOptions = {}): Promise<AuditEntry[]> {
    const body = await this.connection.call('audit.list', { limit: input.limit ?? 100, ...(input.beforeSeq ? { beforeSeq: input.beforeSeq } : {}) }, TERMINAL_REPLY_SCHEMAS['audit.list'], { idempotent: false, ...options });
    return body.entries;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

