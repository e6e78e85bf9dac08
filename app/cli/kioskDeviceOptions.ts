import type { Command } from 'commander';
import { kioskConfigFromFlags, loadKioskConfigFile, mergeKioskConfig, type KioskConfigInput } from '../KioskConfig.ts';
import { UsageError } from './UsageError.ts';

export interface DeviceFlags {
  config?: string;
  reader?: string;
  readerName?: string;
  vpcd?: string | boolean;
  camera?: string;
  faceThreshold?: string;
  cardFace?: string;
  panel?: string;
  panelMapping?: string;
  staffAppReader?: string;
}

/** The per-sensor options `start` and `run` share. */
export function addDeviceOptions(command: Command): Command {
  return command
    .option('--config <file>', 'a JSON file with the device configuration (reader, camera, cardFace, panel); flags win')
    .option('--reader <kind>', 'sim (default) or pcsc for any PC/SC reader')
    .option('--reader-name <name>', 'with --reader pcsc: which reader (default: the first one)')
    .option('--vpcd [port]', 'with --reader pcsc: also put simulated cards into pcscd through vsmartcard vpcd (control panel, scenarios); default port 35963')
    .option('--camera <kind>', 'sim | browser (the screen’s camera) | v4l2[:/dev/videoN] | folder:DIR (newest PNG there) | none')
    .option('--face-threshold <0..1>', 'the face model’s decision line (default 0.5; see docs/hardware.md)')
    .option('--card-face <kind>', 'sim | staff (typed on the staff view) | ocr[:browser | :folder:DIR | :v4l2:/dev/videoN]')
    .option('--panel <kind>', 'sim | hid (USB button box) | screen (the staff view’s buttons)')
    .option('--panel-mapping <file>', 'with --panel hid: the site’s device mapping')
    .option('--staff-app-reader <kind>', 'the マイナ資格確認アプリ’s reader: sim (default with --reader sim) | pcsc:NAME (a PC/SC reader by name) | none');
}

export function deviceConfigFromFlags(flags: DeviceFlags): KioskConfigInput {
  const number = (value: string | undefined, name: string) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new UsageError('BAD_OPTION', `${name} must be a number, got ${JSON.stringify(value)}`);
    return n;
  };
  if (flags.reader && flags.reader !== 'sim' && flags.reader !== 'pcsc') throw new UsageError('BAD_OPTION', `--reader must be sim or pcsc, got ${JSON.stringify(flags.reader)}`);
  const vpcdPort = flags.vpcd === undefined ? undefined : flags.vpcd === true ? 35963 : number(flags.vpcd as string, '--vpcd');
  const fromFlags = kioskConfigFromFlags({
    ...(flags.reader ? { reader: flags.reader } : {}),
    ...(flags.readerName ? { readerName: flags.readerName } : {}),
    ...(vpcdPort ? { vpcdPort } : {}),
    ...(flags.camera ? { camera: flags.camera } : {}),
    ...(flags.faceThreshold !== undefined ? { faceThreshold: number(flags.faceThreshold, '--face-threshold')! } : {}),
    ...(flags.cardFace ? { cardFace: flags.cardFace } : {}),
    ...(flags.panel ? { panel: flags.panel } : {}),
    ...(flags.panelMapping ? { panelMapping: flags.panelMapping } : {}),
    ...(flags.staffAppReader ? { staffAppReader: flags.staffAppReader } : {}),
  });
  return mergeKioskConfig(flags.config ? loadKioskConfigFile(flags.config) : undefined, fromFlags);
}
