import 'reflect-metadata';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SimulatedClock, type EventObject } from 'xstate';
import type { Step } from 'xstate/graph';
import { faultCodeOf, type KioskFaultCode } from '../../kiosk/machine/KioskFault.ts';
import { kioskStateKey } from '../../kiosk/machine/kioskStateKey.ts';
import { KIOSK_TIMEOUTS } from '../../kiosk/machine/kioskTimeouts.ts';
import { OUTAGE_CASE_NUMBER } from '../../kiosk/protocol/OutageCase.ts';
import type { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import type { TestService } from '../harness/startTestService.ts';
import { SIM_CARD_ATR } from '../../sim/card/createSimCard.ts';
import { SimCard } from '../../sim/card/SimCard.ts';
import type { ApduTraceEntry } from '../../kiosk/protocol/SimulatorControl.ts';
import { startKioskHarness, type KioskHarness } from '../harness/kioskHarness.ts';
import { freshReaderIdentity } from '../harness/certifiedReader.ts';
import { pinFoundAt } from '../harness/pinFoundAt.ts';
import { ReaderRegistry } from '../../server/reader/ReaderRegistry.ts';
import { healthOf } from './kioskModelEvents.ts';
import { deviceReportAfter, eventSignature, type KioskSnapshot } from './kioskModelPlan.ts';
import type { CardFaceItems, InsuranceNumberSearch } from '../../kiosk/protocol/UiEvent.ts';
import type { EligibilityKind, LookupOutcome } from '../../kiosk/protocol/EligibilityOutcome.ts';
import type { PinOutcome, ReadCardOutput } from '../../kiosk/machine/ActorOutputs.ts';
import type { SmartphoneCheckInOutput } from '../../kiosk/machine/smartphone/SmartphoneCheckIn.ts';
import { SIM_PHONE_READER_NAME } from '../../sim/kiosk/SimKioskDevices.ts';
import type { KioskView } from '../../kiosk/protocol/KioskScreen.ts';

type KioskStep = Step<KioskSnapshot, EventObject>;

/** One transition the real runtime took: the state keys before and after, and the event it processed. */
export interface TakenTransition {
  from: string;
  signature: string;
  to: string;
}

/** What every path run adds to the suite's coverage. */
export interface RealCoverage {
  transitions: Set<string>;
  stateNodes: Set<string>;
}

/**
 * Optional seams for running a path through other front ends. `sendUiEvent` performs an event of the
 * touch panel or the staff view (the default sends it to the runtime, as those screens do);
 * `onStarted` sees the harness once the runtime is up, before the path's first step.
 */
export interface KioskPathRunOptions {
  sendUiEvent?: (event: EventObject) => void | Promise<void>;
  onStarted?: (h: KioskHarness) => void | Promise<void>;
}

/** A PIN no profile has, typed as the wrong PIN: it must appear in no trace, log or database. */
export const DISTINCTIVE_WRONG_PIN = '8063';
const MALFORMED_PIN = '12';

/** The profile whose card gives a read output, and whose seed person gives an eligibility result (sim/profiles, server/seed). */
const PROFILE_BY_RESULT: Record<EligibilityKind, string | null> = {
  eligible: 'yamada-taro',
  invalid: 'lost-qualification',
  noQualification: 'no-qualification',
  notRegistered: 'not-registered',
  multiple: 'multiple-qualifications',
  wrongLinkage: 'wrong-linkage',
  certificateRefused: 'revoked',
  // The card is fine; the kiosk's reader is revoked at the service just before the query (E07).
  readerRefused: 'yamada-taro',
  invalidWithNewQualification: null,
};

function profileFor(read: ReadCardOutput, result: EligibilityKind | undefined): string {
  const special =
    read.cardKind === 'faceAuth'
      ? 'face-auth-card'
      : read.certificateStanding !== 'valid'
        ? { expiringSoon: 'expiring-soon', expiredInGrace: 'expired-in-grace', expiredBeyondGrace: 'expired-beyond-grace' }[read.certificateStanding]
        : read.pinTriesLeft === 1
          ? 'pin-one-try-left'
          : read.pinTriesLeft === 0
            ? 'pin-blocked'
            : null;
  if (special) {
    if (result && result !== 'eligible') throw new Error(`no card profile is both ${JSON.stringify(read)} and ${result}`);
    return special;
  }
  const profile = PROFILE_BY_RESULT[result ?? 'eligible'];
  if (!profile) throw new Error(`no card profile gives ${result} to a card query`);
  return profile;
}

/** 資格確認書 numbers of seed people, by the result the service gives them (server/seed/population.json). */
const SEARCH_BY_RESULT: Partial<Record<EligibilityKind, InsuranceNumberSearch>> = {
  eligible: { insurerNumber: '01130012', symbol: '21200041', number: '123', branch: '00', birthDate: '1980-02-17' },
  invalid: { insurerNumber: '00270017', symbol: '北', number: '300412', branch: '01', birthDate: '1958-03-15' },
  invalidWithNewQualification: { insurerNumber: '01130012', symbol: '21200102', number: '31', branch: '00', birthDate: '1985-02-28' },
  noQualification: { insurerNumber: '01130012', symbol: '99999999', number: '1', branch: '00', birthDate: '1970-01-01' },
  multiple: { insurerNumber: '01130012', symbol: '21200135', number: '72', branch: '', birthDate: '2021-08-20' },
};

/** 4 card-face items, by what the システム障害時モード lookup finds for them. */
const ITEMS_BY_LOOKUP: Record<string, CardFaceItems> = {
  found: { name: '山田\u3000太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都千代田区霞が関１丁目２番２号' },
  'found+tolerance': { name: '山﨑\u3000翔太', birthDate: '1953-05-09', sex: 'male', address: '福岡県福岡市博多区博多駅前１丁目１７番８号' },
  ambiguous: { name: '伊藤\u3000陽子', birthDate: '1969-10-10', sex: 'female', address: '大阪府大阪市北区梅田２丁目４番９号' },
  notFound: { name: '架空\u3000太郎', birthDate: '1970-01-01', sex: 'male', address: '東京都千代田区霞が関１丁目１番１号' },
};

/** Which actor a visit step invokes. */
const ACTOR_OF: Record<string, string> = {
  readingCard: 'readCard',
  readingCardFace: 'readCardFace',
  matchingFace: 'matchFace',
  enteringPin: 'verifyPin',
  queryingEligibility: 'queryEligibility',
  queryingByNumber: 'queryByNumber',
  'outage.lookingUp': 'outageLookup',
  recording: 'persistVisit',
};

function actorIn(snapshot: KioskSnapshot): string | undefined {
  const visit = (snapshot.value as { visit: string | Record<string, string> }).visit;
  const path = typeof visit === 'string' ? visit : Object.entries(visit).map(([k, v]) => `${k}.${v}`)[0]!;
  return ACTOR_OF[path];
}

function visitPath(snapshot: KioskSnapshot): string {
  const stepOf = (value: unknown): string => (typeof value === 'string' ? value : Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${stepOf(v)}`)[0]!);
  return stepOf((snapshot.value as { visit: unknown }).visit);
}

const actorEvent = (event: EventObject | undefined, actor: string) => event !== undefined && (event.type === `xstate.done.actor.${actor}` || event.type === `xstate.error.actor.${actor}`);
const errorCode = (event: EventObject): KioskFaultCode => faultCodeOf((event as unknown as { error: unknown }).error);
const output = <T>(event: EventObject) => (event as unknown as { output: T }).output;

/**
 * Outcomes the executor of the actor's own event brings about (a PIN typed, the service dropped), so the
 * state before it holds. A query while the service is known to be down fails at once by itself.
 */
function producedByItsOwnStep(event: EventObject, state: KioskSnapshot): boolean {
  if (event.type.endsWith('.verifyPin')) return true;
  return event.type.startsWith('xstate.error.actor.') && errorCode(event) === 'SERVICE_UNREACHABLE' && healthOf(state).service !== 'down';
}

const STORAGE_TRIGGER = 'model_test_storage_fault';

/** How late the reader reports a pulled card or its own loss (pcscd polls every 400 ms), on the simulated clock. */
const NOTICE_MS = 400;
/** How long the first APDU of a read takes when the reader is to go during the read. */
const FIRST_APDU_MS = 50;
/** The service deadlines of a path that waits one out (the defaults are 28 s and 15 s of real time). */
const SHORT_DEADLINES = { queryMs: 1500, lookupMs: 1500 };

/**
 * Runs one planned path against the real runtime: KioskRuntime on SimKioskDevices against the real
 * eligibility service over loopback ws, time on a SimulatedClock. A path is known in full before it
 * runs, so each step first arranges the simulator for the outcome the next step expects of the actor
 * this step starts (which card lies on the reader, what the camera will see, what the service does),
 * then performs its own event through the devices, the touch panel or the staff view.
 */
export class KioskPathRun {
  private h!: KioskHarness;
  private readonly clock = new SimulatedClock();
  private index = 0;
  private lastKey = '';
  private readonly taken: TakenTransition[] = [];
  private readonly trace: ApduTraceEntry[] = [];
  private pinTyped = false;
  private persisted: KioskSnapshot['context']['visit'] | null = null;
  private lastContext: KioskSnapshot['context'] | undefined;
  private serviceFaulted = false;
  /** A device report still to come after a failure it caused (see deviceReportAfter): reader.detached, card.removed, camera.fault. */
  private pendingReport: string | null = null;

  constructor(
    private readonly steps: KioskStep[],
    private readonly service: TestService,
    private readonly operator: OperatorClient,
    private readonly coverage: RealCoverage,
    private readonly options: KioskPathRunOptions = {},
  ) {}

  /** The touch panel and the staff view: the runtime itself unless a seam routes them elsewhere. */
  private sendUiEvent(event: EventObject): void | Promise<void> {
    if (this.options.sendUiEvent) return this.options.sendUiEvent(event);
    this.h.runtime.send(event as never);
  }

  /** The executor for every event type: arrange for what follows, then act. */
  readonly exec = async (step: KioskStep): Promise<void> => {
    const i = this.index++;
    if (step !== this.steps[i]) throw new Error(`step ${i} is not the planned one`);
    if (i === 0) return this.start();
    const before = this.steps[i - 1]!.state;
    if (this.serviceFaulted && !(step.event.type.startsWith('xstate.error.actor.') && errorCode(step.event) === 'SERVICE_UNREACHABLE')) {
      // A held or failed answer is already on its way; the next actor starts with a healthy service.
      this.serviceFaulted = false;
      await this.operator.setFaults({ failWith: null, delayMs: 0 });
    }
    await this.arrange(i, before);
    await this.act(step.event, i);
  };

  /** After each step: the runtime is where the model is, and the screens show what that state needs. */
  readonly check = async (model: KioskSnapshot): Promise<void> => {
    const i = this.index - 1;
    const key = kioskStateKey(model);
    const next = this.steps[i + 1]?.event;
    const actor = actorIn(model);
    // The camera reports its fault right after the failed attempt: the runtime passes through the state before that report.
    const reportComesByItself = next?.type === 'camera.fault' && this.pendingReport === 'camera.fault';
    // A photo read earlier in the visit (before 戻る, or before face matching gave up) is not read again: the runtime passes through.
    const photoAlreadyRead = actor === 'readCardFace' && next === undefined && this.taken.slice(this.stepStart).some((t) => t.to === key) && this.lastKey !== key;
    const passesThrough = reportComesByItself || photoAlreadyRead || (actor !== undefined && i > 0 && actorEvent(next, actor) && !producedByItsOwnStep(next!, model));
    if (passesThrough) {
      // The actor's outcome was arranged and comes at once: the runtime must have been here on its way.
      // (An arranged outcome may already have come during the previous step, the failure a report follows among them.)
      const since = reportComesByItself ? this.previousStepStart : this.stepStart;
      await this.waitFor(() => this.taken.slice(since).some((t) => t.to === key), () => `the runtime never reached ${key}`);
      return;
    }
    await this.waitFor(
      () => this.lastKey === key,
      () => `the runtime is at\n  ${this.lastKey}\nthe model at\n  ${key}`,
    );
    this.checkScreens(model);
    if (i === this.steps.length - 1) this.checkEnd(model);
  };

  private stepStart = 0;
  private previousStepStart = 0;

  private async start(): Promise<void> {
    // Only a path that waits out a service deadline gets short ones: elsewhere a held answer must outlast the model's own timeout.
    const waitsForDeadline = this.steps.some((s) => s.event.type.startsWith('xstate.error.actor.') && errorCode(s.event) === 'SERVICE_UNREACHABLE');
    // The card face is scanned when the photo is needed (as with the screen's camera), so reading it is a step of its own.
    // A path whose reader gets revoked has a reader of its own: the shipped one stays registered for the others.
    const revokesReader = this.steps.some((s) => s.event.type === 'xstate.done.actor.queryEligibility' && output<{ kind: EligibilityKind }>(s.event).kind === 'readerRefused');
    this.h = await startKioskHarness({
      service: this.service,
      clock: this.clock,
      scanner: { needsPatient: true },
      ...(waitsForDeadline ? { deadlines: SHORT_DEADLINES } : {}),
      ...(revokesReader ? { identity: await freshReaderIdentity('model path reader (revoked in the path)') } : {}),
    });
    const { runtime } = this.h;
    this.h.devices.reader.onTrace((e) => this.trace.push(e));
    this.lastKey = kioskStateKey(runtime.actor.getSnapshot());
    this.lastContext = runtime.actor.getSnapshot().context;
    runtime.actor.system.inspect((ev) => {
      if (ev.actorRef !== runtime.actor) return;
      if (ev.type === '@xstate.microstep') for (const node of (ev as unknown as { snapshot: KioskSnapshot }).snapshot._nodes) this.coverage.stateNodes.add(node.id);
      if (ev.type === '@xstate.snapshot') {
        const snapshot = (ev as unknown as { snapshot: KioskSnapshot }).snapshot;
        const event = (ev as unknown as { event: EventObject }).event;
        const to = kioskStateKey(snapshot);
        if (event.type === 'xstate.done.actor.persistVisit') this.persisted = this.lastContext?.visit ?? null;
        this.lastContext = snapshot.context;
        this.taken.push({ from: this.lastKey, signature: eventSignature(event), to });
        this.coverage.transitions.add(`${this.lastKey} --${eventSignature(event)}--> ${to}`);
        this.lastKey = to;
      }
    });
    for (const node of runtime.actor.getSnapshot()._nodes) this.coverage.stateNodes.add(node.id);
    await this.options.onStarted?.(this.h);
    await this.waitFor(() => runtime.client.state === 'connected', () => `the eligibility client is ${runtime.client.state}`);
  }

  /** Set up the simulator for the outcome of the actor this step starts, read off the next step. */
  private async arrange(i: number, before: KioskSnapshot): Promise<void> {
    const target = this.steps[i]!.state;
    const actor = actorIn(target);
    if (!actor || (visitPath(before) === visitPath(target) && !this.steps[i]!.event.type.startsWith('xstate.after'))) return;
    const next = this.steps[i + 1]?.event;
    const outcome = actorEvent(next, actor) ? next : undefined;
    const { devices } = this.h;
    switch (actor) {
      case 'matchFace':
        if (!outcome) devices.camera.queueAttempts({ outcome: 'match', captureMs: 1e9 }); // held until the model's timeout or exit
        else if (outcome.type.startsWith('xstate.error')) {
          devices.camera.queueAttempts({ outcome: 'cameraFault', captureMs: 0 }); // reported as camera.fault right after it fails
          this.expectReport(outcome);
        } else devices.camera.queueAttempts({ outcome: output<{ outcome: 'match' | 'noMatch' | 'noFace' }>(outcome).outcome, captureMs: 0 });
        return;
      case 'readCardFace': {
        const code = outcome?.type.startsWith('xstate.error') ? errorCode(outcome) : undefined;
        const profile = devices.placed?.loaded.profile;
        if (!outcome) devices.scanner.holdNextScan(); // held until the model's timeout or exit
        else if (code === 'CARD_FACE_UNREADABLE' && profile) devices.scanner.show({ birthDate: profile.holder.birthDate, cardExpiry: profile.card.expiry, securityCode: profile.card.securityCode }, { smudged: true });
        else if (code === 'CARD_UNREADABLE') devices.reader.injectFault({ kind: 'deadChip' });
        else if (code === 'CARD_REMOVED' || code === 'READER_UNAVAILABLE') {
          // The card is pulled (the reader unplugged) as 照合番号B is verified; the reader reports it at its next poll.
          devices.reader.injectFault(code === 'CARD_REMOVED' ? { kind: 'cardPulled', ins: 0x20, noticeMs: NOTICE_MS, scope: { kind: 'next' } } : { kind: 'readerDetached', noticeMs: NOTICE_MS, scope: { kind: 'next' } });
          this.expectReport(outcome!);
        }
        return;
      }
      case 'queryEligibility':
      case 'queryByNumber':
      case 'outageLookup': {
        const code = outcome?.type.startsWith('xstate.error') ? errorCode(outcome) : undefined;
        if (outcome?.type === 'xstate.done.actor.queryEligibility' && output<{ kind: EligibilityKind }>(outcome).kind === 'readerRefused') {
          // The operator revokes this kiosk's reader (its own, for this path): the attestation is refused with E07.
          const readerId = await this.h.runtime.registration.readerId();
          await this.service.db.transaction((sql) => new ReaderRegistry(sql).revoke(readerId, new Date()));
        }
        if (code === 'TERMINAL_FAULT') await this.operator.setFaults({ failWith: 'INTERNAL' });
        else if (code === 'CARD_UNREADABLE') devices.reader.injectFault({ kind: 'dirtyContact', probability: 1 }); // the card fails as it signs
        else if (code === 'CARD_REMOVED' || code === 'READER_UNAVAILABLE') {
          // The card is pulled (the reader unplugged) as it signs; the reader reports it at its next poll.
          devices.reader.injectFault(code === 'CARD_REMOVED' ? { kind: 'cardPulled', ins: 0x2a, noticeMs: NOTICE_MS, scope: { kind: 'next' } } : { kind: 'readerDetached', noticeMs: NOTICE_MS, scope: { kind: 'next' } });
          this.expectReport(outcome!);
        }
        else if (!outcome || code === 'SERVICE_UNREACHABLE') await this.operator.setFaults({ delayMs: 120_000 }); // the answer is held back
        this.serviceFaulted = code === 'TERMINAL_FAULT' || !outcome || code === 'SERVICE_UNREACHABLE';
        return;
      }
      case 'persistVisit':
        this.storageFails(outcome?.type.startsWith('xstate.error') === true);
        return;
      default:
        return; // readCard: the card placed is the arrangement; verifyPin: the PIN typed at its own step
    }
  }

  private async act(event: EventObject, i: number): Promise<void> {
    const { runtime, devices } = this.h;
    this.previousStepStart = this.stepStart;
    this.stepStart = this.taken.length;
    const type = event.type;
    if (type.startsWith('xstate.after.')) {
      const delay = type.split('.')[2]!;
      this.clock.increment(KIOSK_TIMEOUTS[delay as keyof typeof KIOSK_TIMEOUTS] ?? Number(delay));
      return;
    }
    switch (type) {
      case 'card.inserted':
        return this.insertCard(i);
      case 'card.removed':
        if (this.deliverReport(type)) {
          devices.placed = undefined;
          devices.scanner.show(undefined);
          devices.reader.faults.clear();
          return;
        }
        return devices.removeCard();
      case 'reader.detached':
        if (this.deliverReport(type)) return;
        devices.reader.injectFault({ kind: 'readerDetached' }); // unplugged now
        return;
      case 'camera.fault':
        if (this.pendingReport === type) {
          this.pendingReport = null; // the camera reports the failed attempt by itself
          return;
        }
        devices.camera.injectFault({ kind: 'cameraFault' }); // a lasting fault, reported at once (a capture in progress is abandoned)
        return;
      case 'camera.recovered':
        devices.camera.clearFaults('cameraFault');
        return;
      case 'clinic.issuesElectronicPrescriptions':
      case 'clinic.asksMedicalSubsidy':
        // What the runtime tells the chart at start when the clinic's configuration says it issues 電子処方箋 / asks the PMH question.
        return runtime.send({ type });
      case 'camera.absent':
        // What the runtime tells the chart at start when no face camera is configured.
        return runtime.send({ type: 'camera.absent' });
      case 'staff.cardFaceEntered': {
        const profile = devices.placed?.loaded.profile;
        if (!profile) throw new Error('staff type the card face with no card on the reader');
        return this.sendUiEvent({ type, fields: { birthDate: profile.holder.birthDate, cardExpiry: profile.card.expiry, securityCode: profile.card.securityCode } } as EventObject);
      }
      case 'reader.attached':
        devices.reader.faults.clear();
        devices.readers.reattach(devices.readerName);
        return;
      case 'panel.detached':
        return devices.panel.detach();
      case 'panel.attached':
        return devices.panel.reattach();
      case 'service.down':
      case 'service.up':
        await this.operator.setFaults({ down: type === 'service.down' });
        return this.waitFor(() => healthOf(runtime.actor.getSnapshot()).service === (type === 'service.down' ? 'down' : 'up'), () => `the runtime did not see ${type}`);
      case 'staff.approved':
        return devices.panel.pressButton('visualOk');
      case 'staff.refused':
        return devices.panel.pressButton('visualNg');
      case 'staff.insuranceEntered': {
        const next = this.steps[i + 1]?.event;
        const kind = next?.type === 'xstate.done.actor.queryByNumber' ? output<{ kind: EligibilityKind }>(next).kind : 'eligible';
        return this.sendUiEvent({ type, search: SEARCH_BY_RESULT[kind]! } as EventObject);
      }
      case 'staff.lookupRequested': {
        const next = this.steps[i + 1]?.event;
        const found = next?.type === 'xstate.done.actor.outageLookup' ? output<LookupOutcome>(next) : undefined;
        const key = !found ? 'found' : found.outcome === 'found' && found.toleranceUsed ? 'found+tolerance' : found.outcome;
        return this.sendUiEvent({ type, items: ITEMS_BY_LOOKUP[key]! } as EventObject);
      }
      case 'xstate.done.actor.verifyPin':
        return this.typePin(output<PinOutcome>(event));
      case 'xstate.done.actor.smartphoneCheckIn':
        return this.walkPhoneBranch(output<SmartphoneCheckInOutput>(event));
      case 'xstate.error.actor.verifyPin': {
        const code = errorCode(event);
        // Before VERIFY: the card will be pulled during it, or the reader unplugged (both reported a poll later), or the chip stops answering.
        if (code === 'CARD_REMOVED') devices.reader.injectFault({ kind: 'cardPulled', ins: 0x20, noticeMs: NOTICE_MS, scope: { kind: 'next' } });
        else if (code === 'READER_UNAVAILABLE') devices.reader.injectFault({ kind: 'readerDetached', noticeMs: NOTICE_MS, scope: { kind: 'next' } });
        else devices.reader.injectFault({ kind: 'deadChip' });
        this.expectReport(event);
        return this.typePin({ outcome: 'verified' });
      }
      default:
        // While the service is down the query failed by itself, at once; otherwise the service stops answering now.
        if (type.startsWith('xstate.error.actor.') && errorCode(event) === 'SERVICE_UNREACHABLE') return healthOf(this.steps[i - 1]!.state).service === 'down' ? undefined : this.serviceStopsAnswering();
        if (type.startsWith('xstate.done.actor.') || type.startsWith('xstate.error.actor.')) return; // arranged before
        return this.sendUiEvent(event); // the touch panel and the staff view
    }
  }

  /** The card for this visit: the read outcome the next step expects, the eligibility result a later step expects. */
  private async insertCard(i: number): Promise<void> {
    const { devices } = this.h;
    const next = this.steps[i + 1]?.event;
    if (next?.type === 'xstate.error.actor.readCard') {
      const code = errorCode(next);
      if (code === 'NOT_A_MYNA_CARD') return devices.reader.insertCard(new SimCard(SIM_CARD_ATR, [])); // an IC card without JPKI
      if (code === 'CARD_UNREADABLE') return void (await devices.placeCard('dead-chip'));
      if (code === 'CARD_REMOVED') {
        // The card is pulled while its certificate is read; the reader reports it at its next poll.
        await devices.placeCard('yamada-taro', [{ kind: 'cardPulled', ins: 0xb0, noticeMs: NOTICE_MS, scope: { kind: 'next' } }]);
        this.expectReport(next);
        return;
      }
      if (code === 'READER_UNAVAILABLE') {
        // The first APDU takes a while; while it is in flight the reader goes: the next APDU fails at once, the reader reports it a poll later.
        await devices.placeCard(profileFor({ cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 3, signsWithoutPin: true }, undefined), [
          { kind: 'slowCard', latency: { perApduMs: FIRST_APDU_MS, perByteMs: 0, signMs: 0 }, scope: { kind: 'next' } },
        ]);
        await this.waitFor(() => !devices.reader.faults.isActive('slowCard'), () => 'the card read never started');
        devices.reader.injectFault({ kind: 'readerDetached', noticeMs: NOTICE_MS, scope: { kind: 'next' } });
        this.expectReport(next);
        this.clock.increment(FIRST_APDU_MS);
        return;
      }
      throw new Error(`no simulator lever fails a card read with ${code}`);
    }
    const read: ReadCardOutput = next?.type === 'xstate.done.actor.readCard' ? output<ReadCardOutput>(next) : { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 3, signsWithoutPin: true };
    const later = this.steps.slice(i + 1).find((s) => s.event.type === 'xstate.done.actor.queryEligibility' || s.event.type === 'card.inserted');
    const result = later?.event.type === 'xstate.done.actor.queryEligibility' ? output<{ kind: EligibilityKind }>(later.event).kind : undefined;
    const profile = profileFor(read, result);
    // signsWithoutPin false: the card does not know the reader authority, like a real card.
    if (next?.type === 'xstate.done.actor.readCard') return void (await devices.placeCard(profile, [], { readerAuthentication: read.signsWithoutPin }));
    // The read is held (a very slow card) until the model's timeout or exit.
    await devices.placeCard(profile, [{ kind: 'slowCard', latency: { perApduMs: 1e9, perByteMs: 0, signMs: 0 } }]);
  }

  /**
   * The smartphone branch to the end the path expects, on the simulated smartphone reader: the patient's
   * touches, the Android PIN on the keypad, the phone held over the reader (and held again), Face ID on the iPhone, the reader unplugged, its waits.
   */
  private async walkPhoneBranch(end: SmartphoneCheckInOutput): Promise<void> {
    const { runtime, devices } = this.h;
    const branch = () => runtime.actor.getSnapshot().children.smartphoneCheckIn?.getSnapshot() as { value?: unknown } | undefined;
    const at = (step: string) => this.waitFor(() => branch()?.value === step, () => `the smartphone branch is at ${JSON.stringify(branch()?.value)}, not ${step}`);
    const typePhonePin = async (pin: string) => {
      await this.waitFor(() => runtime.awaitingPin, () => 'the runtime never asked for the phone’s PIN');
      runtime.enterPin(pin);
      await at('waitingForPhone');
    };
    const android = async (pin: string) => {
      runtime.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
      await typePhonePin(pin);
    };
    await at('choosingKind');
    switch (end.outcome) {
      case 'identified':
        if (end.kind === 'androidPhone') {
          await android('2580');
          await devices.phones.place('phone-android-yamada');
        } else {
          // Face ID on the iPhone before it is held over the reader.
          await devices.phones.place('phone-iphone-sato');
          devices.phones.authenticateOnDevice();
          runtime.send({ type: 'phone.kindChosen', kind: 'iPhone' });
          await at('waitingForPhone');
          await devices.phones.holdAgain();
        }
        return;
      case 'useCard':
        return runtime.send({ type: 'phone.useCard' });
      case 'pinBlocked':
        // Three wrong PINs, each answered by the phone on a tap (the phone is held again after each).
        await android('0000');
        await devices.phones.place('phone-android-yamada');
        for (let wrong = 1; wrong < 3; wrong++) {
          await at('pinWrong');
          this.clock.increment(KIOSK_TIMEOUTS.PIN_WRONG_DISPLAY);
          await typePhonePin('0000');
          await devices.phones.holdAgain();
        }
        await at('pinBlocked');
        return runtime.send({ type: 'result.acknowledged' });
      case 'outage':
        if (end.outageCase === 'cardDefect') {
          // An expired phone credential: no grace.
          await android('3690');
          await devices.phones.place('phone-android-expired');
          await at('expired');
          return runtime.send({ type: 'result.acknowledged' });
        }
        runtime.send({ type: 'phone.kindChosen', kind: 'iPhone' });
        await at('waitingForPhone');
        devices.readers.get(SIM_PHONE_READER_NAME).detach();
        return;
      case 'cancelled':
        return runtime.send({ type: 'cancel' });
      case 'timedOut':
        this.clock.increment(KIOSK_TIMEOUTS.METHOD_CHOICE);
        return;
    }
  }

  /** The failure `event` stands for will be reported by the device as well (kioskModelPlan's deviceReportAfter). */
  private expectReport(event: EventObject): void {
    this.pendingReport = deviceReportAfter(eventSignature(event));
  }

  /** The model's `type` is the report of a failure the device is yet to give: let the reader's poll delay pass. */
  private deliverReport(type: string): boolean {
    if (this.pendingReport !== type) return false;
    this.pendingReport = null;
    this.clock.increment(NOTICE_MS);
    return true;
  }

  private async typePin(outcome: PinOutcome): Promise<void> {
    const { runtime, devices } = this.h;
    await this.waitFor(() => runtime.awaitingPin, () => 'the runtime never asked for the PIN');
    const right = devices.placed?.loaded.profile.pins.auth;
    if (!right) throw new Error('the card on the reader has no PIN');
    const tries = runtime.actor.getSnapshot().context.pinTriesLeft;
    const pin = outcome.outcome === 'verified' ? right : outcome.outcome === 'wrong' && outcome.triesLeft === tries ? MALFORMED_PIN : DISTINCTIVE_WRONG_PIN;
    if (pin === DISTINCTIVE_WRONG_PIN) this.pinTyped = true;
    runtime.enterPin(pin);
  }

  /**
   * The service stops answering while the query waits (its answer was held back when the query
   * started): the client gives up at its own deadline (real time, shortened for such a path to
   * SHORT_DEADLINES) and the runtime reports SERVICE_UNREACHABLE. Dropping the connection instead would first
   * take the health region to service.down, which is another edge.
   */
  private async serviceStopsAnswering(): Promise<void> {
    const { runtime } = this.h;
    const from = visitPath(runtime.actor.getSnapshot());
    await this.waitFor(() => visitPath(runtime.actor.getSnapshot()) !== from, () => 'the query did not give up', 10_000);
  }

  private storageFails(fail: boolean): void {
    const db = new Database(this.h.dbFile);
    try {
      db.exec(`DROP TRIGGER IF EXISTS ${STORAGE_TRIGGER}`);
      if (fail) db.exec(`CREATE TRIGGER ${STORAGE_TRIGGER} BEFORE UPDATE OF status ON visits WHEN NEW.status = 'closed' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    } finally {
      db.close();
    }
  }

  private checkScreens(model: KioskSnapshot): void {
    const view: KioskView = this.h.runtime.view();
    const step = visitPath(model);
    const c = model.context;
    const expect = (what: string, actual: unknown, wanted: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`${step}: the patient screen shows ${what} ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
    };
    expect('step', view.patient.step, step);
    if (step === 'showingResult') {
      if (!view.patient.result?.insurerName || typeof view.patient.result.copayPercent !== 'number') throw new Error(`showingResult without the insurer and copay: ${JSON.stringify(view.patient.result)}`);
    } else expect('result data', view.patient.result, null);
    expect('outage case', view.patient.outageCase, step.startsWith('outage') ? c.outageCase : null);
    if (step.startsWith('outage')) expect('staff outage number', view.staff.outage?.number, OUTAGE_CASE_NUMBER[c.outageCase!]);
    if (['enteringPin', 'pinWrong', 'pinBlocked'].includes(step)) expect('PIN tries', view.patient.pinTriesLeft, c.pinTriesLeft);
    if (['expiryNotice', 'graceNotice'].includes(step)) expect('certificate standing', view.patient.certificateStanding, c.certificateStanding);
    if (step === 'choosingMethod') {
      // The screen offers exactly the methods the statechart accepts.
      expect('face method', view.patient.methods?.face, model.can({ type: 'method.face' }));
      expect('visual method', view.patient.methods?.visual, model.can({ type: 'method.visual' }));
      expect('PIN method', view.patient.methods?.pin, (c.pinTriesLeft ?? 0) > 0);
    }
    if (step === 'standby') {
      const h = healthOf(model);
      expect('outage banner', view.patient.outageBanner, h.reader === 'fault' || h.service === 'down' || h.camera === 'fault');
    }
  }

  /** At the end: the visit record written matches what the statechart settled, and the PIN is nowhere. */
  private checkEnd(model: KioskSnapshot): void {
    void model;
    const persisted = this.persisted;
    if (persisted) {
      const record = this.h.runtime.visits.list().find((v) => v.endedAt !== null && v.outcome !== 'interrupted');
      if (!record) throw new Error('the visit was persisted but no closed record is in the store');
      // A re-check that has run since rewrites the claim (事後的な資格確認); the rest stays as settled.
      const rechecked = record.recheck !== null && record.recheck.status !== 'pending';
      const fields = ['identityMethod', 'outcome', 'outageCase', 'ownProof', 'copayPercent', 'consents', 'consentSkipped', 'lookupToleranceUsed', 'certificateStanding', ...(rechecked ? [] : (['claimRoute', 'claimInsurerNumber', 'pendingRecheck'] as const))] as const;
      for (const f of fields) {
        if (JSON.stringify(record[f]) !== JSON.stringify(persisted[f])) throw new Error(`visit record ${f} is ${JSON.stringify(record[f])}, the statechart settled ${JSON.stringify(persisted[f])}`);
      }
      if (record.outcome === 'completed' && record.claimRoute === null) throw new Error('a completed visit without a claim route');
      if (record.pendingRecheck !== (record.recheck?.status === 'pending')) throw new Error(`pending re-check ${record.pendingRecheck} but re-check row ${JSON.stringify(record.recheck)}`);
    }
    if (this.pinTyped) {
      const hex = Buffer.from(DISTINCTIVE_WRONG_PIN).toString('hex');
      const haystacks: Array<[string, string]> = [
        ['the APDU trace', JSON.stringify(this.trace)],
        ['the kiosk log', this.h.logs.join('\n')],
        ['the visit records', JSON.stringify(this.h.runtime.visits.list())],
        ...sqliteFiles(this.h.dbFile),
        ...sqliteFiles(this.service.dbFile),
      ];
      for (const [where, text] of haystacks) {
        const at = Math.max(pinFoundAt(text, DISTINCTIVE_WRONG_PIN), text.toLowerCase().indexOf(hex));
        if (at >= 0) throw new Error(`the PIN typed on the keypad was found outside the card, in ${where}: …${JSON.stringify(text.slice(Math.max(0, at - 80), at + 80))}…`);
      }
      if (!this.trace.some((e) => e.command.includes('<redacted'))) throw new Error('no VERIFY reached the card');
    }
  }

  private async waitFor(ok: () => boolean, what: () => string, timeoutMs = 6_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(what());
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async close(): Promise<void> {
    await this.h?.close();
    // An on-the-spot 利用登録 registered the E05 seed person: undone, so the next path's E05 card is unregistered again.
    const db = new Database(this.service.dbFile);
    try {
      db.prepare('DELETE FROM insurance_use_registrations').run();
    } finally {
      db.close();
    }
    await this.operator.setFaults({ down: false, failWith: null, delayMs: 0, dropBeforeReply: false });
  }
}


function sqliteFiles(dbFile: string): Array<[string, string]> {
  const dir = dirname(dbFile);
  const base = dbFile.split('/').pop()!;
  return readdirSync(dir)
    .filter((f) => f.startsWith(base))
    .map((f) => [join(dir, f), readFileSync(join(dir, f)).toString('latin1')]);
}
