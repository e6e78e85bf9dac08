import { isCardError } from '../../../device/card/CardError.ts';
import type { CardReader } from '../../../device/card/CardReader.ts';
import type { ReaderList } from '../../../device/card/ReaderList.ts';
import type { ReaderIdentity } from '../../../device/kiosk/ReaderIdentity.ts';
import { forgetSession, verifyPin } from '../../../device/mynacard/index.ts';
import { messageOf } from '../../../foundation/CodedError.ts';
import { normalizeSerial } from '../../../jpki/certificateSerial.ts';
import type { EligibilityClient } from '../../../protocol/eligibility/client/EligibilityClient.ts';
import { CONSENT_ITEMS, type ConsentChoice } from '../../protocol/Consent.ts';
import { StaffAppError, type IssuedActivationCode, type StaffAppCommand, type StaffAppErrorCode, type StaffAppStep, type StaffAppView } from '../../protocol/StaffApp.ts';
import { emptyVisit, type VisitDraft } from '../../protocol/VisitDraft.ts';
import type { CardSession } from '../CardSession.ts';
import { confirmCardSession } from '../confirmCardSession.ts';
import { readCardSession } from '../readCardSession.ts';
import { readPhotoThroughCardFace } from '../readPhotoThroughCardFace.ts';
import type { ReaderRegistration } from '../ReaderRegistration.ts';
import { toEligibilityOutcome } from '../toEligibilityOutcome.ts';
import type { VisitLedger } from '../VisitLedger.ts';
import type { StaffAppEnrolment } from './StaffAppEnrolment.ts';

export interface StaffAppDeskDeps {
  /** The reader attached to the app's device (`staffAppReader` in the kiosk configuration); absent: none configured. */
  reader: { readers: ReaderList; name: string } | undefined;
  readerIdentity: ReaderIdentity;
  client: EligibilityClient;
  registration: ReaderRegistration;
  enrolment: StaffAppEnrolment;
  /** The app's own visit ledger (its visits go into the kiosk's visit store, with the channel staffApp). */
  ledger: VisitLedger;
  /** How long the query may take, retries included. */
  queryMs: number;
  log: (line: string) => void;
}

/** What the app holds of the visit in progress; dropped when it ends. Never a PIN. */
interface AppVisit {
  session: CardSession;
  signsWithoutPin: boolean;
  identityMethod: 'pin' | 'visual' | null;
  visualConfirmedBy: string | null;
}

const ALL_STEPS_BUT_CARD: readonly StaffAppStep[] = ['notEnrolled', 'noReader', 'waitingForCard'];

/**
 * The マイナ資格確認アプリ's flow, as a plain use case beside the kiosk's statechart (not inside it: the app is a
 * second device that must work exactly while the face reader's chart sits in its 3-1 outage state). Card on
 * the app's reader → read (the same readCardSession as the face reader) → PIN on the app page or 目視 by
 * staff with the card photo → consent → card.confirm (the same confirmCardSession, with the reader's
 * attestation) → the result on the page, recorded as a visit with the channel staffApp.
 */
export class StaffAppDesk {
  private step: StaffAppStep;
  private problem: StaffAppView['problem'] = null;
  private pinTriesLeft: number | null = null;
  private visit: AppVisit | null = null;
  private result: StaffAppView['result'] = null;
  private issued: IssuedActivationCode | null = null;
  private issuedUsed = false;
  private readonly listeners = new Set<() => void>();
  private readonly offs: Array<() => void> = [];
  /** One command at a time: a second tap while the card is busy waits its turn. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: StaffAppDeskDeps) {
    this.step = this.idleStep();
  }

  /** Follow the app's reader: a card laid on it is read at once (when enrolled and waiting for one). */
  start(): void {
    const { reader } = this.deps;
    if (!reader) return;
    let readerOffs: Array<() => void> = [];
    const wire = (r: CardReader) => {
      for (const off of readerOffs) off();
      readerOffs = [r.on('card.inserted', () => this.enqueue(() => this.cardPlaced())), r.on('card.removed', () => this.enqueue(() => this.cardRemoved())), r.on('reader.detached', () => this.enqueue(() => this.cardRemoved()))];
      this.refresh();
    };
    this.offs.push(() => readerOffs.forEach((off) => off()));
    const found = this.currentReader();
    if (found) wire(found);
    this.offs.push(reader.readers.on('reader.attached', (r) => r.name === reader.name && wire(r)));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  view(): StaffAppView {
    const session = this.visit?.session;
    return {
      enrolled: this.deps.enrolment.enrolled,
      enrolledAt: this.deps.enrolment.enrolledAt,
      step: this.step,
      problem: this.problem,
      pinTriesLeft: this.pinTriesLeft,
      visualPossible: this.visit?.signsWithoutPin ?? false,
      photo: this.step === 'comparingFace' && session?.photo ? `data:image/png;base64,${Buffer.from(session.photo).toString('base64')}` : null,
      cardFace: session?.cardFace ?? null,
      result: this.result,
    };
  }

  /**
   * A fresh activation code for the 資格確認端末 to show (kept in memory only, for the staff view, until it
   * is used or runs out; the enrolment file keeps its hash).
   */
  issueCode(): IssuedActivationCode {
    this.issued = this.deps.enrolment.issue();
    this.deps.log('staff app: activation code issued');
    this.emit();
    return this.issued;
  }

  /** The code issued last while it can still enrol (the staff view shows it; the app page never sees it). */
  issuedCode(now: Date = new Date()): IssuedActivationCode | null {
    if (!this.issued || this.issuedUsed || Date.parse(this.issued.expiresAt) <= now.getTime()) return null;
    return this.issued;
  }

  /** One command from the app page; rejects with a StaffAppError (also shown on the page as `problem`). */
  execute(command: StaffAppCommand): Promise<void> {
    return this.enqueue(() => this.run(command), true);
  }

  async close(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    await this.queue;
    await this.endVisit('cancelled');
  }

  private enqueue(task: () => Promise<void>, rethrow = false): Promise<void> {
    const run = this.queue.then(task).then(
      () => this.emit(),
      (error: unknown) => {
        const coded = error instanceof StaffAppError ? error : new StaffAppError('CARD_UNREADABLE', messageOf(error), { cause: error });
        this.problem = { code: coded.code, message: coded.message };
        this.emit();
        if (rethrow) throw coded;
      },
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private currentReader(): CardReader | undefined {
    const { reader } = this.deps;
    return reader?.readers.readers().find((r) => r.name === reader.name);
  }

  private idleStep(): StaffAppStep {
    if (!this.deps.enrolment.enrolled) return 'notEnrolled';
    if (!this.currentReader()) return 'noReader';
    return 'waitingForCard';
  }

  /** Back to the idle step for what is there now (enrolled? reader? a card already lying on it is read). */
  private refresh(): void {
    if (!ALL_STEPS_BUT_CARD.includes(this.step)) return;
    this.step = this.idleStep();
    if (this.step === 'waitingForCard' && this.currentReader()?.cardPresent) void this.enqueue(() => this.cardPlaced());
    else this.emit();
  }

  private expect(...steps: StaffAppStep[]): void {
    if (!steps.includes(this.step)) throw new StaffAppError('WRONG_STEP', `That is not possible now (the app is at ${this.step}).`);
  }

  private async run(command: StaffAppCommand): Promise<void> {
    if (command.type !== 'enrol' && !this.deps.enrolment.enrolled) throw new StaffAppError('NOT_ENROLLED', 'この端末は利用登録されていません。資格確認端末で発行した12桁のコードで利用登録してください。');
    switch (command.type) {
      case 'enrol':
        this.deps.enrolment.enrol(command.code);
        if (command.code === this.issued?.code) this.issuedUsed = true;
        this.deps.log('staff app: device enrolled');
        this.problem = null;
        this.step = 'waitingForCard';
        this.step = this.idleStep();
        this.refresh();
        return;
      case 'identity.pin':
        this.expect('choosingIdentity');
        this.visit!.identityMethod = 'pin';
        this.problem = null;
        this.step = 'enteringPin';
        return;
      case 'pin':
        return this.checkPin(command.pin);
      case 'identity.visual':
        return this.readPhoto(command.fields);
      case 'visual.confirmed':
        this.expect('comparingFace');
        this.visit!.identityMethod = 'visual';
        this.visit!.visualConfirmedBy = command.confirmedBy;
        this.problem = null;
        this.step = 'askingConsent';
        return;
      case 'visual.refused':
        this.expect('comparingFace');
        await this.endVisit('identityRefused');
        return this.fail('IDENTITY_REFUSED', '顔写真と本人が一致しないため、確認を中止しました。');
      case 'consent':
        this.expect('askingConsent');
        return this.query(command.agree);
      case 'reset':
        await this.endVisit('cancelled');
        this.problem = null;
        this.result = null;
        this.step = 'waitingForCard';
        this.step = this.idleStep();
        this.refresh();
        return;
    }
  }

  private async cardPlaced(): Promise<void> {
    if (this.step !== 'waitingForCard') return;
    const reader = this.currentReader();
    if (!reader) return;
    this.problem = null;
    this.result = null;
    this.step = 'readingCard';
    this.emit();
    try {
      const read = await readCardSession(reader, { readerIdentity: this.deps.readerIdentity });
      this.visit = { session: read.session, signsWithoutPin: read.signsWithoutPin, identityMethod: null, visualConfirmedBy: null };
      this.pinTriesLeft = read.authPin.kind === 'tries' ? read.authPin.triesLeft : null;
      this.deps.ledger.open();
      this.deps.ledger.noteCard(normalizeSerial(read.session.certificate.certificate.serialNumber), null);
      this.step = read.authPin.kind === 'blocked' ? 'failed' : 'choosingIdentity';
      if (read.authPin.kind === 'blocked') this.problem = { code: 'PIN_BLOCKED', message: '暗証番号がロックされています。目視で確認するか、市区町村の窓口で暗証番号の再設定を案内してください。' };
      if (read.authPin.kind === 'blocked' && read.signsWithoutPin) this.step = 'choosingIdentity';
    } catch (error) {
      this.step = 'failed';
      throw new StaffAppError(isCardError(error, 'CARD_REMOVED') ? 'CARD_REMOVED' : 'CARD_UNREADABLE', `カードを読み取れませんでした: ${messageOf(error)}`, { cause: error });
    }
  }

  private async cardRemoved(): Promise<void> {
    if (ALL_STEPS_BUT_CARD.includes(this.step)) return this.refresh();
    if (this.step === 'showingResult') {
      // The visit is settled: the card is taken back and the app waits for the next one.
      await this.visit?.session.channel.close().catch(() => undefined);
      this.visit = null;
      this.step = this.idleStep();
      return;
    }
    await this.endVisit('cardRemoved');
    this.step = this.idleStep();
    this.problem = { code: 'CARD_REMOVED', message: '確認の途中でカードが外されました。もう一度カードを置いてください。' };
  }

  private async checkPin(pin: string): Promise<void> {
    this.expect('enteringPin');
    const { session } = this.visit!;
    this.step = 'checkingPin';
    this.emit();
    let status;
    try {
      status = await verifyPin(session.channel, 'auth', pin);
    } catch (error) {
      this.step = 'enteringPin';
      throw new StaffAppError(isCardError(error, 'CARD_REMOVED') ? 'CARD_REMOVED' : 'CARD_UNREADABLE', `暗証番号を確認できませんでした: ${messageOf(error)}`, { cause: error });
    }
    if (status.kind === 'verified') {
      this.problem = null;
      this.pinTriesLeft = null;
      this.step = 'askingConsent';
      return;
    }
    if (status.kind === 'wrong' && status.triesLeft > 0) {
      this.pinTriesLeft = status.triesLeft;
      this.step = 'enteringPin';
      throw new StaffAppError('PIN_WRONG', `暗証番号が違います。あと${status.triesLeft}回まちがえるとロックされます。`);
    }
    await this.endVisit('pinBlocked');
    this.step = 'failed';
    throw new StaffAppError('PIN_BLOCKED', '暗証番号がロックされました。市区町村の窓口で暗証番号の再設定を案内してください。');
  }

  private async readPhoto(fields: Parameters<typeof readPhotoThroughCardFace>[1]): Promise<void> {
    this.expect('choosingIdentity', 'comparingFace');
    const visit = this.visit!;
    if (!visit.signsWithoutPin) throw new StaffAppError('VISUAL_NOT_POSSIBLE', 'このカードは目視確認に対応していません（この端末の認証を受け付けません）。暗証番号で確認してください。');
    try {
      const read = await readPhotoThroughCardFace(visit.session.channel, fields);
      visit.session.photo = read.photo;
      visit.session.cardFace = read.items;
      this.deps.ledger.noteCard(null, read.items);
    } catch (error) {
      throw new StaffAppError('CARD_FACE_REFUSED', '券面の生年月日・有効期限・セキュリティコードがカードに受け付けられませんでした。券面を見て確かめてください（誤りが続くとロックされます）。', { cause: error });
    }
    this.problem = null;
    this.step = 'comparingFace';
  }

  private async query(agree: boolean): Promise<void> {
    const visit = this.visit!;
    const identityMethod = visit.identityMethod!;
    const consents = Object.fromEntries(CONSENT_ITEMS.map((item) => [item, agree])) as ConsentChoice;
    this.step = 'querying';
    this.emit();
    try {
      const result = await confirmCardSession(
        { client: this.deps.client, readerIdentity: this.deps.readerIdentity, registration: this.deps.registration },
        visit.session,
        { identityMethod, consent: consents },
        { visualConfirmedBy: visit.visualConfirmedBy },
        { deadlineMs: this.deps.queryMs },
      );
      this.deps.ledger.noteAnswer({ kind: 'card.confirm', result });
      const outcome = toEligibilityOutcome(result);
      if (outcome.summary?.detail) visit.session.cardFace ??= { name: outcome.summary.detail.name, birthDate: outcome.summary.detail.birthDate, sex: outcome.summary.detail.sex === 'female' ? 'female' : 'male', address: outcome.summary.detail.address ?? '' };
      this.deps.ledger.noteCard(null, visit.session.cardFace);
      const eligible = outcome.kind === 'eligible';
      this.closeVisit({
        identityMethod,
        ...(visit.visualConfirmedBy ? { visualConfirmedBy: visit.visualConfirmedBy } : {}),
        consents,
        eligibility: outcome,
        outcome: 'completed',
        ...(eligible ? { claimRoute: 'current' as const, claimInsurerNumber: outcome.summary?.insurerNumber ?? null, copayPercent: outcome.summary?.copayPercent ?? null } : {}),
      });
      this.result = { kind: outcome.kind, summary: outcome.summary, identityMethod };
      this.problem = null;
      this.step = 'showingResult';
    } catch (error) {
      forgetSession(visit.session.channel);
      await this.endVisit('cancelled');
      this.step = 'failed';
      throw new StaffAppError('QUERY_FAILED', `資格を照会できませんでした: ${messageOf(error)}`, { cause: error });
    }
  }

  private closeVisit(draft: Partial<VisitDraft>): void {
    this.deps.ledger.close({ ...emptyVisit(), started: true, channel: 'staffApp', ...draft });
    this.deps.ledger.release();
  }

  /** A visit not settled ends with this outcome on its record; the card's channel is closed. */
  private async endVisit(outcome: 'cardRemoved' | 'cancelled' | 'pinBlocked' | 'identityRefused'): Promise<void> {
    const visit = this.visit;
    this.visit = null;
    this.pinTriesLeft = null;
    if (!visit) return;
    if (this.deps.ledger.currentVisitId) this.closeVisit({ identityMethod: visit.identityMethod, outcome, pinBlocked: outcome === 'pinBlocked' });
    await visit.session.channel.close().catch(() => undefined);
  }

  private fail(code: StaffAppErrorCode, message: string): never {
    this.step = 'failed';
    throw new StaffAppError(code, message);
  }
}
