import { createRequire } from 'node:module';
import { PanelError } from '../panel/PanelError.ts';

/** One entry of the HID enumeration (node-hid's Device, the fields we use). */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  serialNumber?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open HID device. node-hid reports an unplug only as a read error (node-hid#520). */
export interface HidConnection {
  /** Input reports as the OS delivers them: report ID first when the device numbers its reports. */
  onData(listener: (report: Uint8Array) => void): void;
  onError(listener: (error: unknown) => void): void;
  /** One output report, report ID first (0 when the device numbers none). */
  write(report: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * The part of node-hid the panel adapter uses. node-hid itself is one implementation; sim/panel's
 * SimHidBus is the other, so detach and re-attach can be tested on a machine without HID devices.
 */
export interface HidBinding {
  /** Enumerate. Costly (node-hid README: it can disturb USB audio), so callers must not poll it in a tight loop. */
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidConnection>;
}

/** The subset of node-hid 3.x we call (types: node_modules/node-hid/nodehid.d.ts). */
interface NodeHid {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<NodeHidAsync> };
}
interface NodeHidAsync {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

let binding: HidBinding | undefined;

/**
 * Load node-hid lazily: it is an optional dependency, and the simulator must run where its
 * prebuilt binary does not load. A clear NATIVE_UNAVAILABLE says what to install when a real panel is asked for.
 */
export function loadNodeHid(): HidBinding {
  if (binding) return binding;
  let hid: NodeHid;
  try {
    hid = createRequire(import.meta.url)('node-hid') as NodeHid;
  } catch (cause) {
    throw new PanelError(
      'NATIVE_UNAVAILABLE',
      'A real staff panel needs the native module "node-hid", which is not installed here. Its prebuilt binary needs libusb and libudev: ' +
        '`apt-get install -y libusb-1.0-0 libudev1 && npm install`. The simulated panel (--panel sim) works without it.',
      { cause },
    );
  }
  binding = {
    async devices() {
      return hid.devicesAsync();
    },
    async open(path) {
      const device = await hid.HIDAsync.open(path);
      return {
        // A 'data' listener starts node-hid's own read thread; no thread-pool slot is held per read.
        onData: (listener) => void device.on('data', (data) => listener(new Uint8Array(data))),
        onError: (listener) => void device.on('error', listener),
        write: async (report) => void (await device.write(Buffer.from(report))),
        close: () => device.close(),
      };
    },
  };
  return binding;
}
