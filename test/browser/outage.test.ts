import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { launchChromium, startBrowserKiosk, type BrowserKiosk } from './browserKiosk.ts';

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

describe('outage cases completed through the staff view, in Chromium', () => {
  it('card defect (3-2): a dead chip; staff find the patient by the 4 card-face items in システム障害時モード, with a tolerance warning', async () => {
    k = await startBrowserKiosk(browser, 'card-defect');
    const { patient, staff } = k;
    await k.devices.placeCard('dead-chip');
    await k.waitForStep('outage.guidance');
    expect(await patient.locator('.kiosk-main').innerText()).toContain(ja.said.outageCardUnreadable!.title);
    await k.shot(patient, 'patient');

    const guide = staff.locator('[aria-label="障害時の対応"]');
    await guide.waitFor();
    expect(await guide.innerText()).toContain('ケース 3-2');
    expect(await staff.getByRole('button', { name: 'マイナポータルの資格情報画面' }).isDisabled()).toBe(true);
    await staff.getByRole('button', { name: '券面から転記（シミュレータ）' }).click();
    await k.shot(staff, 'lookup-form');
    await staff.getByRole('button', { name: '4情報で照会する' }).click();
    // A match that needed a tolerance waits for staff to ask the patient: nothing is settled before.
    await k.waitForStep('outage.confirmingMatch');
    await expect.poll(() => staff.locator('[aria-label="対応が必要なこと"]').getAttribute('data-alerts')).toContain('confirmMatch');
    expect(await guide.innerText()).toContain('口頭で確認してください');
    expect(k.runtime.visits.list()[0]?.claimRoute ?? null).toBeNull(); // the open visit is not settled
    await k.shot(staff, 'confirm-match');
    await staff.getByRole('button', { name: /患者さんに確認した/ }).click();
    await k.waitForStep('finishing');
    const current = staff.locator('[aria-label="現在の受付"]');
    await expect.poll(() => current.innerText()).toContain('表記ゆれ');
    expect(await current.innerText()).toContain('通常請求');
    await k.shot(staff, 'settled');
    await k.shot(patient, 'patient-remove-card');

    k.devices.removeCard();
    await k.waitForStep('standby');
    const visits = staff.locator('[aria-label="本日の受付"]');
    await expect.poll(() => visits.innerText()).toContain('表記ゆれで一致');
    expect(k.runtime.visits.list()[0]).toMatchObject({ outageCase: 'cardDefect', claimRoute: 'current', lookupToleranceUsed: true });
  });

  it('network loss (3-4): the control panel takes the service down; staff take the 申立書 at 3割, 不詳 77777777, re-checked once the service is back', async () => {
    k = await startBrowserKiosk(browser, 'network-down');
    const { patient, staff, control } = k;
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await control.getByRole('button', { name: 'take down' }).click();
    await expect.poll(() => control.locator('[aria-label="eligibility service"]').innerText()).toContain('down');
    await patient.getByRole('button', { name: ja.face }).click();
    // The service is known to be down: consent is not asked, the visit goes to the outage procedure at once.
    await k.waitForStep('outage.guidance', 20_000);
    expect(await patient.locator('.kiosk-main').innerText()).toContain(ja.said.outageSystem!.title);
    await k.shot(patient, 'patient');

    const guide = staff.locator('[aria-label="障害時の対応"]');
    await guide.waitFor();
    expect(await guide.innerText()).toContain('ケース 3-4');
    expect(await guide.innerText()).toContain('接続できない');
    await k.shot(staff, 'guidance');
    await staff.getByRole('button', { name: '申立書を記入してもらう' }).click();
    // The chip was read: the 申立書 starts from the card's 4 items.
    const declaration = staff.locator('[aria-label="被保険者資格申立書"]');
    expect(await declaration.getAttribute('data-prefilled')).toBe('card');
    expect(await declaration.locator('#decl-name').inputValue()).not.toBe('');
    await staff.getByLabel('連絡先').fill('090-0000-0000');
    await staff.getByLabel('加入医療保険種別').selectOption('unknown');
    await k.shot(staff, 'declaration');
    await staff.getByRole('button', { name: /申立書を受け付ける/ }).click();
    await k.waitForStep('finishing');
    const current = staff.locator('[aria-label="現在の受付"]');
    await expect.poll(() => current.innerText()).toContain('77777777');
    expect(await current.innerText()).toContain('3割');
    await k.shot(staff, 'settled');

    k.devices.removeCard();
    await k.waitForStep('standby');
    const visits = staff.locator('[aria-label="本日の受付"]');
    await expect.poll(() => visits.innerText()).toContain('事後確認待ち');
    await k.shot(staff, 'pending-recheck');
    await control.getByRole('button', { name: 'bring up' }).click();
    await expect.poll(() => visits.innerText(), { timeout: 20_000 }).toContain('事後確認済み');
    expect(k.runtime.visits.list()[0]).toMatchObject({ claimRoute: 'current', pendingRecheck: false, recheck: { status: 'done' } });
    await k.shot(staff, 'rechecked');
    await k.shot(control, 'control-panel');
  });

  it('資格情報なし (case 2): the patient is told to see staff; staff confirm the 資格確認書 and the visit is claimed normally at 3割', async () => {
    k = await startBrowserKiosk(browser, 'no-qualification');
    const { patient, staff } = k;
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('no-qualification');
    await k.waitForStep('choosingMethod');
    await patient.getByRole('button', { name: ja.face }).click();
    await k.waitForStep('askingConsent');
    await patient.getByRole('button', { name: ja.skipAll }).click();
    await k.waitForStep('outage.guidance');
    const main = await patient.locator('.kiosk-main').innerText();
    expect(main).toContain(ja.said.outageQualification!.title);
    expect(main).not.toMatch(/[A-Z_]{6,}|\b\d{3,}\b/); // no codes or numbers for the patient
    await k.shot(patient, 'patient');

    const guide = staff.locator('[aria-label="障害時の対応"]');
    await guide.waitFor();
    expect(await guide.innerText()).toContain('資格情報なし');
    await k.shot(staff, 'guidance');
    // 資格確認書 opens the number entry: the claim goes on the insurer number copied off it.
    await staff.getByRole('button', { name: '資格確認書（保険証）' }).click();
    const numbers = staff.locator('[data-form="proofNumbers"]');
    expect(await numbers.getByRole('button', { name: 'この番号で受け付ける' }).isDisabled()).toBe(true);
    await numbers.locator('#proof-insurerNumber').fill('06139999');
    await numbers.locator('#proof-symbol').fill('12');
    await numbers.locator('#proof-number').fill('345');
    await numbers.locator('#proof-branch').fill('00');
    await k.shot(staff, 'proof-numbers');
    await numbers.getByRole('button', { name: 'この番号で受け付ける' }).click();
    await k.waitForStep('finishing');
    await expect.poll(() => staff.locator('[aria-label="現在の受付"]').innerText()).toContain('通常請求');
    await k.shot(staff, 'settled');
    k.devices.removeCard();
    await k.waitForStep('standby');
    expect(k.runtime.visits.list()[0]).toMatchObject({ outageCase: 'case2', ownProof: 'qualificationCertificate', copayPercent: 30, claimRoute: 'current', claimInsurerNumber: '06139999' });
  });
});
