import type { FaceCamera } from '../device/camera/FaceCamera.ts';
import type { ReaderList } from '../device/card/ReaderList.ts';
import type { CardFaceScanner } from '../device/cardFace/CardFaceScanner.ts';
import type { KioskDevices } from '../device/kiosk/KioskDevices.ts';
import type { StaffPanel } from '../device/panel/StaffPanel.ts';
import { StaffViewPanel } from '../device/staffView/StaffViewPanel.ts';
import { messageOf } from '../foundation/CodedError.ts';
import type { SensorStatus } from '../kiosk/protocol/KioskScreen.ts';
import type { SimulatorControl } from '../kiosk/protocol/SimulatorControl.ts';
import { ScreenFrameSource } from '../kiosk/runtime/ScreenFrameSource.ts';
import { SimFaceCamera } from '../sim/camera/SimFaceCamera.ts';
import { SimCardFaceScanner } from '../sim/cardFace/SimCardFaceScanner.ts';
import { SimReaderPlacement, VpcdPlacement } from '../sim/control/CardPlacement.ts';
import { SimKioskControl, type ServiceLevers, type SimulatedParts, type StaffAppCardPlacement } from '../sim/control/SimKioskControl.ts';
import { SimKioskDevices } from '../sim/kiosk/SimKioskDevices.ts';
import { SimStaffPanel } from '../sim/panel/SimStaffPanel.ts';
import { VpcdBridge } from '../sim/vpcd/VpcdBridge.ts';
import { PhonePlacement } from '../sim/control/PhonePlacement.ts';
import { resolveKioskConfig, type KioskConfig, type KioskConfigInput } from './KioskConfig.ts';
import { openRealCamera, openRealCardFaceScanner, type RealSensorOptions } from './openRealSensors.ts';
import { UsageError } from './cli/UsageError.ts';
import type { ReaderIdentity } from '../device/kiosk/ReaderIdentity.ts';
import { openReaderKeyFiles, type ReaderKeyFiles } from '../device/readerKey/openReaderKeyFiles.ts';
import { certifyReader, loadSimReaderAuthority } from '../sim/ca/SimReaderAuthority.ts';
import { derToPem } from '../sim/ca/JpkiTestCa.ts';
import { simReaderIdentity } from '../sim/kiosk/SimKioskDevices.ts';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

/** What each sensor is, and whether it is ready: printed at start and shown on the staff view. */
export type SensorReport = SensorStatus;

export interface ChosenDevices {
  config: KioskConfig;
  devices: KioskDevices;
  /** The simulated parts, for the control panel's levers (empty when every sensor is real). */
  parts: SimulatedParts;
  /** The screen's camera, when a sensor uses it: the kiosk's screens server must carry its frames. */
  screenCamera: ScreenFrameSource | undefined;
  report: SensorReport[];
}

export interface DeviceOptions {
  /** How long to let PC/SC list its readers before picking the first one. */
  readerSettleMs?: number;
  now?: () => Date;
  /** How the simulated camera waits out its capture time (a scenario on simulated time passes one that does not wait). */
  cameraSleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Where the reader key and certificate live unless the configuration names files (DATA_DIR/reader-key.pem, reader-certificate.pem). */
  dataDir?: string;
  /** Where the real camera and card-face adapters find their parts (tests point them at missing ones). */
  realSensors?: RealSensorOptions;
}

/** The first PC/SC reader once enumeration settles (a card-holding one first), or undefined. */
async function firstPcscReader(readers: ReaderList, settleMs: number): Promise<string | undefined> {
  await new Promise((r) => setTimeout(r, settleMs));
  const all = readers.readers();
  return (all.find((r) => r.cardPresent) ?? all[0])?.name;
}

/**
 * The kiosk's devices by configuration, sensor by sensor. Nothing here fails for a missing device: a
 * sensor that cannot be opened is reported (with how to fix it) and the kiosk starts without it, as the
 * statechart knows how to check in without a camera, a card-face scanner or a panel.
 */
export async function createKioskDevices(input: KioskConfigInput, options: DeviceOptions = {}): Promise<ChosenDevices> {
  const config = resolveKioskConfig(input);
  const report: SensorReport[] = [];
  const parts: SimulatedParts = {};
  const closers: Array<() => Promise<void>> = [];
  const sim = config.reader.kind === 'sim' ? new SimKioskDevices({ ...(options.now ? { now: options.now } : {}), ...(options.cameraSleep ? { camera: { sleep: options.cameraSleep } } : {}) }) : undefined;
  let screenCamera: ScreenFrameSource | undefined;
  const screen = () => (screenCamera ??= new ScreenFrameSource());

  // The card face first: a simulated scanner sees what a vpcd placement lays down.
  let scanner: CardFaceScanner | undefined;
  if (config.cardFace.kind === 'sim') {
    scanner = sim?.scanner ?? new SimCardFaceScanner();
    report.push({ sensor: 'cardFace', device: 'simulated scanner', ready: true, note: 'sees the face of the simulated card on the reader' });
  } else if (config.cardFace.kind === 'ocr') {
    const opened = await openRealCardFaceScanner(config.cardFace, screen, options.realSensors);
    scanner = opened.scanner;
    report.push(opened.report);
  } else {
    report.push({ sensor: 'cardFace', device: 'staff view', ready: true, note: 'no scanner: for face or 目視, staff type 生年月日, 有効期限 and セキュリティコード off the card' });
  }

  let readers: ReaderList;
  let readerName: string;
  if (sim) {
    readers = sim.readers;
    readerName = sim.readerName;
    parts.cards = new SimReaderPlacement(sim);
    parts.traceReader = sim.reader;
    report.push({ sensor: 'reader', device: `simulated (${readerName})`, ready: true, note: 'place cards from the control panel or `sim control place`' });
  } else {
    const { PcscReaderList } = await import('../device/pcsc/PcscReaderList.ts');
    const pcsc = new PcscReaderList();
    readers = pcsc;
    closers.push(() => pcsc.close());
    let bridge: VpcdBridge | undefined;
    if (config.reader.vpcdPort) {
      bridge = new VpcdBridge({ port: config.reader.vpcdPort });
      parts.cards = new VpcdPlacement(bridge, scanner instanceof SimCardFaceScanner ? scanner : undefined, options.now);
      closers.push(() => bridge!.remove());
    }
    // A named reader is waited for a moment (PC/SC lists readers a little after start); else the first one.
    const found = config.reader.name ? await pcsc.waitForReader(config.reader.name, options.readerSettleMs ?? 5_000).then((r) => r.name, () => config.reader.name) : await firstPcscReader(pcsc, options.readerSettleMs ?? 1500);
    readerName = found ?? 'Virtual PCD 00 00';
    const seen = pcsc.readers().map((r) => r.name);
    report.push(
      seen.includes(readerName)
        ? { sensor: 'reader', device: `PC/SC: ${readerName}`, ready: true, note: bridge ? `virtual cards through vpcd port ${config.reader.vpcdPort}` : 'any card laid on it' }
        : { sensor: 'reader', device: `PC/SC: ${readerName}`, ready: false, note: `not attached (readers seen: ${seen.join(', ') || 'none'}). Is pcscd running? \`bash scripts/setup\`, then \`pcscd --foreground &\`; plug the reader in.` },
    );
  }

  // The side readers (phone, staff app) on PC/SC share one reader list: the card reader's when it is PC/SC
  // too, else one opened for the first side reader that needs it.
  let sideReaders: ReaderList | undefined;
  const pcscReaders = async (): Promise<ReaderList> => {
    if (config.reader.kind === 'pcsc') return readers;
    if (!sideReaders) {
      const { PcscReaderList } = await import('../device/pcsc/PcscReaderList.ts');
      const own = new PcscReaderList();
      closers.push(() => own.close());
      sideReaders = own;
    }
    return sideReaders;
  };
  const attachedInTime = (list: ReaderList, name: string) =>
    list.waitForReader(name, options.readerSettleMs ?? 5_000).then(
      () => true,
      () => false,
    );

  // The smartphone reader: the simulated one beside the simulated face reader, or a PC/SC reader by name.
  let phoneReader: KioskDevices['phoneReader'];
  if (config.phoneReader.kind === 'sim') {
    const simPhones = sim ?? new SimKioskDevices(options.now ? { now: options.now } : {});
    if (!sim) closers.push(() => simPhones.readers.close());
    phoneReader = simPhones.phoneReader;
    parts.phones = simPhones.phones;
    report.push({ sensor: 'phoneReader', device: `simulated (${phoneReader.name})`, ready: true, note: 'hold simulated phones from the control panel' });
  } else if (config.phoneReader.kind === 'pcsc') {
    const name = config.phoneReader.name!;
    const pcsc = await pcscReaders();
    phoneReader = { readers: pcsc, name };
    if (config.phoneReader.vpcdPort) {
      const bridge = new VpcdBridge({ port: config.phoneReader.vpcdPort });
      parts.phones = new PhonePlacement({ insert: (card) => bridge.insert(card), remove: () => bridge.remove() }, options.now);
      closers.push(() => bridge.remove());
    }
    report.push(
      (await attachedInTime(pcsc, name))
        ? { sensor: 'phoneReader', device: `PC/SC: ${name}`, ready: true, note: config.phoneReader.vpcdPort ? `virtual phones through vpcd port ${config.phoneReader.vpcdPort}` : 'any phone held over it' }
        : { sensor: 'phoneReader', device: `PC/SC: ${name}`, ready: false, note: 'not attached: スマートフォン is offered once it is (is pcscd running? is the NFC reader plugged in?)' },
    );
  } else {
    report.push({ sensor: 'phoneReader', device: 'none', ready: true, note: 'no smartphone reader: スマートフォン is not offered (the マイナポータル screen can still be checked by staff in an outage)' });
  }

  // The マイナ資格確認アプリ's reader: the simulated one beside the others, or a PC/SC reader by name.
  let staffAppReader: KioskDevices['staffAppReader'];
  if (config.staffAppReader.kind === 'sim') {
    const simApp = sim ?? new SimKioskDevices(options.now ? { now: options.now } : {});
    if (!sim) closers.push(() => simApp.readers.close());
    staffAppReader = simApp.staffAppReader;
    parts.staffAppCards = staffAppCardsOf(simApp);
    report.push({ sensor: 'staffAppReader', device: `simulated (${staffAppReader.name})`, ready: true, note: 'the マイナ資格確認アプリ’s reader: place cards on it from the control panel' });
  } else if (config.staffAppReader.kind === 'pcsc') {
    const name = config.staffAppReader.name!;
    const pcsc = await pcscReaders();
    staffAppReader = { readers: pcsc, name };
    report.push(
      (await attachedInTime(pcsc, name))
        ? { sensor: 'staffAppReader', device: `PC/SC: ${name}`, ready: true, note: 'the マイナ資格確認アプリ’s reader: any card laid on it' }
        : { sensor: 'staffAppReader', device: `PC/SC: ${name}`, ready: false, note: 'not attached: the staff app says so until it is (is pcscd running? is the reader plugged in?)' },
    );
  } else {
    report.push({ sensor: 'staffAppReader', device: 'none', ready: true, note: 'no マイナ資格確認アプリ (give --staff-app-reader to have one)' });
  }

  let camera: FaceCamera | undefined;
  if (config.camera.kind === 'sim') {
    camera = sim?.camera ?? new SimFaceCamera(options.cameraSleep ? { sleep: options.cameraSleep } : {});
    parts.camera = camera as SimFaceCamera;
    report.push({ sensor: 'camera', device: 'simulated camera', ready: true, note: 'outcomes from the control panel, a scenario, or its model' });
  } else if (config.camera.kind === 'none') {
    report.push({ sensor: 'camera', device: 'none', ready: true, note: 'no face matching: PIN, or 目視 by staff' });
  } else {
    const opened = await openRealCamera(config.camera, screen, options.realSensors);
    camera = opened.camera;
    if (opened.close) closers.push(opened.close);
    report.push(opened.report);
  }

  let panel: StaffPanel;
  if (config.panel.kind === 'sim') {
    panel = sim?.panel ?? new SimStaffPanel();
    parts.panel = panel as SimStaffPanel;
    report.push({ sensor: 'panel', device: 'simulated staff panel', ready: true, note: 'buttons on the control panel' });
  } else if (config.panel.kind === 'hid') {
    try {
      const { openHidStaffPanel } = await import('../device/hid/HidStaffPanel.ts');
      const { loadPanelMapping } = await import('../device/hid/PanelMapping.ts');
      panel = await openHidStaffPanel({ ...(config.panel.mapping ? { mapping: loadPanelMapping(config.panel.mapping) } : {}), ...(config.panel.path ? { path: config.panel.path } : {}) });
      report.push({ sensor: 'panel', device: `HID: ${panel.name}`, ready: panel.attached, note: panel.attached ? '目視 buttons on the panel' : 'no panel found yet: 目視 waits until it is plugged in (the staff view’s buttons work meanwhile)' });
    } catch (error) {
      panel = new StaffViewPanel();
      report.push({ sensor: 'panel', device: 'HID', ready: false, note: `cannot open the HID panel (${messageOf(error)}); using the staff view’s buttons` });
    }
  } else {
    panel = new StaffViewPanel();
    report.push({ sensor: 'panel', device: 'staff view buttons', ready: true, note: '目視確認 is approved or refused on the staff view' });
  }
  closers.push(() => panel.close());
  if (sim) closers.push(() => sim.readers.close());

  const identity = await openReaderIdentity(config, options.dataDir);
  report.push(identity.report);

  const devices: KioskDevices = {
    readers,
    readerName,
    readerIdentity: identity.identity,
    ...(phoneReader ? { phoneReader } : {}),
    ...(staffAppReader ? { staffAppReader } : {}),
    ...(scanner ? { scanner } : {}),
    ...(camera ? { camera } : {}),
    panel,
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
  const order = ['reader', 'phoneReader', 'staffAppReader', 'readerKey', 'camera', 'cardFace', 'panel'];
  report.sort((a, b) => order.indexOf(a.sensor) - order.indexOf(b.sensor));
  return { config, devices, parts, screenCamera, report };
}

/**
 * The reader's key: from its files (made on first start, mode 0600), certified by the simulated reader
 * authority when configured so and not yet certified; without files, the shipped simulated reader.
 */
async function openReaderIdentity(config: KioskConfig, dataDir: string | undefined): Promise<{ identity: ReaderIdentity; report: SensorReport }> {
  const files = config.readerKey?.keyFile || dataDir ? readerKeyFiles(config, dataDir) : undefined;
  if (!files) {
    const identity = simReaderIdentity();
    return { identity, report: { sensor: 'readerKey', device: `simulated reader key ${identity.fingerprint.slice(0, 16)}`, ready: true, note: 'shipped with the simulator, certified by the simulated reader authority' } };
  }
  try {
    let identity = openReaderKeyFiles(files);
    if (!identity.cardCredential && (config.readerKey?.certify ?? 'sim') === 'sim') {
      const certificate = await certifyReader(await loadSimReaderAuthority(), { publicKeySpki: identity.publicKeySpki, name: identity.name });
      writeFileSync(files.certificateFile, derToPem(certificate, 'CERTIFICATE'));
      identity = openReaderKeyFiles(files);
    }
    const certified = identity.cardCredential
      ? 'certified: simulated cards sign without the PIN after face or 目視 (a real card does not know our reader authority: PIN only)'
      : 'not certified: PIN only (face and 目視 need the card’s PIN-less signature)';
    return { identity, report: { sensor: 'readerKey', device: `reader key ${identity.fingerprint.slice(0, 16)} (${files.keyFile})`, ready: true, note: certified } };
  } catch (error) {
    throw new UsageError('BAD_OPTION', `The reader key cannot be used: ${messageOf(error)}`, { cause: error });
  }
}

function readerKeyFiles(config: KioskConfig, dataDir: string | undefined): ReaderKeyFiles {
  const keyFile = config.readerKey?.keyFile ?? join(dataDir!, 'reader-key.pem');
  return {
    keyFile,
    certificateFile: config.readerKey?.certificateFile ?? join(dirname(keyFile), 'reader-certificate.pem'),
    name: config.readerKey?.name ?? `顔認証付きカードリーダー ${hostname()}`,
  };
}

/** The control panel's levers over whatever is simulated (and the service's operator channel, when given). */
export function createSimulatorControl(parts: SimulatedParts | SimKioskDevices, service?: ServiceLevers): SimulatorControl {
  const simulated = parts instanceof SimKioskDevices ? { cards: new SimReaderPlacement(parts), phones: parts.phones, staffAppCards: staffAppCardsOf(parts), traceReader: parts.reader, camera: parts.camera, panel: parts.panel } : parts;
  return new SimKioskControl({ ...simulated, ...(service ? { service } : {}) });
}

/** The staff app's reader of a simulated kiosk, as the control panel's lever. */
function staffAppCardsOf(sim: SimKioskDevices): StaffAppCardPlacement {
  return { place: (profile) => sim.placeStaffAppCard(profile), remove: () => sim.removeStaffAppCard(), placed: () => sim.staffAppPlaced?.name ?? null };
}

/** How the report reads at start. */
export function formatSensorReport(report: SensorReport[]): string[] {
  return report.map((r) => `${r.ready ? 'ok     ' : 'MISSING'} ${r.sensor.padEnd(8)} ${r.device}: ${r.note}`);
}
