import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraError } from '../camera/CameraError.ts';
import type { CameraFrame } from '../camera/FrameSource.ts';
import { ScanError } from '../cardFace/CardFaceScanner.ts';
import { readPngSize } from '../cameraFrames/readPngSize.ts';
import { CardFrontRenderer } from '../../sim/cardFace/renderCardFront.ts';
import { loadCardProfile, type LoadedCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { degradeLikeCamera } from '../../test/harness/degradeLikeCamera.ts';
import { ScriptedFrameSource } from '../../test/harness/ScriptedFrameSource.ts';
import { OcrCardFaceScanner } from './OcrCardFaceScanner.ts';

const INSTALL = 'these tests read with Debian tesseract: apt-get install -y tesseract-ocr tesseract-ocr-jpn';
const frameOf = (png: Uint8Array): CameraFrame => ({ png, ...readPngSize(png)!, capturedAt: Date.now() });
const scannerOver = (png: Uint8Array) => new OcrCardFaceScanner({ source: new ScriptedFrameSource([{ frame: frameOf(png) }]), needsPatient: false });
const truthOf = ({ profile }: LoadedCardProfile) => ({ birthDate: profile.holder.birthDate, cardExpiry: profile.card.expiry, securityCode: profile.card.securityCode });
const withCard = (loaded: LoadedCardProfile, card: Partial<LoadedCardProfile['profile']['card']>, holder: Partial<LoadedCardProfile['profile']['holder']> = {}): LoadedCardProfile => ({
  ...loaded,
  profile: { ...loaded.profile, holder: { ...loaded.profile.holder, ...holder }, card: { ...loaded.profile.card, ...card } },
});

async function scanError(promise: Promise<unknown>): Promise<ScanError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ScanError);
    return error as ScanError;
  }
  return expect.unreachable('the scan should have failed');
}

/** A plain grey frame: the empty tray. */
function blankFrame(): Uint8Array {
  const png = new PNG({ width: 800, height: 505 });
  png.data.fill(236);
  return new Uint8Array(PNG.sync.write(png));
}

describe('OcrCardFaceScanner (tesseract over the card front the simulator prints)', () => {
  const yamada = loadCardProfile('yamada-taro');
  const sato = loadCardProfile('sato-hanako');
  // 平成元年 1月 8日: the first day of 平成, printed with 元 and single-digit month and day.
  const heiseiGannen = withCard(sato, { expiry: '2029-01-08' }, { birthDate: '1989-01-08' });
  const cards: Record<'clean' | 'seireki' | 'gannen' | 'camera' | 'smudged', Uint8Array> = {} as never;
  let renderer: CardFrontRenderer;

  beforeAll(async () => {
    renderer = await CardFrontRenderer.open();
    cards.clean = await renderer.render(yamada);
    cards.seireki = await renderer.render(withCard(sato, { birthDateCalendar: '西暦' }));
    cards.gannen = await renderer.render(heiseiGannen);
    cards.camera = degradeLikeCamera(cards.clean);
    cards.smudged = await renderer.render(yamada, { smudged: true });
  }, 60_000);
  afterAll(() => renderer?.close());

  it('reads a clean card with a 和暦 birth date (昭和55年 2月17日生)', async () => {
    expect(await scannerOver(cards.clean).scan({ deadlineMs: 20_000 }), INSTALL).toEqual(truthOf(yamada));
  });

  it('reads a card that prints the birth date in 西暦 (1992年11月 3日生), and one born on 平成元年 1月 8日', async () => {
    expect(await scannerOver(cards.seireki).scan({ deadlineMs: 20_000 })).toEqual(truthOf(sato));
    expect(await scannerOver(cards.gannen).scan({ deadlineMs: 20_000 })).toEqual(truthOf(heiseiGannen));
  });

  it('reads the card as a document camera sees it: 800 px wide, tilted, shifted, blurred, noisy', async () => {
    expect(readPngSize(cards.camera)?.width).toBe(800);
    expect(await scannerOver(cards.camera).scan({ deadlineMs: 20_000 })).toEqual(truthOf(yamada));
  });

  it('refuses a smudged card with UNREADABLE naming 生年月日, never a wrong value', async () => {
    const error = await scanError(scannerOver(cards.smudged).scan({ deadlineMs: 20_000 }));
    expect(error.code).toBe('UNREADABLE');
    expect(error.field).toBe('birthDate');
    expect(error.message).toMatch(/生年月日/);
  });

  it('answers NO_CARD for an empty tray (a blank frame), without running the OCR', async () => {
    const error = await scanError(new OcrCardFaceScanner({ source: new ScriptedFrameSource([{ frame: frameOf(blankFrame()) }]), needsPatient: false, tesseract: '/nonexistent/tesseract' }).scan({ deadlineMs: 5_000 }));
    expect(error.code).toBe('NO_CARD');
  });

  it('answers ENGINE_MISSING with the apt-get command when tesseract is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = await scanError(scannerOver(cards.clean).scan({ deadlineMs: 5_000 }));
      expect(error.code).toBe('ENGINE_MISSING');
      expect(error.message).toContain('apt-get install -y tesseract-ocr tesseract-ocr-jpn');
    } finally {
      process.env.PATH = path;
    }
  });

  it('answers ENGINE_MISSING naming the language data when tesseract has no jpn/eng', async () => {
    const prefix = process.env.TESSDATA_PREFIX;
    process.env.TESSDATA_PREFIX = mkdtempSync(join(tmpdir(), 'no-tessdata-'));
    try {
      const error = await scanError(scannerOver(cards.clean).scan({ deadlineMs: 5_000 }));
      expect(error.code).toBe('ENGINE_MISSING');
      expect(error.message).toMatch(/no (jpn|eng) language data.*apt-get install -y tesseract-ocr tesseract-ocr-jpn/);
    } finally {
      if (prefix === undefined) delete process.env.TESSDATA_PREFIX;
      else process.env.TESSDATA_PREFIX = prefix;
    }
  });

  it('answers SOURCE_UNAVAILABLE when the camera has no frame, TIMEOUT when none comes in time, and says whether it needs the patient', async () => {
    const noCamera = new OcrCardFaceScanner({ source: new ScriptedFrameSource([{ error: new CameraError('NO_CAMERA', 'no /dev/video0') }]), needsPatient: false });
    expect((await scanError(noCamera.scan({ deadlineMs: 1_000 }))).code).toBe('SOURCE_UNAVAILABLE');
    const source = new ScriptedFrameSource(['hang']);
    const screenCamera = new OcrCardFaceScanner({ source, needsPatient: true });
    expect((await scanError(screenCamera.scan({ deadlineMs: 100 }))).code).toBe('TIMEOUT');
    expect(source.requests[0]).toMatchObject({ purpose: 'cardFace' });
    expect(screenCamera.needsPatient).toBe(true);
    expect(noCamera.needsPatient).toBe(false);
  });
});
