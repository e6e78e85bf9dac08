// Runs inside the QEMU guest (runInGuest.sh), where the kernel has uhid: virtual HID devices speak
// our panel report format (and a mapped foot switch's keyboard reports), and the real adapter
// (device/hid/HidStaffPanel.ts on the real node-hid) must read their buttons, drive the indicator,
// notice an unplug and find the panel again. Each step prints one line
//   HIDPANEL {"step": "...", "ok": true|false, ...}
// which hidPanel.qemu.test.ts reads from the serial console. Exit 0 when every step passed.
import { isPanelError, type PanelError } from '../../../device/panel/PanelError.ts';
import type { PanelButton } from '../../../device/panel/StaffPanel.ts';
import { openHidStaffPanel, type HidStaffPanel } from '../../../device/hid/HidStaffPanel.ts';
import { loadNodeHid } from '../../../device/hid/loadNodeHid.ts';
import { encodeButtonReport, PANEL_REPORT_DESCRIPTOR, parseIndicatorReport } from '../../../device/hid/panelReport.ts';
import { createUhidDevice, type UhidDevice } from './uhidDevice.ts';

const TEST_VENDOR_ID = 0x1234; // any ids: our panel is recognised by its usage page and usage
const TEST_PRODUCT_ID = 0x5678;
const FOOT_SWITCH = { vendorId: 0x0c45, productId: 0x7403 }; // the shipped mapping's PCsensor entry
// prettier-ignore
const BOOT_KEYBOARD_DESCRIPTOR = Uint8Array.of(
  0x05, 0x01, 0x09, 0x06, 0xa1, 0x01,                   // Generic Desktop, Keyboard, Collection (Application)
  0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, // modifiers
  0x95, 0x01, 0x75, 0x08, 0x81, 0x01,                   // reserved byte
  0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x95, 0x05, 0x75, 0x01, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, // LEDs
  0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x26, 0xff, 0x00, 0x05, 0x07, 0x19, 0x00, 0x2a, 0xff, 0x00, 0x81, 0x00, // 6 key codes
  0xc0,
);

const t0 = Date.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let failed = false;

function step(name: string, ok: boolean, detail: Record<string, unknown> = {}): void {
  if (!ok) failed = true;
  console.log(`HIDPANEL ${JSON.stringify({ step: name, ok, atMs: Date.now() - t0, ...detail })}`);
}

async function until<T>(what: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(10)) {
    const value = await what();
    if (value !== undefined && value !== false) return value;
  }
  return undefined;
}

function ourPanel(outputs: Uint8Array[]): Promise<UhidDevice> {
  return createUhidDevice({
    name: 'myna-kiosk test panel',
    vendorId: TEST_VENDOR_ID,
    productId: TEST_PRODUCT_ID,
    serialNumber: 'PANEL0001',
    reportDescriptor: PANEL_REPORT_DESCRIPTOR,
    onOutput: (report) => outputs.push(report),
  });
}

function watch(panel: HidStaffPanel) {
  const seen = { presses: [] as PanelButton[], errors: [] as PanelError[], attachment: [] as string[] };
  panel.on('button.pressed', (b) => seen.presses.push(b));
  panel.on('error', (e) => seen.errors.push(e));
  panel.on('panel.detached', () => seen.attachment.push('detached'));
  panel.on('panel.attached', () => seen.attachment.push('attached'));
  return seen;
}

async function main(): Promise<void> {
  const hid = loadNodeHid();
  const outputs: Uint8Array[] = [];
  let device = await ourPanel(outputs);

  // 1. The real node-hid lists the device with our usage page and usage, and the adapter takes it.
  const listed = await until(async () => (await hid.devices()).find((d) => d.vendorId === TEST_VENDOR_ID), 5000);
  const panel = await openHidStaffPanel({ reattach: { firstDelayMs: 100, maxDelayMs: 400 }, stuckAfterMs: 1500 });
  const seen = watch(panel);
  const attached = panel.attached || (await until(() => panel.attached, 5000)) === true;
  step('attach', attached && listed?.usagePage === 0xff00 && listed?.usage === 0x4d4b, { attached, listed, name: panel.name, hasIndicator: panel.hasIndicator });

  // 2. Button reports: each button once, and a report with only reserved bits, which means nothing.
  await until(() => device.opened, 2000);
  await sleep(100); // node-hid's read thread starts on the next tick; earlier input is dropped (rig note 15)
  for (const button of ['visualOk', 'visualNg', 'staffCallAcknowledged', 'cancel'] as const) {
    device.sendInput(encodeButtonReport([button]));
    device.sendInput(encodeButtonReport([]));
  }
  device.sendInput(Uint8Array.of(0x01, 0xf0));
  await until(() => seen.presses.length >= 4, 3000);
  await sleep(100);
  step('buttons', JSON.stringify(seen.presses) === JSON.stringify(['visualOk', 'visualNg', 'staffCallAcknowledged', 'cancel']), { presses: seen.presses });

  // 3. The indicator: the device receives our output report.
  await panel.setIndicator('staffNeeded');
  const shown = await until(() => outputs.map(parseIndicatorReport).find((s) => s !== undefined), 2000);
  step('indicator', shown === 'staffNeeded', { outputs: outputs.map((o) => Buffer.from(o).toString('hex')) });

  // 4. A button held down: one press, then BUTTON_STUCK.
  seen.presses.length = 0;
  device.sendInput(encodeButtonReport(['visualOk']));
  const stuck = await until(() => seen.errors.find((e) => isPanelError(e, 'BUTTON_STUCK')), 4000);
  device.sendInput(encodeButtonReport([]));
  step('stuck', stuck !== undefined && seen.presses.length === 1, { presses: seen.presses, error: stuck?.message });

  // 5. Unplug: node-hid shows it only as a read error; the adapter says detached.
  device.destroy();
  const detached = await until(() => seen.attachment.includes('detached'), 3000);
  const rejected = await panel.setIndicator('outage').then(
    () => 'resolved',
    (e: unknown) => (isPanelError(e) ? e.code : String(e)),
  );
  step('detach', detached === true && !panel.attached && rejected === 'PANEL_DETACHED', { attachment: seen.attachment, rejected });

  // 6. Plug back in: found by re-enumeration, the remembered state is shown again, buttons work.
  outputs.length = 0;
  seen.presses.length = 0;
  const replugged = Date.now();
  device = await ourPanel(outputs);
  const back = await until(() => seen.attachment.at(-1) === 'attached', 5000);
  const reshown = await until(() => outputs.map(parseIndicatorReport).find((s) => s !== undefined), 2000);
  await sleep(100);
  device.sendInput(encodeButtonReport(['visualNg']));
  device.sendInput(encodeButtonReport([]));
  await until(() => seen.presses.length >= 1, 2000);
  step('reattach', back === true && reshown === 'outage' && seen.presses[0] === 'visualNg', {
    attachment: seen.attachment,
    reshown,
    presses: seen.presses,
    reattachMs: Date.now() - replugged,
  });
  await panel.close();
  device.destroy();

  // 7. An off-the-shelf foot switch from the shipped mapping file: keyboard reports with F13 = visualOk.
  const footSwitch = await createUhidDevice({ name: 'FootSwitch', ...FOOT_SWITCH, reportDescriptor: BOOT_KEYBOARD_DESCRIPTOR });
  await until(async () => (await hid.devices()).find((d) => d.vendorId === FOOT_SWITCH.vendorId), 5000);
  const pedals = await openHidStaffPanel({ reattach: { firstDelayMs: 100, maxDelayMs: 400 } });
  const pedalSeen = watch(pedals);
  await until(() => pedals.attached, 5000);
  await until(() => footSwitch.opened, 2000);
  await sleep(100);
  footSwitch.sendInput(Uint8Array.of(0, 0, 0x68, 0, 0, 0, 0, 0));
  footSwitch.sendInput(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0));
  await until(() => pedalSeen.presses.length >= 1, 2000);
  step('footSwitch', pedals.attached && pedalSeen.presses[0] === 'visualOk' && !pedals.hasIndicator, { name: pedals.name, presses: pedalSeen.presses });
  await pedals.close();
  footSwitch.destroy();
}

const watchdog = setTimeout(() => {
  console.log('HIDPANEL FAILED: the guest run took longer than 60 s');
  process.exit(1);
}, 60_000);
watchdog.unref();

main().then(
  () => {
    console.log(failed ? 'HIDPANEL FAILED: see the steps above' : 'HIDPANEL DONE');
    process.exit(failed ? 1 : 0);
  },
  (error: unknown) => {
    console.log(`HIDPANEL FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
