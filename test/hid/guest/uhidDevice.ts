// A virtual HID device through Linux's /dev/uhid, for the guest of runInGuest.sh (the host kernel
// has no uhid). Written from the reference rig's uhid-device.mjs; the struct layout
// (include/uapi/linux/uhid.h) is all in the offsets below:
//   struct uhid_event { u32 type; union { ... } }   4376 bytes; one read() = one event, one write() = one event
//   CREATE2 (11)  4 name[128]  132 phys[64]  196 uniq[64]  260 u16 rd_size  262 u16 bus  264 u32 vendor
//                 268 u32 product  272 u32 version  276 u32 country  280 rd_data[4096]
//   START (2), STOP (3), OPEN (4), CLOSE (5): kernel -> us, nothing to answer
//   OUTPUT (6)    4 data[4096]  4100 u16 size  4102 u8 rtype        (a hidraw write: report ID first)
//   INPUT2 (12)   4 u16 size  6 data[4096]                           (what a hidraw read returns)
//   GET_REPORT (9) / SET_REPORT (13): 4 u32 id; answered at once with EIO (our format has no feature
//                 reports; an unanswered one would block its caller in the kernel for 5 s)
//   GET_REPORT_REPLY (10) / SET_REPORT_REPLY (14): 4 u32 id  8 u16 err
//   DESTROY (1): unplug
import fs from 'node:fs';

const EVENT_SIZE = 4376;
const EIO = 5;
const BUS_USB = 0x03;
const Type = { DESTROY: 1, START: 2, OUTPUT: 6, GET_REPORT: 9, GET_REPORT_REPLY: 10, CREATE2: 11, INPUT2: 12, SET_REPORT: 13, SET_REPORT_REPLY: 14 } as const;

export interface UhidDeviceOptions {
  name: string;
  vendorId: number;
  productId: number;
  reportDescriptor: Uint8Array;
  serialNumber?: string;
  /** A report the host wrote (hidraw write), report ID first. */
  onOutput?: (report: Uint8Array) => void;
}

export interface UhidDevice {
  /** One input report, exactly as hidraw's read() will return it. Sent before the host opened the node, it is dropped. */
  sendInput(report: Uint8Array): void;
  /** true while a process has the hidraw node open. */
  readonly opened: boolean;
  /** Unplug. Idempotent. */
  destroy(): void;
}

/** Create the device and resolve once the kernel has bound a driver to it (UHID_START): /dev/hidrawN exists then. */
export async function createUhidDevice(options: UhidDeviceOptions): Promise<UhidDevice> {
  const fd = fs.openSync('/dev/uhid', fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
  const newEvent = (type: number) => {
    const ev = Buffer.alloc(EVENT_SIZE);
    ev.writeUInt32LE(type, 0);
    return ev;
  };
  const write = (ev: Buffer) => fs.writeSync(fd, ev, 0, ev.length);

  const create = newEvent(Type.CREATE2);
  create.write(options.name, 4, 127, 'utf8');
  create.write('myna-kiosk/test/hid', 132, 63, 'utf8');
  create.write(options.serialNumber ?? '', 196, 63, 'utf8');
  create.writeUInt16LE(options.reportDescriptor.length, 260);
  create.writeUInt16LE(BUS_USB, 262);
  create.writeUInt32LE(options.vendorId, 264);
  create.writeUInt32LE(options.productId, 268);
  Buffer.from(options.reportDescriptor).copy(create, 280);
  write(create);

  let started = false;
  let opened = false;
  let destroyed = false;
  const buf = Buffer.alloc(EVENT_SIZE);
  const reply = (type: number, id: number) => {
    const ev = newEvent(type);
    ev.writeUInt32LE(id, 4);
    ev.writeUInt16LE(EIO, 8);
    write(ev);
  };
  // A non-blocking fd polled every 2 ms: a blocking read would pin a libuv thread for the device's
  // lifetime and could not be cancelled at destroy() (rig note 18).
  const poll = () => {
    while (!destroyed) {
      try {
        fs.readSync(fd, buf, 0, buf.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return;
        throw error;
      }
      switch (buf.readUInt32LE(0)) {
        case Type.START:
          started = true;
          break;
        case 4: // OPEN
          opened = true;
          break;
        case 5: // CLOSE
          opened = false;
          break;
        case Type.OUTPUT:
          options.onOutput?.(Uint8Array.from(buf.subarray(4, 4 + buf.readUInt16LE(4100))));
          break;
        case Type.GET_REPORT:
          reply(Type.GET_REPORT_REPLY, buf.readUInt32LE(4));
          break;
        case Type.SET_REPORT:
          reply(Type.SET_REPORT_REPLY, buf.readUInt32LE(4));
          break;
      }
    }
  };
  const timer = setInterval(poll, 2);

  const device: UhidDevice = {
    sendInput(report) {
      const ev = newEvent(Type.INPUT2);
      ev.writeUInt16LE(report.length, 4);
      Buffer.from(report).copy(ev, 6);
      write(ev);
    },
    get opened() {
      return opened;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearInterval(timer);
      try {
        write(newEvent(Type.DESTROY));
      } finally {
        fs.closeSync(fd);
      }
    },
  };

  for (let waited = 0; !started; waited += 10) {
    if (waited > 5000) {
      device.destroy();
      throw new Error('uhid: no UHID_START within 5 s (is hid_generic loaded?)');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return device;
}
