import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_TIMEOUTS } from '../../kiosk/machine/kioskTimeouts.ts';
import { OUTAGE_CASE_NUMBER, OUTAGE_CASES } from '../../kiosk/protocol/OutageCase.ts';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { launchChromium, startBrowserKiosk, type BrowserKiosk } from './browserKiosk.ts';

/**
 * What each screen says at the end of a flow (issue 13), asserted on the words and on the message the
 * patient page names in `data-message`; every patient and staff screen of every outage case is saved
 * under test-results/screens/ (<case>-patient.png, <case>-staff.png) to be looked at.
 */
const ja = PATIENT_TEXT.ja;
const SCREENS = fileURLToPath(new URL('../../test-results/screens/', import.meta.url));
let browser: Browser;
let k: BrowserKiosk | undefined;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
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
const alerts = (staff: Page) => staff.locator('[aria-label="対応が必要なこと"]').getAttribute('data-alerts');

/** An identifier of the code on the staff view (camelCase, SCREAMING_CASE): every code gets words. */
const RAW_KEY = /\b[a-z]+[A-Z][A-Za-z]+\b|\b[A-Z]+_[A-Z_]+\b/;

/** Save both screens under test-results/screens/ and check the staff view names no code. */
async function shotBoth(kiosk: BrowserKiosk, name: string): Promise<void> {
  for (const [role, page] of [
    ['patient', kiosk.patient],
    ['staff', kiosk.staff],
  ] as const) {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(SCREENS, `${name}-${role}.png`), fullPage: true });
  }
  const work = await kiosk.staff.locator('.desk-body > :not(:last-child)').allInnerTexts();
  expect(work.join('\n')).not.toMatch(RAW_KEY);
}

async function consentAll(patient: Page, k: BrowserKiosk): Promise<void> {
  await k.waitForStep('askingConsent.medical');
  await patient.getByRole('button', { name: ja.agreeAll }).click();
  await k.waitForStep('askingConsent.checkups');
  await patient.getByRole('button', { name: ja.agree, exact: true }).click();
}

async function faceVisit(k: BrowserKiosk, profile: string): Promise<void> {
  k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
  await k.devices.placeCard(profile);
  await k.waitForStep('choosingMethod');
  await k.patient.getByRole('button', { name: ja.face }).click();
}

describe('the patient is never told the wrong thing, in Chromium', () => {
  it('an expired certificate (beyond its grace) says so and where to renew it, never "could not read the card"; staff see the cause', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.devices.placeCard('expired-beyond-grace');
    await k.waitForStep('outage.guidance');
    await expect.poll(() => message(k!.patient)).toBe('outageCertificateExpired');
    const said = await main(k.patient);
    expect(said).toContain('有効期限が切れています');
    expect(said).toContain('市区町村の窓口で更新');
    expect(said).not.toContain(ja.said.outageCardUnreadable!.title);
    const guide = k.staff.locator('[aria-label="障害時の対応"]');
    await expect.poll(() => guide.getAttribute('data-outage-cause')).toBe('certificateExpired');
    expect(await guide.innerText()).toContain('電子証明書の有効期限切れ');
    await shotBoth(k, 'case-3-2-certificate-expired');
    await k.patient.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => main(k!.patient)).toContain(PATIENT_TEXT.en.said.outageCertificateExpired!.title);
    await k.patient.screenshot({ path: join(SCREENS, 'case-3-2-certificate-expired-patient-english.png'), fullPage: true });
  });

  it('a revoked certificate (E01) tells the patient it can no longer be used, and staff get a caution about a lost card', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await faceVisit(k, 'revoked');
    await consentAll(k.patient, k);
    await k.waitForStep('outage.guidance');
    await expect.poll(() => message(k!.patient)).toBe('outageCertificateRevoked');
    expect(await main(k.patient)).toContain(ja.said.outageCertificateRevoked!.title);
    await expect.poll(() => alerts(k!.staff)).toContain('certificateRevoked');
    expect(await k.staff.locator('[aria-label="対応が必要なこと"]').innerText()).toContain('紛失');
    await shotBoth(k, 'case-3-2-certificate-revoked');
  });

  it('a 顔認証マイナンバーカード whose face match failed is offered staff only, never a PIN it does not have', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    for (let i = 0; i < 3; i++) k.devices.camera.queueAttempts({ outcome: 'noMatch', captureMs: 0 });
    await k.devices.placeCard('face-auth-card');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: ja.face }).click();
    for (let i = 0; i < 2; i++) {
      await k.waitForStep('faceRetry');
      await k.patient.getByRole('button', { name: ja.tryAgain }).click();
    }
    await k.waitForStep('faceFailed');
    await expect.poll(() => message(k!.patient)).toBe('faceFailedStaffOnly');
    const said = await main(k.patient);
    expect(said).not.toContain('暗証番号');
    expect(await k.patient.getByRole('button', { name: new RegExp(ja.visual) }).count()).toBe(1);
    await shotBoth(k, 'face-failed-face-auth-card');
  });

  it('a camera fault during the visit falls back to PIN or 目視 at the reader, not to the desk', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    k.devices.camera.queueAttempts({ outcome: 'cameraFault', captureMs: 0 });
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: ja.face }).click();
    await expect.poll(() => message(k!.patient), { timeout: 10_000 }).toBe('chooseMethodCameraFailed');
    const said = await main(k.patient);
    expect(said).toContain(ja.said.chooseMethodCameraFailed!.hint);
    expect(said).not.toContain(ja.said.outageReader!.title);
    expect(await k.patient.getByRole('button', { name: new RegExp(ja.pin) }).count()).toBe(1);
    expect(await k.patient.getByRole('button', { name: new RegExp(ja.face) }).count()).toBe(0);
    await shotBoth(k, 'camera-fault-during-visit');
  });

  it('目視確認 refused by staff: the patient is asked to come to the desk (not a green "take your card")', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.devices.placeCard('sato-hanako');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: new RegExp(ja.visual) }).click();
    await k.waitForStep('visualCheck');
    await expect.poll(() => alerts(k!.staff)).toContain('visualCheck');
    expect(await k.staff.locator('.primary-action').innerText()).toBe('目視確認をする');
    await shotBoth(k, 'visual-check-waiting');
    await k.staff.getByRole('button', { name: '本人と確認できない' }).click();
    await k.waitForStep('finishing');
    await expect.poll(() => message(k!.patient)).toBe('removeCardIdentityNotConfirmed');
    expect(await main(k.patient)).toContain('受付にお越しください');
    expect(await k.patient.locator('.message.tone-attention').count()).toBe(1);
    await expect.poll(() => alerts(k!.staff)).toContain('identityRefused');
    await shotBoth(k, 'visual-check-refused');
  });

  it('a 資格確認書 number that finds nothing goes back to staff to type again (入力し直す), not to "the card failed"', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.patient.getByRole('button', { name: ja.haveCertificate }).click();
    await k.waitForStep('enteringInsuranceNumber');
    const form = k.staff.locator('[aria-label="資格確認書の入力"]');
    await form.locator('#ins-insurerNumber').fill('06139999');
    await form.locator('#ins-number').fill('999');
    await form.locator('#ins-branch').fill('00');
    await form.locator('#ins-birthDate').fill('1970-01-01');
    await form.getByRole('button', { name: '照会する' }).click();
    await k.waitForStep('insuranceNumberNotFound');
    await expect.poll(() => message(k!.patient)).toBe('documentNumberChecking');
    expect(await main(k.patient)).not.toContain('カード');
    await expect.poll(() => form.getAttribute('data-not-found')).toBe('yes');
    expect(await form.getByRole('button', { name: '入力し直して照会する' }).count()).toBe(1);
    expect(await alerts(k.staff)).toContain('numberNotFound');
    await shotBoth(k, 'document-number-not-found');
  });

  it('a wait is warned of with 「続けますか？」 and a countdown; 続ける restarts it; left alone the visit stops and says it was for time', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    expect(await k.patient.locator('.countdown').count()).toBe(0);
    k.runtime.fastForward(KIOSK_TIMEOUTS.METHOD_CHOICE - 10_000);
    const warning = k.patient.getByRole('alertdialog', { name: ja.continueQuestion });
    await warning.waitFor();
    expect(Number(await warning.getAttribute('data-countdown'))).toBeLessThanOrEqual(10);
    expect(await warning.innerText()).toMatch(/あと \d+ 秒で受付を中止します/);
    await shotBoth(k, 'timeout-warning');
    await warning.getByRole('button', { name: ja.continueButton }).click();
    await expect.poll(() => k!.patient.locator('.countdown').count()).toBe(0);
    k.runtime.fastForward(KIOSK_TIMEOUTS.METHOD_CHOICE);
    await k.waitForStep('finishing');
    await expect.poll(() => message(k!.patient)).toBe('removeCardStoppedForTime');
    expect(await main(k.patient)).toContain(ja.said.removeCardStoppedForTime!.title);
    await shotBoth(k, 'timed-out');
  });

  it('a card left on the reader after 「カードをお取りください」 is told to the patient and raised on the staff view', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: ja.cancel }).click();
    await k.waitForStep('finishing');
    k.runtime.fastForward(KIOSK_TIMEOUTS.REMOVE_CARD);
    await k.waitForStep('standby');
    await expect.poll(() => message(k!.patient)).toBe('cardLeftBehind');
    const said = await main(k.patient);
    expect(said).toContain(ja.said.cardLeftBehind!.title);
    expect(said).not.toContain(ja.placeCard);
    await expect.poll(() => alerts(k!.staff)).toContain('cardLeftBehind');
    await shotBoth(k, 'card-left-behind');
  });

  it('the PIN pad: 訂正 takes back one digit, 戻る returns to the method choice', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: new RegExp(ja.pin) }).click();
    await k.waitForStep('enteringPin');
    for (const d of '123') await k.patient.getByRole('button', { name: d, exact: true }).click();
    expect(await k.patient.locator('.dot.filled').count()).toBe(3);
    await k.patient.getByRole('button', { name: ja.clear }).click();
    expect(await k.patient.locator('.dot.filled').count()).toBe(2);
    await k.patient.getByRole('button', { name: ja.back }).click();
    await k.waitForStep('choosingMethod');
    expect(k.runtime.visits.list()[0]?.outcome ?? null).toBeNull();
  });

  it('a card whose PIN is already blocked says why the 暗証番号 button is missing; staff are told and the visit list records it', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.devices.placeCard('pin-blocked');
    await k.waitForStep('choosingMethod');
    await expect.poll(() => message(k!.patient)).toBe('chooseMethodPinLocked');
    expect(await main(k.patient)).toContain('暗証番号がロックされている');
    await expect.poll(() => alerts(k!.staff)).toContain('pinBlocked');
    await shotBoth(k, 'pin-locked');
    await k.patient.getByRole('button', { name: ja.cancel }).click();
    await k.waitForStep('finishing');
    k.devices.removeCard();
    await k.waitForStep('standby');
    await expect.poll(() => k!.staff.locator('[data-flag="pinBlocked"]').count()).toBe(1);
  });

  it('利用登録なし (E05) is said as such, with where to register, on both screens', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await faceVisit(k, 'not-registered');
    await consentAll(k.patient, k);
    // 「登録しない」 on the on-the-spot 利用登録 offer (test/browser/readerScreens.test.ts registers instead).
    await k.waitForStep('offeringRegistration');
    await k.patient.getByRole('button', { name: ja.registrationDecline }).click();
    await k.waitForStep('outage.guidance');
    await expect.poll(() => message(k!.patient)).toBe('outageNotRegistered');
    expect(await main(k.patient)).toContain('保険証として登録されていません');
    const guide = k.staff.locator('[aria-label="障害時の対応"]');
    await expect.poll(() => guide.innerText()).toContain('利用登録なし');
    expect(await guide.innerText()).not.toContain('資格情報なし（');
    await shotBoth(k, 'case-2-not-registered');
  });
});

describe('the staff view is a work queue, in Chromium', () => {
  it('複数該当: every candidate is listed and staff choose one; the claim goes on it', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await faceVisit(k, 'multiple-qualifications');
    await consentAll(k.patient, k);
    await k.waitForStep('staffReview');
    const review = k.staff.locator('[aria-label="職員の確認"]');
    await expect.poll(() => review.locator('[data-candidate]').count()).toBeGreaterThanOrEqual(2);
    expect(await alerts(k.staff)).toContain('review');
    await shotBoth(k, 'multiple-candidates');
    const second = k.runtime.view().staff.eligibility!.candidates![1]!;
    await review.locator('[data-candidate="1"]').getByRole('button', { name: 'この資格で受け付ける' }).click();
    await k.waitForStep('showingResult');
    expect(k.runtime.view().staff.visit).toMatchObject({ claimRoute: 'current', claimInsurerNumber: second.insurerNumber });
  });

  it('a suspected wrong linkage has the safe action as its primary button', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await faceVisit(k, 'wrong-linkage');
    await consentAll(k.patient, k);
    await k.waitForStep('staffReview');
    const primary = k.staff.locator('[aria-label="職員の確認"] button.go');
    await expect.poll(() => primary.allInnerTexts()).toEqual(['この資格では受け付けない（障害時の手順へ）']);
    await shotBoth(k, 'wrong-linkage');
  });

  it('the qualification as the terminal shows it: insurer, 記号・番号・枝番, 負担割合, 限度額, and the consented 薬剤情報', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await faceVisit(k, 'yamada-taro');
    await consentAll(k.patient, k);
    await k.waitForStep('showingResult');
    const panel = k.staff.locator('[aria-label="資格情報"]');
    await panel.waitFor();
    const detail = k.runtime.view().staff.eligibility!.summary!.detail!;
    expect(await panel.locator('[data-field="numbers"]').innerText()).toContain(detail.number);
    expect(await panel.locator('[data-field="copay"]').innerText()).toContain('割');
    expect(await panel.innerText()).toContain('限度額適用区分');
    const card = k.staff.locator('[aria-label="現在の患者"]');
    expect(await card.innerText()).toContain('山田');
    expect(await card.innerText()).toMatch(/\d+歳/);
    expect(await card.innerText()).toContain('顔認証');
    await panel.getByRole('button', { name: '薬剤情報を見る' }).click();
    const table = k.staff.locator('[data-medical="pharmacy"]');
    await table.waitFor();
    expect(await table.innerText()).toContain('薬剤情報');
    await shotBoth(k, 'qualification-result');
  });

  it('the システム障害時モード lookup starts from the card\'s 4 items, with the birth date in 和暦 as printed', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await faceVisit(k, 'no-qualification');
    await consentAll(k.patient, k);
    await k.waitForStep('outage.guidance');
    const form = k.staff.locator('[aria-label="システム障害時モード照会"]');
    await form.waitFor();
    expect(await form.getAttribute('data-prefilled')).toBe('card');
    expect(await form.locator('#lookup-name').inputValue()).not.toBe('');
    const iso = await form.locator('#lookup-birth').inputValue();
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await form.locator('#lookup-birth-wareki').inputValue()).toMatch(/^(昭和|平成|令和|大正)(元|\d+)年\d+月\d+日$/);
    await form.locator('#lookup-birth-wareki').fill('平成元年1月8日');
    expect(await form.locator('#lookup-birth').inputValue()).toBe('1989-01-08');
    await k.staff.getByRole('button', { name: '申立書を記入してもらう' }).click();
    const declaration = k.staff.locator('[aria-label="被保険者資格申立書"]');
    await declaration.waitFor();
    expect(await declaration.getAttribute('data-prefilled')).toBe('card');
    await declaration.locator('#decl-name').fill('');
    expect(await declaration.getByRole('button', { name: /申立書を受け付ける/ }).isDisabled()).toBe(true);
    await declaration.getByRole('button', { name: '戻る' }).click();
    await k.waitForStep('outage.guidance');
  });
});

describe('every outage case, both screens, in Chromium', () => {
  for (const outageCase of OUTAGE_CASES) {
    it(`case ${OUTAGE_CASE_NUMBER[outageCase]} (${outageCase}) started by staff: the patient is asked to the desk, staff see the procedure and an alert`, async () => {
      k = await startBrowserKiosk(browser, 'screens');
      await k.staff.getByLabel('障害の種類').selectOption(outageCase);
      await k.staff.getByRole('button', { name: 'カードを使わず障害時の対応を開始' }).click();
      await k.waitForStep('outage.guidance');
      await expect.poll(() => message(k!.patient)).toBe('outageAskDesk');
      expect(await main(k.patient)).toContain(ja.said.outageAskDesk!.title);
      const guide = k.staff.locator('[aria-label="障害時の対応"]');
      await expect.poll(() => guide.getAttribute('data-outage-case')).toBe(outageCase);
      expect(await guide.innerText()).toContain(`ケース ${OUTAGE_CASE_NUMBER[outageCase]}`);
      expect(await alerts(k.staff)).toContain('outage');
      await shotBoth(k, `case-${OUTAGE_CASE_NUMBER[outageCase]}-guidance`);
      await k.staff.getByRole('button', { name: '申立書を記入してもらう' }).click();
      await k.staff.locator('[aria-label="被保険者資格申立書"]').waitFor();
      await shotBoth(k, `case-${OUTAGE_CASE_NUMBER[outageCase]}-declaration`);
    });
  }

  it('case 3-1 by the reader going away as the card is read: the patient reads that the reader stopped, staff get the banner', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    await k.devices.placeCard('yamada-taro', [{ kind: 'readerDetached', noticeMs: 0 }]);
    await k.waitForStep('outage.guidance');
    await expect.poll(() => message(k!.patient)).toBe('outageReader');
    await expect.poll(() => alerts(k!.staff)).toContain('readerFault');
    expect(await k.staff.locator('.outage-banner').innerText()).toContain('カードリーダーが使えません');
    await shotBoth(k, 'case-3-1-reader-detached');
  });
});

describe('the control panel shows what the CLI can do, in Chromium', () => {
  it('the camera queue is shown, cleared, and dropped at the end of a visit unless pinned; timers fast-forward; a profile says what it is for', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    const { control } = k;
    const queue = control.getByTestId('camera-queue');
    await control.getByRole('button', { name: 'noMatch', exact: true }).click();
    await expect.poll(() => queue.innerText()).toBe('noMatch');
    await control.getByRole('button', { name: 'clear queue' }).click();
    await expect.poll(() => queue.innerText()).toContain('empty');

    // Queued in a visit that never reached the camera: dropped when that visit ends.
    await control.getByRole('button', { name: 'noFace', exact: true }).click();
    await expect.poll(() => queue.innerText()).toBe('noFace');
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: ja.cancel }).click();
    await k.waitForStep('finishing');
    k.devices.removeCard();
    await k.waitForStep('standby');
    await expect.poll(() => queue.innerText()).toContain('empty');

    await control.getByLabel('profile').selectOption('expired-in-grace');
    expect(await control.getByTestId('profile-description').innerText()).not.toBe('');

    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await expect.poll(() => control.getByTestId('next-wait').innerText()).toMatch(/\d+ s/);
    await control.getByRole('button', { name: 'fast-forward to the next' }).click();
    await k.waitForStep('finishing');
    await expect.poll(() => message(k!.patient)).toBe('removeCardStoppedForTime');
    await control.screenshot({ path: join(SCREENS, 'control-panel.png'), fullPage: true });
  });

  it('a shipped scenario plays on the live kiosk from the panel, with its progress', async () => {
    k = await startBrowserKiosk(browser, 'screens');
    const { control } = k;
    await control.getByLabel('scenario name').selectOption('face-happy-path');
    await control.getByRole('button', { name: 'play', exact: true }).click();
    const progress = control.getByTestId('scenario-progress');
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 30_000 }).toBe('passed');
    expect(await progress.innerText()).toContain('face-happy-path');
  });
});
