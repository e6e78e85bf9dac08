import { existsSync, statSync } from 'node:fs';
import type { FaceCamera } from '../device/camera/FaceCamera.ts';
import type { FrameSource } from '../device/camera/FrameSource.ts';
import type { CardFaceScanner } from '../device/cardFace/CardFaceScanner.ts';
import { FolderFrameSource } from '../device/cameraFrames/FolderFrameSource.ts';
import { V4l2FrameSource } from '../device/cameraFrames/V4l2FrameSource.ts';
import { OcrCardFaceScanner } from '../device/cardFaceOcr/OcrCardFaceScanner.ts';
import { INSTALL_TESSERACT } from '../device/cardFaceOcr/recogniseLine.ts';
import { HumanFaceMatcher } from '../device/faceModel/HumanFaceMatcher.ts';
import type { HumanModelFiles } from '../device/faceModel/HumanModelFiles.ts';
import { ModelFaceCamera } from '../device/faceModel/ModelFaceCamera.ts';
import { messageOf } from '../foundation/CodedError.ts';
import { runProgram } from '../foundation/runProgram.ts';
import type { ScreenFrameSource } from '../kiosk/runtime/ScreenFrameSource.ts';
import { sensorProblemOf } from '../kiosk/runtime/sensorProblemOf.ts';
import type { SensorReport } from './createKioskDevices.ts';
import type { KioskConfig } from './KioskConfig.ts';

/** Where the real adapters find their parts; tests point them at missing ones. */
export interface RealSensorOptions {
  /** The face model's files (default: as installed in node_modules). */
  modelFiles?: Partial<HumanModelFiles>;
  /** ffmpeg for a V4L2 camera (default `ffmpeg` on PATH). */
  ffmpeg?: string;
  now?: () => Date;
}

const INSTALL_FFMPEG = 'apt-get install -y ffmpeg';

/** A still source for a sensor, with words for the report and what is missing at start (if anything). */
async function openFrameSource(
  kind: 'browser' | 'v4l2' | 'folder',
  where: { device?: string; folder?: string },
  screen: () => ScreenFrameSource,
  options: RealSensorOptions,
  flag: string,
): Promise<{ source: FrameSource | undefined; device: string; missing?: string }> {
  if (kind === 'browser') {
    return { source: screen(), device: "the kiosk screen's camera (getUserMedia on the patient page)" };
  }
  if (kind === 'folder') {
    if (!where.folder) return { source: undefined, device: 'a folder', missing: `no folder named: give it as \`${flag} …folder:/path/to/dir\` or in the configuration file` };
    const source = new FolderFrameSource({ dir: where.folder });
    const isDir = existsSync(where.folder) && statSync(where.folder).isDirectory();
    return { source, device: `the newest PNG in ${where.folder}`, ...(isDir ? {} : { missing: `the folder ${where.folder} does not exist: create it, or point the configuration at the folder the camera program writes to` }) };
  }
  const device = where.device ?? '/dev/video0';
  const source = new V4l2FrameSource({ device, ...(options.ffmpeg ? { ffmpeg: options.ffmpeg } : {}) });
  const ffmpeg = await runProgram(options.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-version'], { timeoutMs: 10_000 }).then(
    () => undefined,
    (error: unknown) => `ffmpeg, which reads the V4L2 camera, cannot run (${messageOf(error)}): ${INSTALL_FFMPEG}`,
  );
  const missing = ffmpeg ?? (existsSync(device) ? undefined : `no camera at ${device}: plug it in, or name its device (\`v4l2-ctl --list-devices\` lists them)`);
  return { source, device: `V4L2 ${device} through ffmpeg`, ...(missing ? { missing } : {}) };
}

/**
 * The real face camera of the configuration: a frame source (the screen's camera, a V4L2 device or a
 * folder) and the on-device face model, loaded at start. A model that does not load leaves the kiosk
 * without face matching (PIN and 目視 still work) and says why; a camera not there yet is kept (it may
 * be plugged in) and said at start.
 */
export async function openRealCamera(
  config: KioskConfig['camera'],
  screen: () => ScreenFrameSource,
  options: RealSensorOptions = {},
): Promise<{ camera: FaceCamera | undefined; report: SensorReport; close?: () => Promise<void> }> {
  const kind = config.kind === 'v4l2' || config.kind === 'folder' ? config.kind : 'browser';
  const opened = await openFrameSource(kind, config, screen, options, '--camera');
  const at = (options.now ?? (() => new Date()))();
  if (!opened.source) return { camera: undefined, report: { sensor: 'camera', device: opened.device, ready: false, note: `no face matching: ${opened.missing}` } };
  const matcher = new HumanFaceMatcher({ threshold: config.threshold, ...(options.modelFiles ? { files: options.modelFiles } : {}), ...(options.ffmpeg ? { ffmpeg: options.ffmpeg } : {}) });
  try {
    await matcher.ready();
  } catch (error) {
    await matcher.close();
    const problem = sensorProblemOf(error, at) ?? { code: 'modelMissing' as const, message: messageOf(error), at: at.toISOString() };
    return {
      camera: undefined,
      report: { sensor: 'camera', device: `${opened.device}, ${matcher.name}`, ready: false, note: `no face matching (PIN and 目視 still work): ${problem.message}`, problem },
    };
  }
  const camera = new ModelFaceCamera({ source: opened.source, matcher });
  const what = `${opened.device}, ${matcher.name}, threshold ${config.threshold}`;
  const report: SensorReport = opened.missing
    ? { sensor: 'camera', device: what, ready: false, note: `${opened.missing}; face matching fails over to PIN or 目視 until it is there`, problem: { code: 'noDevice', message: opened.missing, at: at.toISOString() } }
    : { sensor: 'camera', device: what, ready: true, note: kind === 'browser' ? 'face matching on the patient page’s camera, the model in this process' : 'face matching, the model in this process' };
  return {
    camera,
    report,
    close: async () => {
      camera.close();
      await matcher.close();
    },
  };
}

/** tesseract and the language data the card-face OCR uses (jpn for the dates, eng for the code), or what is missing. */
async function tesseractMissing(tesseract: string): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await runProgram(tesseract, ['--list-langs'], { timeoutMs: 10_000 });
    const langs = new Set(`${stdout.toString()}\n${stderr}`.split(/\s+/));
    const absent = ['jpn', 'eng'].filter((l) => !langs.has(l));
    return absent.length ? `tesseract has no ${absent.join(', ')} language data: ${INSTALL_TESSERACT}` : undefined;
  } catch (error) {
    return `the OCR engine tesseract cannot run (${messageOf(error)}): ${INSTALL_TESSERACT}`;
  }
}

/**
 * The real card-face scanner of the configuration: a frame source and the OCR. A missing engine or
 * source is said at start; the scanner is kept, so each scan says it again and the staff view offers
 * typing the three fields, as it does for a card face the OCR cannot read.
 */
export async function openRealCardFaceScanner(
  config: KioskConfig['cardFace'],
  screen: () => ScreenFrameSource,
  options: RealSensorOptions = {},
): Promise<{ scanner: CardFaceScanner | undefined; report: SensorReport }> {
  const opened = await openFrameSource(config.source, config, screen, options, '--card-face');
  const at = (options.now ?? (() => new Date()))().toISOString();
  if (!opened.source) return { scanner: undefined, report: { sensor: 'cardFace', device: `OCR over ${opened.device}`, ready: false, note: `${opened.missing}; staff type the card face on the staff view` } };
  const tesseract = config.tesseract ?? 'tesseract';
  const scanner = new OcrCardFaceScanner({ source: opened.source, needsPatient: config.source === 'browser', ...(config.tesseract ? { tesseract: config.tesseract } : {}) });
  const engine = await tesseractMissing(tesseract);
  const device = `OCR (${tesseract}) over ${opened.device}`;
  if (engine) return { scanner, report: { sensor: 'cardFace', device, ready: false, note: `${engine}; until then staff type the card face on the staff view`, problem: { code: 'engineMissing', message: engine, at } } };
  if (opened.missing) return { scanner, report: { sensor: 'cardFace', device, ready: false, note: `${opened.missing}; until then staff type the card face on the staff view`, problem: { code: 'noDevice', message: opened.missing, at } } };
  const how = config.source === 'browser' ? 'the patient holds the card front up to the screen’s camera' : 'reads the card front lying in the tray';
  return { scanner, report: { sensor: 'cardFace', device, ready: true, note: `${how}; staff type the fields when a field cannot be read` } };
}
