import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { launchChromium, SCREENSHOTS } from '../browser/browserKiosk.ts';
import { runningPcscdPid } from '../harness/pcscdRig.ts';
import { startKioskProcess, type KioskProcess } from '../harness/kioskProcess.ts';
import { VPCD_READER } from '../harness/pcscCardHarness.ts';

/**
 * The kiosk on the real PC/SC path, as a vendor starts it: `npm run kiosk -- start --reader pcsc`
 * against the real pcscd, the virtual card in it through vpcd, nothing else attached (no camera, no
 * card-face scanner, the staff view's buttons), driven through its patient and staff pages in Chromium.
 */
const ja = PATIENT_TEXT.ja;
let browser: Browser;
let kiosk: KioskProcess;
let patient: Page;
let staff: Page;
let shots = 0;

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SCREENSHOTS}pcsc-${String(++shots).padStart(2, '0')}-${name}.png`, fullPage: true });
}

async function waitForStep(step: string, timeoutMs = 15_000): Promise<void> {
  await patient.waitForFunction(
    (s) => {
      const at = document.querySelector('.kiosk')?.getAttribute('data-step') ?? '';
      return at === s || at.startsWith(`${s}.`);
    },
    step,
    { timeout: timeoutMs },
  );
}

async function typePin(pin: string): Promise<void> {
  for (const d of pin) await patient.getByRole('button', { name: d, exact: true }).click();
  await patient.getByRole('button', { name: ja.ok }).click();
}

/** A PIN check-in from the method choice to the card taken off: what a bare PC/SC reader must do. */
async function pinCheckIn(): Promise<void> {
  await waitForStep('choosingMethod');
  await patient.getByRole('button', { name: ja.pin, exact: false }).first().click();
  await waitForStep('enteringPin');
  await typePin('1234');
  await waitForStep('askingConsent');
  await patient.getByRole('button', { name: ja.skipAll }).click();
  await waitForStep('showingResult');
  await expect.poll(() => patient.locator('.kiosk-main').innerText()).toContain('3割');
}

const visitsTable = () => staff.locator('[aria-label="本日の受付"] tbody');

beforeAll(async () => {
  browser = await launchChromium();
  kiosk = await startKioskProcess(['--reader', 'pcsc', '--reader-name', VPCD_READER, '--vpcd']);
  const open = async (url: string, width: number, height: number) => {
    const page = await browser.newPage({ viewport: { width, height }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    await page.goto(url);
    return page;
  };
  patient = await open(`${kiosk.screensUrl}/`, 1024, 768);
  // The staff view signs in with the link the kiosk printed (its screen token).
  staff = await open(kiosk.staffUrl, 1280, 900);
  await waitForStep('standby', 30_000);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('the kiosk on pcscd + vpcd, as `start --reader pcsc` runs it', () => {
  it('says at start what each sensor is: the PC/SC reader, no camera, card face and 目視 on the staff view', () => {
    const out = kiosk.output();
    expect(out).toMatch(new RegExp(`ok +reader +PC/SC: ${VPCD_READER}`));
    expect(out).toMatch(/ok +camera +none: no face matching/);
    expect(out).toMatch(/ok +cardFace +staff view/);
    expect(out).toMatch(/ok +panel +staff view buttons/);
  });

  it('a PIN check-in on a bare PC/SC reader completes: 有効, 3割, recorded as completed (never "card removed")', async () => {
    await kiosk.sim({ type: 'card.place', profile: 'yamada-taro' });
    await pinCheckIn();
    await shot(patient, 'pin-result');
    await patient.getByRole('button', { name: ja.ok }).click();
    await waitForStep('finishing');
    await kiosk.sim({ type: 'card.remove' });
    await waitForStep('standby');
    await expect.poll(() => visitsTable().innerText(), { timeout: 10_000 }).toContain('完了');
    const row = await visitsTable().locator('tr').first().innerText();
    expect(row).toContain('暗証番号');
    expect(row).toContain('有効');
    expect(row).not.toContain('カード取り外し');
  });

  it('目視 without a card-face scanner: staff type the three fields off the card (和暦 as printed), see the photo, approve', async () => {
    await kiosk.sim({ type: 'card.place', profile: 'sato-hanako' });
    await waitForStep('choosingMethod');
    await patient.getByRole('button', { name: ja.visual }).click();
    await waitForStep('enteringCardFace');
    expect(await patient.locator('.kiosk-main').innerText()).toContain(ja.cardFaceByStaff);
    const form = staff.locator('[aria-label="券面の入力"]');
    await form.waitFor();
    expect(await form.innerText()).toContain('このカードリーダーには券面を読むスキャナーがありません');
    await shot(staff, 'card-face-entry');
    // sato-hanako: born 1992-11-03 (平成4年), card to 2034-11-03, code 4083 (sim/profiles/sato-hanako.json).
    await form.getByLabel('生年月日').fill('平成4年11月3日');
    await form.getByLabel('有効期限').fill('2034年11月3日');
    await form.getByLabel('セキュリティコード').fill('4083');
    await form.getByRole('button', { name: '写真を読み取る' }).click();
    await waitForStep('visualCheck');
    const photo = staff.getByAltText('カードの顔写真');
    await photo.waitFor();
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await staff.getByRole('button', { name: '本人と確認した' }).click();
    await waitForStep('askingConsent');
    await patient.getByRole('button', { name: ja.skipAll }).click();
    await waitForStep('showingResult');
    await kiosk.sim({ type: 'card.remove' });
    await waitForStep('standby');
    await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 10_000 }).toContain('目視確認');
  });

  it('a card pulled in the middle of its certificate read ends the visit as card removed, and the reader checks in the next card', async () => {
    await kiosk.sim({ type: 'card.place', profile: 'yamada-taro', faults: [{ kind: 'cardPulled', ins: 0xb0, skip: 2, scope: { kind: 'next' } }] });
    await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 15_000 }).toContain('カード取り外し');
    await waitForStep('standby');
    await kiosk.sim({ type: 'card.place', profile: 'yamada-taro' });
    await pinCheckIn();
    await kiosk.sim({ type: 'card.remove' });
    await waitForStep('standby');
    await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 10_000 }).toContain('完了');
  });

  it('pcscd killed mid-visit: case 3-1 on the staff view; when pcscd is back the next visit completes', async () => {
    await kiosk.sim({ type: 'card.place', profile: 'yamada-taro' });
    await waitForStep('choosingMethod');
    const pid = runningPcscdPid();
    expect(pid, 'a running pcscd').toBeDefined();
    process.kill(pid!, 'SIGTERM');
    for (let i = 0; i < 50 && spawnSync('kill', ['-0', String(pid)]).status === 0; i++) await sleep(100);
    await waitForStep('outage', 20_000);
    const guide = staff.locator('.desk-body');
    await expect.poll(() => guide.innerText(), { timeout: 10_000 }).toContain('ケース 3-1');
    await shot(staff, 'pcscd-gone-3-1');
    // The machine-wide pcscd comes back, as an init system would restart it.
    spawn('pcscd', ['--foreground'], { detached: true, stdio: 'ignore' }).unref();
    await staff.getByRole('button', { name: /10割/ }).click();
    await expect.poll(() => visitsTable().locator('tr').first().innerText(), { timeout: 10_000 }).toContain('10割');
    // The card never left the reader: once pcscd is back, vpcd shows it again and the next visit begins by itself.
    await pinCheckIn();
    await kiosk.sim({ type: 'card.remove' });
    await waitForStep('standby');
  });
});
