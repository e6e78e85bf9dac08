import type { FaceCamera } from '../device/camera/FaceCamera.ts';
import type { CardFaceScanner } from '../device/cardFace/CardFaceScanner.ts';
import type { ScreenFrameSource } from '../kiosk/runtime/ScreenFrameSource.ts';
import type { SensorReport } from './createKioskDevices.ts';
import type { KioskConfig } from './KioskConfig.ts';
import { UsageError } from './cli/UsageError.ts';

/** The real face camera of the configuration: a frame source and the on-device face model. */
export async function openRealCamera(config: KioskConfig['camera'], _screen: () => ScreenFrameSource): Promise<{ camera: FaceCamera | undefined; report: SensorReport; close?: () => Promise<void> }> {
  throw new UsageError('BAD_OPTION', `--camera ${config.kind} is not available in this build yet.`);
}

/** The real card-face scanner of the configuration: a frame source and the OCR. */
export async function openRealCardFaceScanner(config: KioskConfig['cardFace'], _screen: () => ScreenFrameSource): Promise<{ scanner: CardFaceScanner | undefined; report: SensorReport }> {
  throw new UsageError('BAD_OPTION', `--card-face ${config.kind} is not available in this build yet.`);
}
