import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScreenFrameSource } from '../kiosk/runtime/ScreenFrameSource.ts';
import { createKioskDevices, formatSensorReport } from './createKioskDevices.ts';
import { resolveKioskConfig } from './KioskConfig.ts';
import { openRealCamera, openRealCardFaceScanner } from './openRealSensors.ts';

const screen = () => new ScreenFrameSource();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('openRealSensors: every combination starts, and what is missing is said at start with the fix', () => {
  it('--camera browser: the face model loads at start and the screen’s camera is the source', async () => {
    const opened = await openRealCamera({ kind: 'browser', threshold: 0.55 }, screen);
    if (opened.close) closers.push(opened.close);
    expect(opened.camera).toBeDefined();
    expect(opened.report).toMatchObject({ sensor: 'camera', ready: true });
    expect(opened.report.device).toMatch(/kiosk screen's camera.*human 3\.3\.6.*threshold 0\.55/);
  });

  it('a face model whose files are missing: no face matching (PIN and 目視 work), said with the missing files and `npm ci`', async () => {
    const opened = await openRealCamera({ kind: 'browser', threshold: 0.5 }, screen, { modelFiles: { modelDir: '/nonexistent/models' } });
    expect(opened.camera).toBeUndefined();
    expect(opened.report.ready).toBe(false);
    expect(opened.report.problem?.code).toBe('modelMissing');
    expect(opened.report.note).toMatch(/no face matching \(PIN and 目視 still work\).*\/nonexistent\/models\/.*npm ci/);
  });

  it('--camera v4l2 with no device there: the camera is kept (it may be plugged in) and the start report names the device and how to list them', async () => {
    const opened = await openRealCamera({ kind: 'v4l2', device: '/dev/video-not-here', threshold: 0.5 }, screen);
    if (opened.close) closers.push(opened.close);
    expect(opened.camera).toBeDefined();
    expect(opened.report).toMatchObject({ ready: false, problem: { code: 'noDevice' } });
    expect(opened.report.note).toMatch(/no camera at \/dev\/video-not-here.*v4l2-ctl --list-devices/);
  });

  it('--camera folder without a folder named: no camera, said with the flag to give', async () => {
    const opened = await openRealCamera({ kind: 'folder', threshold: 0.5 }, screen);
    expect(opened.camera).toBeUndefined();
    expect(opened.report.note).toMatch(/--camera …folder:\/path\/to\/dir/);
  });

  it('--card-face ocr with tesseract missing: the scanner is kept (each scan says so, staff type the fields) and the report gives the apt-get line', async () => {
    const opened = await openRealCardFaceScanner({ kind: 'ocr', source: 'browser', tesseract: '/nonexistent/tesseract' }, screen);
    expect(opened.scanner?.needsPatient).toBe(true);
    expect(opened.report).toMatchObject({ sensor: 'cardFace', ready: false, problem: { code: 'engineMissing' } });
    expect(opened.report.note).toContain('apt-get install -y tesseract-ocr tesseract-ocr-jpn');
  });

  it('--card-face ocr:folder:DIR: ready with Debian’s tesseract when the folder is there; the folder missing is said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'card-face-folder-'));
    const there = await openRealCardFaceScanner({ kind: 'ocr', source: 'folder', folder: dir }, screen);
    expect(there.report, 'needs Debian tesseract: apt-get install -y tesseract-ocr tesseract-ocr-jpn').toMatchObject({ ready: true });
    expect(there.scanner?.needsPatient).toBe(false);
    const gone = await openRealCardFaceScanner({ kind: 'ocr', source: 'folder', folder: join(dir, 'gone') }, screen);
    expect(gone.report.ready).toBe(false);
    expect(gone.report.note).toMatch(/folder .*gone does not exist/);
  });

  it('the configuration parses the flags: --camera folder:DIR and --card-face ocr:v4l2:/dev/video2', () => {
    const config = resolveKioskConfig({ reader: { kind: 'pcsc' }, camera: { kind: 'folder', folder: '/srv/face' }, cardFace: { kind: 'ocr', source: 'v4l2', device: '/dev/video2' } });
    expect(config.camera).toMatchObject({ kind: 'folder', folder: '/srv/face', threshold: 0.5 });
    expect(config.cardFace).toMatchObject({ kind: 'ocr', source: 'v4l2', device: '/dev/video2' });
  });

  it('every combination of camera and card face starts, with one report line per sensor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'combinations-'));
    const cameras = [{ kind: 'sim' }, { kind: 'browser' }, { kind: 'v4l2', device: '/dev/video-not-here' }, { kind: 'folder', folder: dir }, { kind: 'none' }] as const;
    const cardFaces = [{ kind: 'sim' }, { kind: 'staff' }, { kind: 'ocr', source: 'browser' }, { kind: 'ocr', source: 'folder', folder: dir }, { kind: 'ocr', source: 'v4l2', device: '/dev/video-not-here' }] as const;
    for (const camera of cameras) {
      for (const cardFace of cardFaces) {
        // The model's files pointed away: each combination starts in milliseconds (the model's own load is tested above).
        const chosen = await createKioskDevices({ reader: { kind: 'sim' }, camera, cardFace }, { realSensors: { modelFiles: { modelDir: '/nonexistent/models' } } });
        try {
          expect(chosen.report.map((r) => r.sensor), `${camera.kind} × ${cardFace.kind}`).toEqual(['reader', 'phoneReader', 'staffAppReader', 'readerKey', 'camera', 'cardFace', 'panel']);
          expect(chosen.report.every((r) => r.note.length > 0)).toBe(true);
        } finally {
          await chosen.devices.close();
        }
      }
    }
  }, 60_000);

  it('a simulated reader with a real card-face OCR and a camera that cannot load its model: the kiosk starts, the report says both', async () => {
    const chosen = await createKioskDevices(
      { reader: { kind: 'sim' }, camera: { kind: 'browser' }, cardFace: { kind: 'ocr', source: 'browser' } },
      { realSensors: { modelFiles: { modelDir: '/nonexistent/models' } } },
    );
    closers.push(() => chosen.devices.close());
    const lines = formatSensorReport(chosen.report).join('\n');
    expect(lines).toMatch(/MISSING camera .*no face matching/);
    expect(lines).toMatch(/ok +cardFace +OCR \(tesseract\) over the kiosk screen's camera/);
    expect(chosen.devices.camera).toBeUndefined();
    expect(chosen.screenCamera).toBeDefined();
  });
});
