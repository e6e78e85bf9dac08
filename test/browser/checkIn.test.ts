import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { launchChromium, rendersWithNotoSansJp, startBrowserKiosk, type BrowserKiosk } from './browserKiosk.ts';
import { pinFoundAt } from '../harness/pinFoundAt.ts';

const ja = PATIENT_TEXT.ja;
const en = PATIENT_TEXT.en;
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

describe('check-in on the patient screen, in Chromium', () => {
  it('a patient checks in by face: the control panel places the card, the result shows 3割, and the screen keeps nothing once the card is taken', async () => {
    k = await startBrowserKiosk(browser, 'face');
    const { patient, control, staff } = k;
    expect(await rendersWithNotoSansJp(patient, ja.placeCard)).toBe(true);
    await k.shot(patient, 'standby');

    await control.getByLabel('profile').selectOption('yamada-taro');
    await control.getByRole('button', { name: 'match', exact: true }).click();
    await control.getByRole('button', { name: 'place card' }).click();
    await k.waitForStep('choosingMethod');
    await k.shot(patient, 'method-choice');

    await patient.getByRole('button', { name: ja.face }).click();
    // Consent as the readers group it: 診療・薬剤・手術 on one screen, chosen one by one here, then 特定健診.
    await k.waitForStep('askingConsent.medical');
    expect(await patient.locator('.kiosk-main').innerText()).toContain(ja.consentWhoSees);
    await k.shot(patient, 'consent-medical');
    await patient.getByRole('button', { name: ja.chooseEach }).click();
    await k.waitForStep('askingConsent.medicalEach');
    await patient.getByRole('checkbox', { name: ja.consentItem.pharmacy }).click();
    await k.shot(patient, 'consent-each');
    await patient.getByRole('button', { name: ja.ok }).click();
    await k.waitForStep('askingConsent.checkups');
    await k.shot(patient, 'consent-checkups');
    await patient.getByRole('button', { name: ja.agree, exact: true }).click();
    await k.waitForStep('showingResult');
    const main = patient.locator('.kiosk-main');
    await expect.poll(() => main.innerText()).toContain('3割');
    const insurer = k.runtime.view().patient.result?.insurerName ?? '';
    expect(insurer).not.toBe('');
    expect(await main.innerText()).toContain(insurer);
    await k.shot(patient, 'result');

    await patient.getByRole('button', { name: ja.ok }).click();
    await k.waitForStep('finishing');
    await expect.poll(() => main.innerText()).toContain(ja.removeCard);
    await k.shot(patient, 'remove-card');
    await control.getByRole('button', { name: 'remove card' }).click();
    await k.waitForStep('standby');
    const after = await main.innerText();
    expect(after).toContain(ja.placeCard);
    expect(after).not.toContain(insurer);
    expect(after).not.toContain('3割');

    await expect.poll(() => staff.locator('[aria-label="本日の受付"] tbody tr').count()).toBe(1);
    expect(await staff.locator('[aria-label="本日の受付"]').innerText()).toContain('顔認証');
    await k.shot(staff, 'staff-visits');
    await expect.poll(() => control.locator('[aria-label="event log"]').innerText()).toContain('xstate.done.actor.matchFace');
    expect(await control.locator('[aria-label="APDU trace"] div').count()).toBeGreaterThan(5);
    await k.shot(control, 'control-panel');
  });

  it('a PIN check-in with one wrong PIN: the pad is masked, tries left are shown, and the digits appear in no frame but the one pin frame', async () => {
    k = await startBrowserKiosk(browser, 'pin');
    const { patient, control } = k;
    const wrong = '8063';
    const framesIn: string[] = [];
    const framesOut: string[] = [];
    for (const page of [patient, control, k.staff]) {
      page.on('websocket', (ws) => {
        ws.on('framereceived', (f) => framesIn.push(String(f.payload)));
        ws.on('framesent', (f) => framesOut.push(String(f.payload)));
      });
    }
    // The pages connected before the listeners: reload so every frame of this visit is seen.
    await Promise.all([patient.reload(), control.reload(), k.staff.reload()]);
    await k.waitForStep('standby');
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await patient.getByRole('button', { name: ja.pin, exact: false }).first().click();
    await k.waitForStep('enteringPin');
    await expect.poll(() => k!.runtime.awaitingPin).toBe(true);
    for (const d of wrong.slice(0, 2)) await patient.getByRole('button', { name: d, exact: true }).click();
    expect(await patient.locator('.dot.filled').count()).toBe(2);
    expect(await patient.locator('.kiosk-main').innerText()).not.toMatch(/\d{2}/);
    await k.shot(patient, 'pin-pad-masked');
    for (const d of wrong.slice(2)) await patient.getByRole('button', { name: d, exact: true }).click();
    await patient.getByRole('button', { name: ja.ok }).click();
    await k.waitForStep('pinWrong');
    expect(await patient.locator('.kiosk-main').innerText()).toContain('あと 2 回');
    await k.shot(patient, 'pin-wrong');

    await k.waitForStep('enteringPin', 8_000);
    await expect.poll(() => k!.runtime.awaitingPin).toBe(true);
    expect(await patient.locator('.kiosk-main').innerText()).toContain(ja.triesLeft(2));
    await k.shot(patient, 'pin-tries-left');
    for (const d of '1234') await patient.getByRole('button', { name: d, exact: true }).click();
    await patient.getByRole('button', { name: ja.ok }).click();
    await k.waitForStep('askingConsent');
    await patient.getByRole('button', { name: ja.skipAll }).click();
    await k.waitForStep('showingResult');
    await k.shot(patient, 'result');

    const pinFrames = framesOut.filter((f) => f.includes('"type":"pin"'));
    expect(pinFrames).toHaveLength(2);
    // The PIN as a value of its own (pinFoundAt: its digits inside a timestamp such as 1796137588063 are no
    // leak); its ASCII hex (an APDU dump) anywhere.
    for (const f of framesOut.filter((x) => !x.includes('"type":"pin"'))) expect(pinFoundAt(f, wrong)).toBe(-1);
    for (const f of framesIn) {
      expect(pinFoundAt(f, wrong)).toBe(-1);
      expect(f.toLowerCase()).not.toContain(Buffer.from(wrong).toString('hex'));
    }
    expect(framesIn.some((f) => f.includes('<redacted 4 bytes>'))).toBe(true);
    expect(await control.locator('[aria-label="event log"]').innerText()).toContain('PIN handed to the card (not shown)');
  });

  it('目視確認: staff see the card photo, approve, and the patient is checked in', async () => {
    k = await startBrowserKiosk(browser, 'visual');
    const { patient, staff } = k;
    await k.devices.placeCard('sato-hanako');
    await k.waitForStep('choosingMethod');
    await patient.getByRole('button', { name: ja.visual }).click();
    await k.waitForStep('visualCheck');
    await k.shot(patient, 'waiting-for-staff');
    const photo = staff.getByAltText('カードの顔写真');
    await photo.waitFor();
    expect(await photo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await k.shot(staff, 'visual-check');
    await staff.getByRole('button', { name: '本人と確認した' }).click();
    await k.waitForStep('askingConsent');
    expect(await staff.getByAltText('カードの顔写真').count()).toBe(0);
    await patient.getByRole('button', { name: ja.skipAll }).click();
    await k.waitForStep('showingResult');
    await k.shot(patient, 'result');
    expect(k.runtime.view().staff.visit.identityMethod).toBe('visual');
  });

  it('the English switch turns the patient screen to English for one visit, and the next patient starts in Japanese', async () => {
    k = await startBrowserKiosk(browser, 'language');
    const { patient } = k;
    const main = patient.locator('.kiosk-main');
    await patient.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => main.innerText()).toContain(en.placeCard);
    expect(await patient.evaluate(() => document.documentElement.lang)).toBe('en');
    await k.shot(patient, 'standby-english');
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    expect(await main.innerText()).toContain(en.chooseMethod);
    await k.shot(patient, 'method-choice-english');
    await patient.getByRole('button', { name: en.cancel }).click();
    await k.waitForStep('finishing');
    expect(await main.innerText()).toContain(en.said.removeCardCancelled!.title);
    k.devices.removeCard();
    await k.waitForStep('standby');
    await expect.poll(() => main.innerText()).toContain(ja.placeCard);
    await patient.getByRole('button', { name: 'English' }).waitFor();
    await k.shot(patient, 'standby-back-to-japanese');
  });
});
