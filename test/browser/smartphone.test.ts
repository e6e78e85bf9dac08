import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { launchChromium, startBrowserKiosk, type BrowserKiosk } from './browserKiosk.ts';

/**
 * The smartphone マイナ保険証 at the reader (issue 15), in Chromium: 「スマートフォン」 at standby, iPhone or
 * Android, the Android PIN on the reader's pad, Face ID on the iPhone, the phone held over the simulated
 * smartphone reader, the card's consent screens, the result; and an expired phone credential (no grace).
 * Asserted on the words the patient reads and the message the page names in `data-message`.
 */
const ja = PATIENT_TEXT.ja;
let browser: Browser;
let k: BrowserKiosk | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await k?.close();
  k = undefined;
});

const main = (page: Page) => page.locator('.kiosk-main').innerText();
const message = (page: Page) => page.locator('.kiosk').getAttribute('data-message');

async function choosePhone(k: BrowserKiosk, kind: 'iPhone' | 'Android'): Promise<void> {
  await k.waitForStep('standby');
  await k.patient.getByRole('button', { name: ja.usePhone }).click();
  await k.waitForStep('usingSmartphone');
  await expect.poll(() => message(k.patient)).toBe('phoneChooseKind');
  expect(await main(k.patient)).toContain(ja.said.phoneChooseKind!.title);
  await k.patient.getByRole('button', { name: kind, exact: true }).click();
}

async function typePin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: ja.ok, exact: true }).click();
}

async function consentAndResult(k: BrowserKiosk): Promise<void> {
  await k.waitForStep('askingConsent.medical');
  await k.patient.getByRole('button', { name: ja.agreeAll }).click();
  await k.waitForStep('askingConsent.checkups');
  await k.patient.getByRole('button', { name: ja.agree, exact: true }).click();
  await k.waitForStep('showingResult');
  const said = await main(k.patient);
  expect(said).toContain(ja.resultTitle);
  expect(said).toMatch(/割/);
}

describe('the smartphone マイナ保険証 at the reader, in Chromium', () => {
  it('Android: the スマホ用 PIN on the reader’s pad, the phone held over the smartphone reader, consent, 有効', async () => {
    k = await startBrowserKiosk(browser, 'smartphone');
    await choosePhone(k, 'Android');
    await expect.poll(() => message(k!.patient)).toBe('phoneEnterPin');
    expect(await main(k.patient)).toContain('スマホ用電子証明書の暗証番号');
    await typePin(k.patient, '2580');
    await expect.poll(() => message(k!.patient)).toBe('phoneHoldAndroid');
    expect(await main(k.patient)).toContain(ja.said.phoneHoldAndroid!.title);
    await k.devices.phones.place('phone-android-yamada');
    await consentAndResult(k);
    await k.patient.getByRole('button', { name: ja.ok, exact: true }).click();
    await k.waitForStep('standby');
    const visit = k.runtime.visits.list()[0]!;
    expect(visit).toMatchObject({ identityMethod: 'pin', outcome: 'completed' });
  });

  it('iPhone: no PIN; held before Face ID it is told to authenticate on the phone, after Face ID it checks in', async () => {
    k = await startBrowserKiosk(browser, 'smartphone');
    await choosePhone(k, 'iPhone');
    await expect.poll(() => message(k!.patient)).toBe('phoneHoldIPhone');
    expect(await main(k.patient)).toContain('Face ID');
    expect(await k.patient.locator('.pin-dots').count()).toBe(0);
    await k.devices.phones.place('phone-iphone-sato');
    await expect.poll(() => message(k!.patient)).toBe('phoneNotAuthenticated');
    expect(await main(k.patient)).toContain(ja.said.phoneNotAuthenticated!.title);
    await expect.poll(() => message(k!.patient), { timeout: 10_000 }).toBe('phoneHoldIPhone');
    expect(k.devices.phones.authenticateOnDevice()).toBe(true);
    await k.devices.phones.holdAgain();
    await consentAndResult(k);
    await k.patient.getByRole('button', { name: ja.ok, exact: true }).click();
    await k.waitForStep('standby');
    expect(k.runtime.visits.list()[0]).toMatchObject({ identityMethod: 'device', outcome: 'completed' });
  });

  it('an expired phone credential says so (no grace for a phone), never "could not read the card"; then the 3-2 procedure', async () => {
    k = await startBrowserKiosk(browser, 'smartphone');
    await choosePhone(k, 'Android');
    await expect.poll(() => message(k!.patient)).toBe('phoneEnterPin');
    await typePin(k.patient, '3690');
    await expect.poll(() => message(k!.patient)).toBe('phoneHoldAndroid');
    await k.devices.phones.place('phone-android-expired');
    await expect.poll(() => message(k!.patient)).toBe('phoneExpired');
    const said = await main(k.patient);
    expect(said).toContain('スマホ用電子証明書の有効期限が切れています');
    expect(said).toContain('猶予期間がありません');
    await k.patient.getByRole('button', { name: ja.ok, exact: true }).click();
    await k.waitForStep('outage.guidance');
    await expect.poll(() => message(k!.patient)).toBe('outagePhoneExpired');
    expect(await main(k.patient)).not.toContain(ja.said.outageCardUnreadable!.title);
    const guide = k.staff.locator('[aria-label="障害時の対応"]');
    await expect.poll(() => guide.getAttribute('data-outage-cause')).toBe('phoneCredentialExpired');
    expect(await guide.innerText()).toContain('スマホ用電子証明書の有効期限切れ');
  });
});
