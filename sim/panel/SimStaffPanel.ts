import { sleep as realSleep } from '../../foundation/sleep.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { ButtonTracker } from '../../device/panel/ButtonTracker.ts';
import { PanelError } from '../../device/panel/PanelError.ts';
import type { PanelButton, PanelIndicator, StaffPanel, StaffPanelEvents } from '../../device/panel/StaffPanel.ts';
import { ScopedFaults, type ScopedFault } from '../fault/ScopedFaults.ts';
import { PanelFaultSpecSchema, type PanelFaultKind, type PanelFaultSpec, type PanelFaultSpecInput } from './PanelFaultSpec.ts';

export interface SimStaffPanelOptions {
  name?: string;
  /** False imitates a foot switch without lights. */
  hasIndicator?: boolean;
  /** Same default as the HID adapter. */
  stuckAfterMs?: number;
  now?: () => number;
  /** How waits happen (stuck detection, duration faults); a simulated clock passes its own. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * An in-process staff panel: the simulated peer of device/hid's HidStaffPanel. Button edges and
 * stuck detection go through the same ButtonTracker, so both report the same events for the same
 * button history. The levers (pressButton, detach, injectFault, …) exist only on this class.
 */
export class SimStaffPanel implements StaffPanel {
  readonly name: string;
  readonly hasIndicator: boolean;
  readonly faults: ScopedFaults<PanelFaultSpec>;
  private readonly events = new EventHub<StaffPanelEvents>();
  private readonly shownListeners = new Set<(shown: PanelIndicator | undefined) => void>();
  private readonly tracker: ButtonTracker;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly stopped = new AbortController();
  /** The cable, as the detach/reattach levers leave it; a panelDetached fault unplugs it too. */
  private pluggedIn = true;
  private attachedState = true;
  private state: PanelIndicator | undefined;

  constructor(options: SimStaffPanelOptions = {}) {
    this.name = options.name ?? 'simulated staff panel';
    this.hasIndicator = options.hasIndicator ?? true;
    this.sleep = options.sleep ?? realSleep;
    this.faults = new ScopedFaults(options.now ?? Date.now);
    this.tracker = new ButtonTracker({
      stuckAfterMs: options.stuckAfterMs ?? 10_000,
      sleep: this.sleep,
      onPressed: (button) => this.events.emit('button.pressed', button),
      onStuck: (button) => this.events.emit('error', new PanelError('BUTTON_STUCK', `The ${button} button of ${this.name} has been held down for a long time.`)),
    });
  }

  get attached(): boolean {
    return this.attachedState;
  }

  get indicator(): PanelIndicator | undefined {
    return this.state;
  }

  /** What the panel's lights show now: nothing while unplugged, without lights, or before the kiosk set a state. */
  get shown(): PanelIndicator | undefined {
    return this.attachedState && this.hasIndicator ? this.state : undefined;
  }

  on<E extends keyof StaffPanelEvents>(event: E, listener: StaffPanelEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** For the control panel: called whenever `shown` may have changed. */
  onShown(listener: (shown: PanelIndicator | undefined) => void): () => void {
    this.shownListeners.add(listener);
    return () => this.shownListeners.delete(listener);
  }

  async setIndicator(state: PanelIndicator): Promise<void> {
    if (this.stopped.signal.aborted) throw new PanelError('CLOSED', 'The staff panel was closed.');
    this.state = state;
    await Promise.resolve(); // a write is asynchronous on a real panel too
    if (!this.attachedState) {
      this.consumeOne('panelDetached');
      throw new PanelError('PANEL_DETACHED', `The staff panel is not connected; "${state}" will show once it is back.`);
    }
    this.notifyShown();
  }

  async close(): Promise<void> {
    this.stopped.abort();
    this.tracker.reset();
  }

  /** Press and release a button. Lost while unplugged, or when that button is stuck. */
  pressButton(button: PanelButton): void {
    if (this.stopped.signal.aborted) return;
    if (!this.attachedState) return this.consumeOne('panelDetached');
    const stuck = this.faults.active().find((f) => f.spec.kind === 'buttonStuck' && f.spec.button === button);
    if (stuck) {
      this.faults.consume(stuck);
      return this.sync();
    }
    const held = this.stuckButtons();
    this.tracker.update(new Set([...held, button]));
    this.tracker.update(held);
  }

  /** Pull the cable. */
  detach(): void {
    this.pluggedIn = false;
    this.sync();
  }

  /** Plug the cable back in (a panelDetached fault still keeps it away). */
  reattach(): void {
    this.pluggedIn = true;
    this.sync();
  }

  injectFault(input: PanelFaultSpecInput): ScopedFault<PanelFaultSpec> {
    const fault = this.faults.add(PanelFaultSpecSchema.parse(input));
    if (fault.spec.scope.kind === 'duration') void this.sleep(fault.spec.scope.ms, this.stopped.signal).then(() => this.sync());
    this.sync();
    return fault;
  }

  /** Clear every fault, or those of one kind, or one by id. */
  clearFaults(which?: PanelFaultKind | number): void {
    this.faults.clear(which);
    this.sync();
  }

  private consumeOne(kind: PanelFaultKind): void {
    const fault = this.faults.active().find((f) => f.spec.kind === kind);
    if (fault) this.faults.consume(fault);
    this.sync();
  }

  private stuckButtons(): Set<PanelButton> {
    return new Set(this.faults.active().flatMap((f) => (f.spec.kind === 'buttonStuck' ? [f.spec.button] : [])));
  }

  /** Bring the announced state in line with the cable, the faults and the stuck buttons. */
  private sync(): void {
    if (this.stopped.signal.aborted) return;
    const attached = this.pluggedIn && !this.faults.isActive('panelDetached');
    if (attached !== this.attachedState) {
      this.attachedState = attached;
      if (!attached) this.tracker.reset();
      this.events.emit(attached ? 'panel.attached' : 'panel.detached');
      this.notifyShown();
    }
    if (attached) this.tracker.update(this.stuckButtons());
  }

  private notifyShown(): void {
    for (const listener of this.shownListeners) listener(this.shown);
  }
}
