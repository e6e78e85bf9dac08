import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { CameraError } from '../../device/camera/CameraError.ts';
import type { FaceMatcher } from '../../device/camera/FaceMatcher.ts';
import type { CameraFrame } from '../../device/camera/FrameSource.ts';
import { FolderFrameSource } from '../../device/cameraFrames/FolderFrameSource.ts';
import { OcrCardFaceScanner } from '../../device/cardFaceOcr/OcrCardFaceScanner.ts';
import { HumanFaceMatcher } from '../../device/faceModel/HumanFaceMatcher.ts';
import { ModelFaceCamera } from '../../device/faceModel/ModelFaceCamera.ts';
import { liveFrame, PEOPLE } from '../../test/harness/faceFixtures.ts';
import { ScriptedFrameSource } from '../../test/harness/ScriptedFrameSource.ts';
import type { SensorStatus } from '../protocol/KioskScreen.ts';
import { SensorBoard } from './SensorBoard.ts';

const AT = new Date('2026-12-01T10:00:00Z');
const STARTED: SensorStatus[] = [
  { sensor: 'camera', device: 'camera under test', ready: true, note: 'face matching' },
  { sensor: 'cardFace', device: 'OCR under test', ready: true, note: 'reads the card front' },
];

function board(): { board: SensorBoard; changes: () => number } {
  let n = 0;
  return { board: new SensorBoard(STARTED, () => n++, () => AT), changes: () => n };
}

async function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

/** Grey noise the size of a card front: a frame with contrast in which no field can be read. */
function noiseFrame(): CameraFrame {
  const png = new PNG({ width: 1011, height: 638 });
  let seed = 7;
  for (let i = 0; i < png.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    png.data.fill(seed % 256, i, i + 3);
    png.data[i + 3] = 255;
  }
  return { png: PNG.sync.write(png), width: 1011, height: 638, capturedAt: 0 };
}

const camera = (b: SensorBoard) => b.list().find((s) => s.sensor === 'camera')!;
const cardFace = (b: SensorBoard) => b.list().find((s) => s.sensor === 'cardFace')!;

describe('SensorBoard: what the staff view says is wrong with each sensor', () => {
  it('no camera: a missing scanner folder under the real face camera is noDevice, not ready, with the fix', async () => {
    const { board: b, changes } = board();
    const missing = join(mkdtempSync(join(tmpdir(), 'sensor-board-')), 'not-there');
    const cam = new ModelFaceCamera({ source: new FolderFrameSource({ dir: missing }), matcher: new HumanFaceMatcher() });
    b.watchCamera(cam);
    const error = await settle(cam.matchFace({ cardPhoto: Uint8Array.of(1), deadlineMs: 2000 }));
    expect(error).toBeInstanceOf(CameraError);
    expect(camera(b)).toMatchObject({ ready: false, problem: { code: 'noDevice', at: AT.toISOString() } });
    expect(camera(b).problem!.message).toContain(missing);
    expect(changes()).toBe(1);
    cam.close();
  });

  it('camera in use, then working again: inUse while it lasts, back to ready with no problem after a good frame', async () => {
    const { board: b } = board();
    const source = new ScriptedFrameSource([{ error: new CameraError('IN_USE', 'The camera /dev/video0 is in use by another program (close it, or check `fuser /dev/video0`).') }]);
    // A model that is loaded and sees nobody: only the source is at fault here.
    const matcher: FaceMatcher = { name: 'loaded model', threshold: 0.5, ready: async () => undefined, compare: async () => ({ faces: 0, score: null, frontal: false }), close: async () => undefined };
    const cam = new ModelFaceCamera({ source, matcher });
    b.watchCamera(cam);
    await settle(cam.matchFace({ cardPhoto: Uint8Array.of(1), deadlineMs: 2000 }));
    expect(camera(b)).toMatchObject({ ready: false, problem: { code: 'inUse' } });
    expect(camera(b).problem!.message).toMatch(/in use by another program/);
    source.emit('source.ready');
    expect(camera(b).ready).toBe(true);
    expect(camera(b).problem).toBeUndefined();
  });

  it('model missing: the face model without its files is modelMissing, naming the files and `npm ci`', async () => {
    const { board: b } = board();
    const cam = new ModelFaceCamera({ source: new ScriptedFrameSource([{ frame: liveFrame(PEOPLE[0]) }]), matcher: new HumanFaceMatcher({ files: { modelDir: '/nonexistent/models' } }) });
    b.watchCamera(cam);
    await settle(cam.matchFace({ cardPhoto: Uint8Array.of(1), deadlineMs: 2000 }));
    expect(camera(b)).toMatchObject({ ready: false, problem: { code: 'modelMissing' } });
    expect(camera(b).problem!.message).toMatch(/\/nonexistent\/models\/.*npm ci/);
  });

  it('OCR engine missing: engineMissing with the apt-get line; the scan still fails as a card-face problem', async () => {
    const { board: b } = board();
    const scanner = b.watchScanner(new OcrCardFaceScanner({ source: new ScriptedFrameSource([{ frame: noiseFrame() }]), needsPatient: false, tesseract: '/nonexistent/tesseract' }));
    const error = await settle(scanner.scan({ deadlineMs: 5000 }));
    expect((error as { code?: string }).code).toBe('ENGINE_MISSING');
    expect(cardFace(b)).toMatchObject({ ready: false, problem: { code: 'engineMissing' } });
    expect(cardFace(b).problem!.message).toContain('apt-get install -y tesseract-ocr tesseract-ocr-jpn');
  });

  it('OCR unreadable: the field is named and the scanner stays ready for the next card', async () => {
    const { board: b } = board();
    const scanner = b.watchScanner(new OcrCardFaceScanner({ source: new ScriptedFrameSource([{ frame: noiseFrame() }]), needsPatient: false }));
    const error = await settle(scanner.scan({ deadlineMs: 15_000 }));
    expect((error as { code?: string }).code, 'needs Debian tesseract: apt-get install -y tesseract-ocr tesseract-ocr-jpn').toBe('UNREADABLE');
    expect(cardFace(b)).toMatchObject({ ready: true, problem: { code: 'unreadable' } });
    expect(['birthDate', 'cardExpiry', 'securityCode']).toContain(cardFace(b).problem!.field);
  });

  it('a capture the caller gave up is no sensor problem: the board does not change', async () => {
    const { board: b, changes } = board();
    const cam = new ModelFaceCamera({ source: new ScriptedFrameSource(['hang']), matcher: new HumanFaceMatcher({ files: { modelDir: '/nonexistent/models' } }) });
    b.watchCamera(cam);
    const abort = new AbortController();
    const attempt = settle(cam.matchFace({ cardPhoto: Uint8Array.of(1), deadlineMs: 5000, signal: abort.signal }));
    abort.abort();
    expect(await attempt).toMatchObject({ code: 'ABORTED' });
    expect(changes()).toBe(0);
    expect(b.list()).toEqual(STARTED);
  });
});
