import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { CardFrontRenderer } from '../../sim/cardFace/renderCardFront.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { CHROMIUM, SCREENSHOTS } from '../browser/browserKiosk.ts';
import { liveFrame, PEOPLE, type FacePerson } from '../harness/faceFixtures.ts';
import { startKioskProcess, type KioskProcess } from '../harness/kioskProcess.ts';
import { VPCD_READER } from '../harness/pcscCardHarness.ts';
import { encodeY4m } from '../harness/writeY4m.ts';

/**
 * The kiosk with real sensors, as `npm start -- --reader pcsc --camera browser --card-face ocr` runs it:
 * the virtual card in the real pcscd through vpcd, the patient page's camera (Chromium's fake camera
 * playing a y4m file) feeding both the card-face OCR (Debian's tesseract) and the on-device face model.
 * The patient first holds the card front up to the camera, then looks into it: the test plays the
 * card front the simulator prints, and, once the page has sent that picture, overwrites the same file
 * in place with a face (Chromium reads the file frame by frame, so the camera shows the new scene).
 *
 * The face: profile face-photograph, whose 顔写真 is cut from @vladmandic/face-api's MIT demo photo
 * sample1 (test/fixtures/faces, person faceapi-sample1-1); the other face is sample5's (faceapi-sample5-0).
 */
const ja = PATIENT_TEXT.ja;
const PROFILE = 'face-photograph';
const PIN = '2468';
let browser: Browser;
let kiosk: KioskProcess;
let patient: Page;
let staff: Page;
let cameraFile: string;
let scenes: { card: Buffer; smudged: Buffer; same: Buffer; other: Buffer };
let framesSent = 0;
const frameWaiters: Array<() => void> = [];
let shots = 0;

/** The face frame on a background of the card front's size, so every scene's y4m has the same bytes count. */
function faceScene(person: FacePerson, width: number, height: number): Uint8Array {
  const face = PNG.sync.read(Buffer.from(liveFrame(person).png));
  const out = new PNG({ width, height });
  out.data.fill(200);
  const left = Math.floor((width - face.width) / 2);
  const top = Math.floor((height - face.height) / 2);
  for (let y = 0; y < face.height; y++) face.data.copy(out.data, ((top + y) * width + left) * 4, y * face.width * 4, (y + 1) * face.width * 4);
  return PNG.sync.write(out);
}

/** What the camera shows from now on: the same file, overwritten in place. */
function show(scene: Buffer): void {
  const fd = openSync(cameraFile, 'r+');
  try {
    writeSync(fd, scene, 0, scene.length, 0);
  } finally {
    closeSync(fd);
  }
}

/** Resolves when the patient page has sent the runtime its next camera picture. */
function nextFrameSent(): Promise<void> {
  return new Promise((resolve) => frameWaiters.push(resolve));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SCREENSHOTS}real-sensors-${String(++shots).padStart(2, '0')}-${name}.png`, fullPage: true });
}

async function waitForStep(step: string, timeoutMs = 20_000, page: Page = patient): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const at = document.querySelector('.kiosk')?.getAttribute('data-step') ?? '';
      return at === s || at.startsWith(`${s}.`);
    },
    step,
    { timeout: timeoutMs },
  );
}

async function finishVisit(page: Page = patient): Promise<void> {
  await waitForStep('askingConsent', 30_000, page);
  await page.getByRole('button', { name: ja.skipAll }).click();
  await waitForStep('showingResult', 20_000, page);
  await page.getByRole('button', { name: ja.ok }).click();
  await waitForStep('finishing', 20_000, page);
  await kiosk.sim({ type: 'card.remove' });
  await waitForStep('standby', 20_000, page);
}

const visitsTable = () => staff.locator('[aria-label="本日の受付"] tbody');
const sensorRow = (sensor: string) => staff.locator(`[aria-label="機器の状態"] tr[data-sensor="${sensor}"]`);

beforeAll(async () => {
  const renderer = await CardFrontRenderer.open();
  const card = loadCardProfile(PROFILE);
  const front = await renderer.render(card);
  const smudged = await renderer.render(card, { smudged: true });
  await renderer.close();
  const { width, height } = PNG.sync.read(Buffer.from(front));
  scenes = {
    card: encodeY4m(front),
    smudged: encodeY4m(smudged),
    same: encodeY4m(faceScene(PEOPLE[0], width, height)),
    other: encodeY4m(faceScene(PEOPLE[1], width, height)),
  };
  cameraFile = join(mkdtempSync(join(tmpdir(), 'kiosk-camera-')), 'camera.y4m');
  writeFileSync(cameraFile, scenes.card);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${cameraFile}`],
  });
  kiosk = await startKioskProcess(['--reader', 'pcsc', '--reader-name', VPCD_READER, '--vpcd', '--camera', 'browser', '--card-face', 'ocr'], { timeoutMs: 90_000 });
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  patient = await context.newPage();
  patient.on('websocket', (ws) =>
    ws.on('framesent', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.startsWith('{"type":"camera.frame"')) {
        framesSent++;
        for (const wake of frameWaiters.splice(0)) wake();
      }
    }),
  );
  await patient.goto(`${kiosk.screensUrl}/`);
  staff = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  await staff.goto(kiosk.staffUrl);
  await waitForStep('standby', 30_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('the kiosk with a real camera and a real card-face OCR, on pcscd + vpcd', () => {
  it('says at start, and on the staff view, that the camera (face model) and the card-face OCR are ready', async () => {
    const out = kiosk.output();
    expect(out).toMatch(/ok +camera +the kiosk screen's camera .*human 3\.3\.6.*threshold 0\.5/);
    expect(out).toMatch(/ok +cardFace +OCR \(tesseract\) over the kiosk screen's camera/);
    await expect.poll(() => sensorRow('camera').innerText()).toContain('正常');
    expect(await sensorRow('cardFace').innerText()).toContain('正常');
  });

  it('a face check-in completes: the card front read by OCR gives 照合番号B, the live face matches the card photo', async () => {
    show(scenes.card);
    await kiosk.sim({ type: 'card.place', profile: PROFILE });
    await waitForStep('choosingMethod');
    const cardFaceSent = nextFrameSent();
    await patient.getByRole('button', { name: ja.face, exact: false }).first().click();
    await cardFaceSent;
    // The patient lowers the card and looks into the camera.
    show(scenes.same);
    await finishVisit();
    await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 10_000 }).toContain('完了');
    const row = await visitsTable().locator('tr').first().innerText();
    expect(row).toContain('顔認証');
    expect(row).toContain('有効');
    expect(row).not.toContain('カード取り外し');
    expect(framesSent).toBeGreaterThanOrEqual(2);
  });

  it('another face does not match: the patient is asked to try again or use the PIN, and the PIN completes the visit', async () => {
    show(scenes.card);
    await kiosk.sim({ type: 'card.place', profile: PROFILE });
    await waitForStep('choosingMethod');
    const cardFaceSent = nextFrameSent();
    await patient.getByRole('button', { name: ja.face, exact: false }).first().click();
    await cardFaceSent;
    show(scenes.other);
    await waitForStep('faceRetry', 30_000);
    expect(await patient.locator('.kiosk-main').innerText()).toContain(ja.faceRetry);
    await shot(patient, 'face-no-match');
    await patient.getByRole('button', { name: ja.usePinInstead }).click();
    await waitForStep('enteringPin');
    for (const d of PIN) await patient.getByRole('button', { name: d, exact: true }).click();
    await patient.getByRole('button', { name: ja.ok }).click();
    await finishVisit();
    await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 10_000 }).toContain('完了');
    const row = await visitsTable().locator('tr').first().innerText();
    expect(row).toContain('暗証番号');
    expect(row).not.toContain('顔認証');
  });

  it('a smudged card front: the staff view names the field the OCR could not read (never "card removed"); staff type it and 目視 completes', async () => {
    show(scenes.smudged);
    await kiosk.sim({ type: 'card.place', profile: PROFILE });
    await waitForStep('choosingMethod');
    await patient.getByRole('button', { name: ja.visual }).click();
    // The OCR reads from the screen's camera: the patient is asked to show the card front to it.
    await waitForStep('readingCardFace', 10_000);
    expect(await patient.locator('.kiosk-main').innerText()).toContain(ja.showCardFace);
    await waitForStep('enteringCardFace', 30_000);
    const form = staff.locator('[aria-label="券面の入力"]');
    await form.waitFor();
    const issue = await form.getByTestId('card-face-issue').innerText();
    expect(issue).toMatch(/券面の「(生年月日|有効期限|セキュリティコード)」を読み取れませんでした/);
    await expect.poll(() => sensorRow('cardFace').getAttribute('data-problem')).toBe('unreadable');
    expect(await sensorRow('cardFace').innerText()).toMatch(/直近の券面で「(生年月日|有効期限|セキュリティコード)」を読み取れませんでした/);
    await shot(staff, 'smudged-card-face');
    // face-photograph: born 1988-04-12 (昭和63年), card to 2033-04-12, code 7391 (sim/profiles/face-photograph.json).
    await form.getByLabel('生年月日').fill('昭和63年4月12日');
    await form.getByLabel('有効期限').fill('2033年4月12日');
    await form.getByLabel('セキュリティコード').fill('7391');
    await form.getByRole('button', { name: '写真を読み取る' }).click();
    await waitForStep('visualCheck');
    await staff.getByRole('button', { name: '本人と確認した' }).click();
    await finishVisit();
    await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 10_000 }).toContain('目視確認');
    const row = await visitsTable().locator('tr').first().innerText();
    expect(row).toContain('完了');
    expect(row).not.toContain('カード取り外し');
  });

  it('a kiosk display with no camera: the staff view says there is no camera, staff type the card face, and 目視 completes (never "card removed")', async () => {
    // A second display whose browser has no camera at all (no fake device): the newest patient page takes the pictures.
    const bare = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-ui-for-media-stream'] });
    try {
      const display = await bare.newPage({ viewport: { width: 1024, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
      await display.goto(`${kiosk.screensUrl}/`);
      await waitForStep('standby', 20_000, display);
      await kiosk.sim({ type: 'card.place', profile: PROFILE });
      await waitForStep('choosingMethod', 20_000, display);
      await display.getByRole('button', { name: ja.visual }).click();
      await waitForStep('enteringCardFace', 30_000, display);
      const form = staff.locator('[aria-label="券面の入力"]');
      await form.waitFor();
      expect(await form.getByTestId('card-face-issue').innerText()).toMatch(/券面を撮るカメラが使えません: .*NotFoundError/);
      await expect.poll(() => sensorRow('camera').getAttribute('data-problem')).toBe('noDevice');
      expect(await sensorRow('camera').innerText()).toContain('カメラがありません');
      expect(await sensorRow('camera').getAttribute('data-ready')).toBe('false');
      expect(await sensorRow('cardFace').getAttribute('data-problem')).toBe('noDevice');
      await shot(staff, 'no-camera');
      await form.getByLabel('生年月日').fill('昭和63年4月12日');
      await form.getByLabel('有効期限').fill('2033年4月12日');
      await form.getByLabel('セキュリティコード').fill('7391');
      await form.getByRole('button', { name: '写真を読み取る' }).click();
      await waitForStep('visualCheck', 20_000, display);
      await staff.getByRole('button', { name: '本人と確認した' }).click();
      await finishVisit(display);
      await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 10_000 }).toContain('目視確認');
      const row = await visitsTable().locator('tr').first().innerText();
      expect(row).toContain('完了');
      expect(row).not.toContain('カード取り外し');
    } finally {
      await bare.close();
    }
  });
});
