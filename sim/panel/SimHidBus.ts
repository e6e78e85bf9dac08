import type { HidBinding, HidConnection, HidDeviceInfo } from '../../device/hid/loadNodeHid.ts';
import { CodedError } from '../../foundation/CodedError.ts';

/** What the simulated HID bus throws where node-hid throws a plain Error (the messages are node-hid's). */
export class SimHidError extends CodedError<'NO_DEVICE' | 'CLOSED' | 'READ_FAILED' | 'OPEN_FAILED' | 'ENUMERATION_FAILED' | 'WRITE_FAILED'> {
  override readonly name = 'SimHidError';
}

/** A device on the simulated bus, as a test holds it. */
export interface SimHidDevice {
  readonly info: HidDeviceInfo & { path: string };
  /** Output reports the host wrote, report ID first. */
  readonly written: Uint8Array[];
  /** One input report to every open connection (dropped when nobody has the device open, as hidraw does). */
  sendInput(report: Uint8Array): void;
  /** Pull the plug: open connections get a read error, the device leaves the enumeration. */
  unplug(): void;
}

/**
 * An in-process HID bus behind the same HidBinding as node-hid, so the real panel adapter's
 * detach, backoff and re-attach logic runs on a machine with no HID devices at all. The levers
 * (plug, failNextOpen, failWrites, enumerations) exist only here.
 */
export class SimHidBus implements HidBinding {
  /** How many times the adapter enumerated: the test of "never poll in a tight loop". */
  enumerations = 0;
  private readonly devicesByPath = new Map<string, { device: SimHidDevice; connections: Set<SimConnection> }>();
  private nextNode = 0;
  private openFailures: Error[] = [];
  private enumerationFailures: Error[] = [];
  private writeFailure: Error | undefined;

  plug(info: Omit<HidDeviceInfo, 'path'>): SimHidDevice {
    const path = `/dev/hidraw${this.nextNode++}`;
    const connections = new Set<SimConnection>();
    const device: SimHidDevice = {
      info: { ...info, path },
      written: [],
      sendInput: (report) => {
        for (const c of connections) c.deliver(report);
      },
      unplug: () => {
        this.devicesByPath.delete(path);
        for (const c of connections) c.fail(new SimHidError('READ_FAILED', 'could not read from HID device'));
        connections.clear();
      },
    };
    this.devicesByPath.set(path, { device, connections });
    return device;
  }

  /** The next open() fails with `error` (e.g. EACCES on the hidraw node). */
  failNextOpen(error: Error = new SimHidError('OPEN_FAILED', 'cannot open device: Permission denied')): void {
    this.openFailures.push(error);
  }

  /** The next enumeration fails with `error`. */
  failNextEnumeration(error: Error = new SimHidError('ENUMERATION_FAILED', 'udev enumeration failed')): void {
    this.enumerationFailures.push(error);
  }

  /** Every write fails with `error` until called with undefined. */
  failWrites(error: Error | undefined = new SimHidError('WRITE_FAILED', 'could not write to HID device')): void {
    this.writeFailure = error;
  }

  async devices(): Promise<HidDeviceInfo[]> {
    this.enumerations += 1;
    await Promise.resolve();
    const failure = this.enumerationFailures.shift();
    if (failure) throw failure;
    return [...this.devicesByPath.values()].map(({ device }) => ({ ...device.info }));
  }

  async open(path: string): Promise<HidConnection> {
    await Promise.resolve();
    const failure = this.openFailures.shift();
    if (failure) throw failure;
    const entry = this.devicesByPath.get(path);
    if (!entry) throw new SimHidError('NO_DEVICE', `cannot open device with path ${path}`);
    const connection = new SimConnection(entry.device, () => this.writeFailure, () => entry.connections.delete(connection));
    entry.connections.add(connection);
    return connection;
  }
}

class SimConnection implements HidConnection {
  private readonly dataListeners: ((report: Uint8Array) => void)[] = [];
  private readonly errorListeners: ((error: unknown) => void)[] = [];
  private closed = false;

  constructor(
    private readonly device: SimHidDevice,
    private readonly writeFailure: () => Error | undefined,
    private readonly forget: () => void,
  ) {}

  onData(listener: (report: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onError(listener: (error: unknown) => void): void {
    this.errorListeners.push(listener);
  }

  async write(report: Uint8Array): Promise<void> {
    await Promise.resolve();
    if (this.closed) throw new SimHidError('CLOSED', 'Unable to write to a closed HID device');
    const failure = this.writeFailure();
    if (failure) throw failure;
    this.device.written.push(Uint8Array.from(report));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.forget();
  }

  deliver(report: Uint8Array): void {
    if (!this.closed) for (const l of this.dataListeners) l(Uint8Array.from(report));
  }

  fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.errorListeners) l(error);
  }
}
