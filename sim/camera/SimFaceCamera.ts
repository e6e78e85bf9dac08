import { sleep as realSleep } from '../../foundation/sleep.ts';
import { CameraError } from '../../device/camera/CameraError.ts';
import type { FaceCamera, FaceCameraEvents, FaceMatchRequest, FaceMatchResult } from '../../device/camera/FaceCamera.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { ScopedFaults, type ScopedFault } from '../fault/ScopedFaults.ts';
import { seededRandom } from '../../foundation/seededRandom.ts';
import { CameraFaultSpecSchema, type CameraFaultKind, type CameraFaultSpec, type CameraFaultSpecInput } from './CameraFaultSpec.ts';
import { checkAttempt, FaceCameraModelSchema, planAttempt, SimFaceAttemptSchema, type FaceCameraModel, type FaceCameraModelInput, type PlannedAttempt, type SimFaceAttempt, type SimFaceAttemptInput } from './FaceCameraModel.ts';
import type { FaceScenario } from './FaceScenario.ts';

/** Where an attempt's outcome came from (the control panel logs each one used). */
export type AttemptSource = 'fault' | 'queue' | 'scenario' | 'model';
export interface AttemptUsed {
  outcome: PlannedAttempt['outcome'];
  source: AttemptSource;
}

export interface SimFaceCameraOptions {
  name?: string;
  model?: FaceCameraModelInput;
  scenario?: FaceScenario;
  now?: () => number;
  /** How capture time passes; resolves early (or rejects) on abort. A simulated clock passes its own. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The simulated face camera, peer of a vendor face module. Each attempt's outcome comes from, in
 * order: an active fault, the queue (queueAttempts), the scenario (useScenario), else the seeded
 * camera model. The levers live on this class only, never on FaceCamera.
 */
export class SimFaceCamera implements FaceCamera {
  readonly name: string;
  readonly faults: ScopedFaults<CameraFaultSpec>;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private model: FaceCameraModel;
  private random: () => number;
  private queue: SimFaceAttempt[] = [];
  private scenario: FaceScenario | undefined;
  private scenarioStep = 0;
  private busy = false;
  private faulted = false;
  private readonly health = new EventHub<FaceCameraEvents>();
  private readonly used = new EventHub<{ attempt: (attempt: AttemptUsed) => void }>();
  private attemptCount = 0;
  private scenarioName: string | null = null;

  constructor(options: SimFaceCameraOptions = {}) {
    this.name = options.name ?? 'simulated face camera';
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.faults = new ScopedFaults(this.now);
    this.model = FaceCameraModelSchema.parse(options.model ?? {});
    this.random = seededRandom(this.model.seed);
    if (options.scenario) this.useScenario(options.scenario);
  }

  /** How many attempts were made (for the control panel and tests). */
  get attempts(): number {
    return this.attemptCount;
  }

  /** The next attempts' outcomes, before any scenario or the model. */
  queueAttempts(...attempts: SimFaceAttemptInput[]): void {
    const parsed = attempts.map((a) => SimFaceAttemptSchema.parse(a));
    for (const attempt of parsed) checkAttempt(attempt, this.model.threshold);
    this.queue.push(...parsed);
  }

  /** The outcomes queued and not yet used, in order. */
  queued(): SimFaceAttempt[] {
    return [...this.queue];
  }

  /** Drop every queued outcome (the control panel's "clear", or the end of the visit they were meant for). */
  clearQueue(): void {
    this.queue = [];
  }

  /** Each attempt as it is planned: its outcome and where that came from. */
  onAttempt(listener: (attempt: AttemptUsed) => void): () => void {
    return this.used.on('attempt', listener);
  }

  /** Play a scenario from its first attempt; undefined returns to the model. `name` is what the control panel shows. */
  useScenario(scenario: FaceScenario | undefined, name?: string): void {
    for (const attempt of scenario?.attempts ?? []) checkAttempt(attempt, this.model.threshold);
    this.scenario = scenario;
    this.scenarioStep = 0;
    this.scenarioName = scenario ? (name ?? scenario.description) : null;
  }

  /** The scenario playing, by name, or null when attempts come from the model. */
  get playing(): string | null {
    return this.scenarioName;
  }

  /** Replace the model; its seed restarts the random sequence. */
  useModel(model: FaceCameraModelInput): void {
    this.model = FaceCameraModelSchema.parse(model);
    this.random = seededRandom(this.model.seed);
  }

  on<E extends keyof FaceCameraEvents>(event: E, listener: FaceCameraEvents[E]): () => void {
    return this.health.on(event, listener);
  }

  /** A lasting camera fault (until cleared, or for a duration) is reported at once; a transient one when an attempt hits it. */
  injectFault(input: CameraFaultSpecInput): ScopedFault<CameraFaultSpec> {
    const fault = this.faults.add(CameraFaultSpecSchema.parse(input));
    if (fault.spec.kind === 'cameraFault' && (fault.spec.scope.kind === 'untilCleared' || fault.spec.scope.kind === 'duration')) this.reportFault();
    return fault;
  }

  /** Clear every fault, or those of one kind, or one by id; the camera reports itself recovered. */
  clearFaults(which?: CameraFaultKind | number): void {
    this.faults.clear(which);
    if (!this.faults.isActive('cameraFault')) this.reportRecovered();
  }

  private reportFault(): void {
    if (this.faulted) return;
    this.faulted = true;
    this.health.emit('camera.fault', new CameraError('CAMERA_FAULT', `${this.name} reports a fault.`));
  }

  private reportRecovered(): void {
    if (!this.faulted) return;
    this.faulted = false;
    this.health.emit('camera.recovered');
  }

  async matchFace(request: FaceMatchRequest): Promise<FaceMatchResult> {
    if (!(request.deadlineMs > 0)) throw new RangeError(`deadlineMs must be positive, got ${request.deadlineMs}`);
    if (this.busy) throw new CameraError('BUSY', `${this.name} is already capturing.`);
    if (request.cardPhoto.length === 0) throw new CameraError('INVALID_PHOTO', 'The card photo is empty: read the 券面事項確認AP first.');
    this.busy = true;
    this.attemptCount += 1;
    const started = this.now();
    try {
      const plan = this.planNext();
      await this.sleep(Math.min(plan.captureMs, request.deadlineMs), request.signal);
      if (request.signal?.aborted) throw new CameraError('ABORTED', 'The face capture was cancelled.');
      if (plan.captureMs > request.deadlineMs) throw new CameraError('TIMEOUT', `${this.name} gave no answer within ${request.deadlineMs} ms.`);
      const elapsedMs = this.now() - started;
      switch (plan.outcome) {
        case 'cameraFault':
          // The failed attempt answers first; the health report follows it.
          setTimeout(() => this.reportFault(), 0);
          throw new CameraError('CAMERA_FAULT', `${this.name} failed: the camera module does not respond.`);
        case 'noFace':
          this.reportRecovered();
          return { outcome: 'noFace', elapsedMs };
        case 'match':
        case 'noMatch':
          this.reportRecovered();
          return { outcome: plan.outcome, score: plan.score!, threshold: this.model.threshold, elapsedMs };
      }
    } finally {
      this.busy = false;
    }
  }

  private planNext(): PlannedAttempt {
    const active = this.faults.active();
    const fault = active.find((f) => f.spec.kind === 'cameraFault');
    const slow = active.find((f) => f.spec.kind === 'slowCapture');
    for (const f of [fault, slow]) if (f) this.faults.consume(f);
    const chosen = fault ? { attempt: undefined, source: 'fault' as const } : this.nextChosen();
    const plan = fault ? planAttempt(this.model, this.random, { outcome: 'cameraFault' }) : planAttempt(this.model, this.random, chosen.attempt);
    this.used.emit('attempt', { outcome: plan.outcome, source: chosen.source });
    return slow ? { ...plan, captureMs: Math.max(plan.captureMs, slow.spec.captureMs) } : plan;
  }

  private nextChosen(): { attempt: SimFaceAttempt | undefined; source: AttemptSource } {
    const queued = this.queue.shift();
    if (queued) return { attempt: queued, source: 'queue' };
    const scenario = this.scenario;
    if (!scenario) return { attempt: undefined, source: 'model' };
    const { attempts, afterLast } = scenario;
    const step = this.scenarioStep++;
    const fromScenario = (attempt: SimFaceAttempt | undefined) => ({ attempt, source: attempt ? ('scenario' as const) : ('model' as const) });
    if (step < attempts.length) return fromScenario(attempts[step]);
    if (afterLast === 'repeatLast') return fromScenario(attempts[attempts.length - 1]);
    if (afterLast === 'cycle') return fromScenario(attempts[step % attempts.length]);
    return fromScenario(undefined);
  }
}
