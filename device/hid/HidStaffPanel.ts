import { sleep as realSleep } from '../../foundation/sleep.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { SerialQueue } from '../card/SerialQueue.ts';
import { ButtonTracker } from '../panel/ButtonTracker.ts';
import { PanelError, type PanelErrorCode } from '../panel/PanelError.ts';
import type { PanelIndicator, StaffPanel, StaffPanelEvents } from '../panel/StaffPanel.ts';
import { findPanelDevice } from './findPanelDevice.ts';
import { loadNodeHid, type HidBinding, type HidConnection } from './loadNodeHid.ts';
import type { PanelDecoder } from './PanelDecoder.ts';
import { loadPanelMapping, type PanelMapping } from './PanelMapping.ts';

export interface HidStaffPanelOptions {
  /** Default: node-hid, loaded lazily (NATIVE_UNAVAILABLE when it is missing). */
  binding?: HidBinding;
  /** Off-the-shelf devices; default: device/hid/panel-mapping.json. */
  mapping?: PanelMapping;
  /** Use only this hidraw node. */
  path?: string;
  /** A button held this long is reported as BUTTON_STUCK. Default 10 s: staff press, they do not lean. */
  stuckAfterMs?: number;
  /**
   * Re-enumeration after a detach (or while no panel was ever found): the first wait, doubled on
   * each miss up to the cap. Defaults 250 ms and 5 s: a re-plugged panel is back within about a
   * second, and an absent one costs one enumeration every 5 s.
   */
  reattach?: { firstDelayMs?: number; maxDelayMs?: number };
  /** How waits happen; resolves early (or rejects) on abort. A simulated clock passes its own. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Open the staff panel over HID. Resolves after the first look at the HID devices, attached or
 * not: a missing panel is a state the kiosk shows ("no 目視確認 until the panel is back"), not a
 * failure. Rejects only with NATIVE_UNAVAILABLE or MAPPING_INVALID.
 */
export async function openHidStaffPanel(options: HidStaffPanelOptions = {}): Promise<HidStaffPanel> {
  const panel = new HidStaffPanel(options.binding ?? loadNodeHid(), options.mapping ?? loadPanelMapping(), options);
  await panel.start();
  return panel;
}

/**
 * The staff panel on node-hid. node-hid has no hot-plug events and shows an unplug only as a read
 * error, so: a read error means detached; then enumerate again with a growing delay (never in a
 * tight loop) until a panel is back, re-show the last indicator state and say 'panel.attached'.
 */
export class HidStaffPanel implements StaffPanel {
  private readonly events = new EventHub<StaffPanelEvents>();
  private readonly writes = new SerialQueue();
  private readonly tracker: ButtonTracker;
  private readonly stopped = new AbortController();
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private connection: HidConnection | undefined;
  private decoder: PanelDecoder | undefined;
  private deviceName: string | undefined;
  private state: PanelIndicator | undefined;
  private searching: Promise<void> | undefined;
  /** What listeners were last told, so attached/detached strictly alternate even when a panel vanishes while being opened. */
  private announced = false;
  /** The last problem reported while looking for the panel, so a retry loop does not repeat it every few seconds. */
  private reportedProblem: PanelErrorCode | undefined;

  constructor(
    private readonly binding: HidBinding,
    private readonly mapping: PanelMapping,
    private readonly options: HidStaffPanelOptions = {},
  ) {
    this.sleep = options.sleep ?? realSleep;
    this.firstDelayMs = options.reattach?.firstDelayMs ?? 250;
    this.maxDelayMs = options.reattach?.maxDelayMs ?? 5000;
    this.tracker = new ButtonTracker({
      stuckAfterMs: options.stuckAfterMs ?? 10_000,
      sleep: this.sleep,
      onPressed: (button) => this.events.emit('button.pressed', button),
      onStuck: (button) =>
        this.events.emit('error', new PanelError('BUTTON_STUCK', `The ${button} button of ${this.name} has been held down for a long time: is it jammed, or is something resting on it?`)),
    });
  }

  get name(): string {
    return this.deviceName ?? 'HID staff panel';
  }

  get attached(): boolean {
    return this.connection !== undefined;
  }

  get hasIndicator(): boolean {
    return this.decoder?.hasIndicator ?? false;
  }

  get indicator(): PanelIndicator | undefined {
    return this.state;
  }

  on<E extends keyof StaffPanelEvents>(event: E, listener: StaffPanelEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** First look; then keep looking in the background if nothing was found. No event: the caller reads `attached`. */
  async start(): Promise<void> {
    this.announced = await this.tryAttach();
    if (!this.announced) this.search();
  }

  async setIndicator(state: PanelIndicator): Promise<void> {
    if (this.stopped.signal.aborted) throw new PanelError('CLOSED', 'The staff panel was closed.');
    this.state = state;
    const connection = this.connection;
    if (!connection || !this.decoder) throw new PanelError('PANEL_DETACHED', `The staff panel is not connected; "${state}" will show once it is back.`);
    await this.show(connection, this.decoder, state);
  }

  async close(): Promise<void> {
    if (this.stopped.signal.aborted) return;
    this.stopped.abort();
    this.tracker.reset();
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close().catch(() => undefined);
    await this.searching;
  }

  private async show(connection: HidConnection, decoder: PanelDecoder, state: PanelIndicator): Promise<void> {
    const report = decoder.indicatorReport(state);
    if (!report) return;
    try {
      await this.writes.run(() => connection.write(report));
    } catch (cause) {
      throw new PanelError('WRITE_FAILED', `The staff panel did not take the indicator state "${state}": ${(cause as Error)?.message ?? cause}`, { cause });
    }
  }

  private async tryAttach(): Promise<boolean> {
    let devices;
    try {
      devices = await this.binding.devices();
    } catch (cause) {
      this.report('ENUMERATION_FAILED', `Listing HID devices failed: ${(cause as Error)?.message ?? cause}`, cause);
      return false;
    }
    const found = findPanelDevice(devices, this.mapping, this.options.path);
    if (!found || this.stopped.signal.aborted) return false;
    let connection: HidConnection;
    try {
      connection = await this.binding.open(found.path);
    } catch (cause) {
      this.report('OPEN_FAILED', `The staff panel at ${found.path} could not be opened (permissions on the hidraw node?): ${(cause as Error)?.message ?? cause}`, cause);
      return false;
    }
    if (this.stopped.signal.aborted) {
      await connection.close().catch(() => undefined);
      return false;
    }
    this.connection = connection;
    this.decoder = found.decoder;
    this.deviceName = found.info.product || found.decoder.name;
    this.reportedProblem = undefined;
    connection.onData((report) => this.onReport(connection, report));
    connection.onError(() => this.onLost(connection));
    // A panel that was re-plugged shows nothing: give it back the state the kiosk last asked for.
    // A failure here is the panel going away again, which its read error reports.
    if (this.state) await this.show(connection, found.decoder, this.state).catch(() => undefined);
    return this.connection === connection;
  }

  private onReport(connection: HidConnection, report: Uint8Array): void {
    if (connection !== this.connection || !this.decoder) return;
    const down = this.decoder.buttonsDown(report);
    if (down) this.tracker.update(down);
  }

  /** node-hid's only sign of an unplug is a read error (node-hid#520), so any read error counts as one. */
  private onLost(connection: HidConnection): void {
    if (connection !== this.connection) return; // a late error from a connection already given up
    this.connection = undefined;
    this.tracker.reset();
    void connection.close().catch(() => undefined);
    if (this.announced) {
      this.announced = false;
      this.events.emit('panel.detached');
    }
    this.search();
  }

  private search(): void {
    if (this.searching || this.stopped.signal.aborted) return;
    const searching = (async () => {
      let delay = this.firstDelayMs;
      while (!this.stopped.signal.aborted) {
        await this.sleep(delay, this.stopped.signal);
        if (this.stopped.signal.aborted) return;
        if (await this.tryAttach()) break;
        delay = Math.min(delay * 2, this.maxDelayMs);
      }
    })().finally(() => {
      if (this.searching === searching) this.searching = undefined;
      if (this.stopped.signal.aborted) return;
      // Lost again before it could be announced: the detach found this loop still running, so look again.
      if (!this.connection) return this.search();
      // Announced only once the loop is over, so that a detach from here on starts a fresh search.
      if (!this.announced) {
        this.announced = true;
        this.events.emit('panel.attached');
      }
    });
    this.searching = searching;
  }

  private report(code: PanelErrorCode, message: string, cause: unknown): void {
    if (this.reportedProblem === code) return;
    this.reportedProblem = code;
    this.events.emit('error', new PanelError(code, message, { cause }));
  }
}
