import { createPhoneActors } from './createPhoneActors.ts';
import { PhoneSessionSlot } from './PhoneSession.ts';
import { createSmartphoneMachine } from '../machine/smartphone/createSmartphoneMachine.ts';
import { createActor, type Actor, type SimulatedClock } from 'xstate';
import type { CardReader } from '../../device/card/CardReader.ts';
import type { PanelButton, PanelIndicator } from '../../device/panel/StaffPanel.ts';
import { EligibilityClient, type EligibilityClientOptions } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
import type { MedicalInformation } from '../../protocol/eligibility/ServerMessage.ts';
import { jstDay } from '../../protocol/eligibility/OqsDateTime.ts';
import type { KioskDevices } from '../../device/kiosk/KioskDevices.ts';
import { createKioskMachine, type KioskMachine } from '../machine/createKioskMachine.ts';
import type { KioskEvent } from '../machine/KioskEvent.ts';
import type { KioskView, SensorStatus } from '../protocol/KioskScreen.ts';
import type { SettledCheckIn } from '../protocol/SettledCheckIn.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';
import { CardSessionSlot } from './CardSessionSlot.ts';
import { KioskClock } from './KioskClock.ts';
import { createRuntimeActors } from './createRuntimeActors.ts';
import { panelIndicatorFor } from './panelIndicatorFor.ts';
import { PinPad } from './PinPad.ts';
import { kioskView } from './projectScreens.ts';
import { runPendingRechecks } from './runPendingRechecks.ts';
import { RecheckScheduler } from './RecheckScheduler.ts';
import { ReaderRegistration } from './ReaderRegistration.ts';
import { SensorBoard } from './SensorBoard.ts';
import { VisitLedger } from './VisitLedger.ts';
import { VisitStore } from './VisitStore.ts';
import { KIOSK_TIMEOUTS } from '../machine/kioskTimeouts.ts';
import { StaffAppDesk } from './staffApp/StaffAppDesk.ts';
import { StaffAppEnrolment } from './staffApp/StaffAppEnrolment.ts';
import { dirname, join } from 'node:path';

export interface KioskRuntimeOptions {
  devices: KioskDevices;
  /** The eligibility service: connection options, or a client the caller owns. */
  service: EligibilityClientOptions | EligibilityClient;
  /** The kiosk's own SQLite file (WAL): visits and pending re-checks. */
  dbFile: string;
  /** A SimulatedClock in tests; the real clock otherwise. */
  clock?: SimulatedClock;
  now?: () => Date;
  contactPerson?: string;
  log?: (line: string) => void;
  /** The sensors as configured (the start-up report), for the staff view; their failures are added as they happen. */
  sensors?: SensorStatus[];
  /** Service call deadlines (defaults: 28 s per query, 15 s per lookup call); tests shorten them. */
  deadlines?: { queryMs: number; lookupMs: number };
  /** What the clinic does (kiosk configuration `clinic`): issuesElectronicPrescriptions asks 処方箋の発行形態 after consent (default off). */
  /** Where the マイナ資格確認アプリ's enrolment is kept (default: staff-app.json beside dbFile). Used only with devices.staffAppReader. */
  staffAppFile?: string;
  clinic?: { issuesElectronicPrescriptions?: boolean; /** asksMedicalSubsidy: the PMH question 「医療費助成の各種受給者証を利用しますか」 after consent (default off). */ asksMedicalSubsidy?: boolean };
}

const BUTTON_EVENTS: Record<PanelButton, KioskEvent | null> = {
  visualOk: { type: 'staff.approved' },
  visualNg: { type: 'staff.refused' },
  cancel: { type: 'cancel' },
  staffCallAcknowledged: null,
};

/**
 * The kiosk process: the statechart wired to devices, the eligibility service and the visit store.
 * Every visit is opened on disk when it starts and closed before the kiosk moves on; after a crash
 * the open ones are closed as interrupted, and pending re-checks run when the service is back.
 */
export class KioskRuntime {
  readonly actor: Actor<KioskMachine>;
  readonly visits: VisitStore;
  readonly client: EligibilityClient;
  private readonly pinPad = new PinPad();
  private readonly ownsClient: boolean;
  private readonly offs: Array<() => void> = [];
  private readonly listeners = new Set<(view: KioskView) => void>();
  private readonly checkInListeners = new Set<(checkIn: SettledCheckIn) => void>();
  private readonly ledger: VisitLedger;
  private readonly card = new CardSessionSlot();
  /** The phone of a smartphone visit: its certificate and the signature it made during the tap (never its PIN beyond the tap). */
  private readonly phone = new PhoneSessionSlot();
  private lastIndicator: PanelIndicator | undefined;
  /** Re-check runs, one at a time (the scheduler's and explicit ones share it). */
  private recheckQueue: Promise<unknown> = Promise.resolve();
  private readonly rechecks: RecheckScheduler;
  /** This kiosk's reader as the service registered it. */
  readonly registration: ReaderRegistration;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  /** The sensors panel of the staff view. */
  readonly sensors: SensorBoard;
  /** The statechart's waits: counted down on the screens, fast-forwarded from the control panel. */
  private readonly clock: KioskClock;
  private readonly visitEndedListeners = new Set<() => void>();
  /** The マイナ資格確認アプリ (a staff device with a reader of its own), when the devices have its reader. */
  readonly staffApp: StaffAppDesk | undefined;

  constructor(private readonly options: KioskRuntimeOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => undefined);
    this.visits = new VisitStore(options.dbFile);
    const interrupted = this.visits.closeInterrupted(this.now());
    if (interrupted) this.log(`closed ${interrupted} visit(s) interrupted by a crash or power loss`);
    this.ledger = new VisitLedger(this.visits, this.now);
    this.ledger.onClosed((visitId, draft, answer) => this.emitCheckIn('checkIn', visitId, draft, answer));
    this.ownsClient = !(options.service instanceof EligibilityClient);
    this.client = options.service instanceof EligibilityClient ? options.service : new EligibilityClient(options.service);
    this.registration = new ReaderRegistration(this.client, options.devices.readerIdentity, this.log);
    this.rechecks = new RecheckScheduler(
      () => this.queueRecheckRun(true),
      () => this.client.state === 'connected',
      () => this.visits.nextRecheckDue(),
      this.now,
    );
    this.offs.push(this.visits.onRecheckDue(() => this.rechecks.kick()));
    this.sensors = new SensorBoard(options.sensors ?? [], () => this.onSnapshot(), this.now);
    if (options.devices.camera) this.offs.push(...this.sensors.watchCamera(options.devices.camera));
    const scanner = options.devices.scanner ? this.sensors.watchScanner(options.devices.scanner) : undefined;
    const actors = createRuntimeActors({
      // The same devices, with the scanner's failures going on the board (a class instance keeps its own getters and methods).
      devices: scanner
        ? new Proxy(options.devices, {
            get: (target, key) => {
              if (key === 'scanner') return scanner;
              const value: unknown = Reflect.get(target, key, target);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          })
        : options.devices,
      client: this.client,
      pinPad: this.pinPad,
      now: this.now,
      ledger: this.ledger,
      card: this.card,
      contactPerson: options.contactPerson ?? 'kiosk staff',
      deadlines: options.deadlines,
      registration: this.registration,
      phone: this.phone,
    });
    if (options.devices.staffAppReader) {
      // The app's visits go into the same store through a ledger of their own (the face reader's may be open at the same time).
      const appLedger = new VisitLedger(this.visits, this.now);
      appLedger.onClosed((visitId, draft, answer) => this.emitCheckIn('checkIn', visitId, draft, answer));
      this.staffApp = new StaffAppDesk({
        reader: options.devices.staffAppReader,
        readerIdentity: options.devices.readerIdentity,
        client: this.client,
        registration: this.registration,
        enrolment: new StaffAppEnrolment(options.staffAppFile ?? join(dirname(options.dbFile), 'staff-app.json'), this.now),
        ledger: appLedger,
        queryMs: options.deadlines?.queryMs ?? KIOSK_TIMEOUTS.QUERY - 2000,
        log: this.log,
      });
    }
    const phoneActors = createPhoneActors({ devices: options.devices, client: this.client, pinPad: this.pinPad, now: this.now, phone: this.phone, registration: this.registration });
    const machine = createKioskMachine().provide({ actors: { ...actors, smartphoneCheckIn: createSmartphoneMachine().provide({ actors: phoneActors }) } });
    this.clock = new KioskClock(options.clock);
    this.actor = createActor(machine, { clock: this.clock });
    this.actor.on('visit.started', () => this.ledger.open());
    this.actor.on('visit.ended', () => {
      this.ledger.release();
      void this.card.release();
      this.phone.release();
      for (const listener of this.visitEndedListeners) listener();
    });
    this.actor.subscribe({ next: () => this.onSnapshot(), error: (e) => this.log(`statechart error: ${String(e)}`) });
  }

  /** Start the machine and wire every device; resolves once the first connection attempt to the service is over. */
  async start(): Promise<void> {
    this.actor.start();
    this.wireDevices();
    this.staffApp?.start();
    this.offs.push(
      this.client.onStateChange((state) => {
        if (state === 'connected') {
          this.send({ type: 'service.up' });
          // A new connection may be a new service: register the reader again (idempotent), before the first check-in needs it.
          this.registration.forget();
          this.registration.readerId().catch((error: unknown) => this.log(`reader registration failed: ${String(error)}`));
          this.rechecks.kick();
        } else if (state === 'reconnecting' || state === 'failed') this.send({ type: 'service.down' });
      }),
    );
    await this.client.connect().catch((error: unknown) => {
      this.log(`eligibility service not reachable at start: ${String(error)}`);
      this.send({ type: 'service.down' });
    });
  }

  private wireDevices(): void {
    const { devices } = this.options;
    // A re-attached reader is wired afresh: the previous wiring's listeners go first, or card events would arrive twice.
    let readerOffs: Array<() => void> = [];
    const wireReader = (reader: CardReader) => {
      for (const off of readerOffs) off();
      readerOffs = [
        reader.on('card.inserted', () => this.send({ type: 'card.inserted' })),
        reader.on('card.removed', () => this.send({ type: 'card.removed' })),
        reader.on('reader.detached', () => this.send({ type: 'reader.detached' })),
      ];
      if (reader.cardPresent) this.send({ type: 'card.inserted' });
    };
    this.offs.push(() => readerOffs.forEach((off) => off()));
    const present = devices.readers.readers().find((r) => r.name === devices.readerName);
    if (present) wireReader(present);
    else this.send({ type: 'reader.detached' });
    this.offs.push(
      devices.readers.on('reader.attached', (reader) => {
        if (reader.name !== devices.readerName) return;
        this.send({ type: 'reader.attached' });
        wireReader(reader);
      }),
      devices.panel.on('button.pressed', (button) => {
        const event = BUTTON_EVENTS[button];
        if (event) this.send(event);
      }),
      devices.panel.on('panel.detached', () => this.send({ type: 'panel.detached' })),
      devices.panel.on('panel.attached', () => this.send({ type: 'panel.attached' })),
    );
    if (!devices.panel.attached) this.send({ type: 'panel.detached' });
    // The smartphone reader (a second reader): its reports go to the smartphone branch.
    const { phoneReader } = devices;
    if (phoneReader) {
      let phoneOffs: Array<() => void> = [];
      const wirePhoneReader = (reader: CardReader) => {
        for (const off of phoneOffs) off();
        phoneOffs = [
          reader.on('card.inserted', () => this.send({ type: 'phone.presented' })),
          reader.on('card.removed', () => this.send({ type: 'phone.removed' })),
          reader.on('reader.detached', () => this.send({ type: 'phone.readerDetached' })),
        ];
      };
      this.offs.push(() => phoneOffs.forEach((off) => off()));
      const found = phoneReader.readers.readers().find((r) => r.name === phoneReader.name);
      if (found) wirePhoneReader(found);
      this.offs.push(phoneReader.readers.on('reader.attached', (reader) => reader.name === phoneReader.name && wirePhoneReader(reader)));
    }
    const { camera } = devices;
    if (camera) {
      this.offs.push(
        camera.on('camera.fault', () => this.send({ type: 'camera.fault' })),
        camera.on('camera.recovered', () => this.send({ type: 'camera.recovered' })),
      );
      // A camera configured but not there at start (no device yet): face matching is not offered, rather than failing a patient's visit.
      if (this.options.sensors?.find((s) => s.sensor === 'camera')?.ready === false) this.send({ type: 'camera.fault' });
    } else this.send({ type: 'camera.absent' });
    if (this.options.clinic?.issuesElectronicPrescriptions) this.send({ type: 'clinic.issuesElectronicPrescriptions' });
    if (this.options.clinic?.asksMedicalSubsidy) this.send({ type: 'clinic.asksMedicalSubsidy' });
  }

  /** The smartphone branch runs as a child actor: the screens follow its steps too. */
  private phoneBranch: { ref: unknown; unsubscribe: () => void } | undefined;

  private onSnapshot(): void {
    const snapshot = this.actor.getSnapshot();
    const branch = snapshot.children.smartphoneCheckIn;
    if (branch && this.phoneBranch?.ref !== branch) {
      this.phoneBranch?.unsubscribe();
      const sub = branch.subscribe({ next: () => this.onSnapshot(), error: () => undefined });
      this.phoneBranch = { ref: branch, unsubscribe: () => sub.unsubscribe() };
    }
    const indicator = panelIndicatorFor(snapshot);
    if (indicator !== this.lastIndicator) {
      this.lastIndicator = indicator;
      this.options.devices.panel.setIndicator(indicator).catch(() => undefined);
    }
    const view = this.view();
    for (const listener of this.listeners) listener(view);
  }

  send(event: KioskEvent): void {
    // The day's counter rules judge these: the day is the kiosk clock's, never the client's.
    if (event.type === 'staff.proofShown' || event.type === 'staff.insuranceEntered') event = { ...event, day: jstDay(this.now()) };
    this.actor.send(event);
  }

  /** From the keypad: the PIN goes to the waiting VERIFY and nowhere else. */
  enterPin(pin: string): boolean {
    return this.pinPad.enter(pin);
  }

  get awaitingPin(): boolean {
    return this.pinPad.awaitingPin;
  }

  /** The card's face photo, for 目視確認 on the staff view only, and only while staff compare it. */
  staffPhoto(): Uint8Array | undefined {
    return this.actor.getSnapshot().hasTag('showsCardPhoto') ? this.card.photo : undefined;
  }

  get currentVisitId(): string | null {
    return this.ledger.currentVisitId;
  }

  view(): KioskView {
    return kioskView(this.actor.getSnapshot(), this.ledger.currentVisitId, {
      sensors: this.sensors.list(),
      waits: { pending: this.clock.pending(), now: this.clock.now() },
      cardFace: this.card.cardFace,
      cardFaceByCamera: this.options.devices.scanner?.needsPatient ?? false,
      phoneReader: this.options.devices.phoneReader !== undefined,
    });
  }

  /** Let `ms` of the statechart's waits pass at once (the simulator's control panel); the screens hear of it. */
  fastForward(ms: number): void {
    this.clock.fastForward(ms);
    this.onSnapshot();
  }

  /** How long until the next of the statechart's waits runs out, or null when none is pending. */
  nextWaitMs(): number | null {
    const next = this.clock.pending()[0];
    return next ? Math.max(0, next.dueAt - this.clock.now()) : null;
  }

  /**
   * The 薬剤情報 / 特定健診情報 … the service hands out for a confirmation the patient consented to (staff view
   * only). The service decides: a confirmation without consent, in the grace period or with a suspected
   * wrong linkage is refused with its ServiceError.
   */
  readMedical(referenceNumber: string, item: MedicalItem): Promise<MedicalInformation> {
    return this.client.readMedicalInformation(referenceNumber, item);
  }

  /** Each time a visit is over and the kiosk is back in standby (the simulator drops what it queued for it). */
  onVisitEnded(listener: () => void): () => void {
    this.visitEndedListeners.add(listener);
    return () => this.visitEndedListeners.delete(listener);
  }

  onChange(listener: (view: KioskView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Every visit the service answered, once it is recorded, and every re-check once it settles: for the
   * 資格確認端末 to push to the clinic software. A listener's failure is logged and never stops the kiosk.
   */
  onCheckIn(listener: (checkIn: SettledCheckIn) => void): () => void {
    this.checkInListeners.add(listener);
    return () => this.checkInListeners.delete(listener);
  }

  private emitCheckIn(kind: SettledCheckIn['kind'], visitId: string, draft: VisitDraft, answer: SettledCheckIn['answer']): void {
    if (this.checkInListeners.size === 0) return;
    const checkIn: SettledCheckIn = {
      kind,
      visitId,
      startedAt: this.visits.get(visitId)?.startedAt ?? this.now().toISOString(),
      settledAt: this.now().toISOString(),
      identityMethod: draft.identityMethod,
      consents: draft.consents,
      consentSkipped: draft.consentSkipped,
      answer,
      outageCase: draft.outageCase,
      claimRoute: draft.claimRoute,
      claimInsurerNumber: draft.claimInsurerNumber,
      copayPercent: draft.copayPercent,
    };
    for (const listener of this.checkInListeners) {
      try {
        listener(checkIn);
      } catch (error) {
        this.log(`a check-in listener failed for visit ${visitId}: ${String(error)}`);
      }
    }
  }

  /**
   * 事後的な資格確認, now: every pending re-check, postponed or not (a scenario's or a test's explicit run).
   * The kiosk itself runs them when they are due (RecheckScheduler). Resolves with how many were settled.
   */
  runRechecks(): Promise<number> {
    return this.queueRecheckRun(false);
  }

  private queueRecheckRun(dueOnly: boolean): Promise<number> {
    const run = this.recheckQueue.then(() =>
      runPendingRechecks(this.visits, this.client, this.now, this.log, {
        dueOnly,
        onSettled: (visitId, lookup) => {
          const visit = this.visits.get(visitId);
          if (visit) this.emitCheckIn('recheck', visitId, visit, { kind: 'outage.lookup', lookup });
        },
      }),
    );
    this.recheckQueue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.rechecks.stop();
    await this.recheckQueue;
    for (const off of this.offs.splice(0)) off();
    await this.staffApp?.close();
    this.actor.stop();
    await this.card.release();
    if (this.ownsClient) await this.client.close();
    this.visits.close();
  }
}

