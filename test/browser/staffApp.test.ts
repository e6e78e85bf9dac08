import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { pinFoundAt } from '../harness/pinFoundAt.ts';
import { launchChromium, startBrowserKiosk, type BrowserKiosk } from './browserKiosk.ts';

/**
 * Case 3-1 handled through the マイナ資格確認アプリ (issue 15), in Chromium: the face reader fails, the staff
 * view's guidance names the app first once it is enrolled, the app page (a phone viewport) enrols with the
 * code the staff view issued, the card goes on the app's own reader, identity by the patient's PIN or by
 * 目視 with the card photo, consent, 有効 with the person's data on the app page, and the visit in the staff
 * list as a staff-app visit. Asserted on the words staff read.
 */
let browser: Browser;
let k: BrowserKiosk | undefined;
let app: Page | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await k?.close();
  k = undefined;
});

const appText = (page: Page) => page.locator('.staff-app').innerText();
const appStep = (page: Page) => page.locator('.staff-app').getAttribute('data-step');

/** The app on a phone: 390×844, touch, as staff hold it at the counter. */
async function openApp(k: BrowserKiosk, frames?: { in: string[]; out: string[] }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  if (frames)
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => frames.in.push(String(f.payload)));
      ws.on('framesent', (f) => frames.out.push(String(f.payload)));
    });
  await page.goto(k.screens.staffAppUrl);
  await expect.poll(() => appStep(page)).not.toBe('');
  return page;
}

/** The face reader goes away as the card is read: case 3-1 on the staff view. */
async function breakFaceReader(k: BrowserKiosk): Promise<void> {
  await k.devices.placeCard('yamada-taro', [{ kind: 'readerDetached', noticeMs: 0 }]);
  await k.waitForStep('outage.guidance');
  await expect.poll(() => k.staff.locator('[aria-label="障害時の対応"]').innerText()).toContain('ケース 3-1');
}

/** Staff issue a code on the 資格確認端末; the app page enters it (after a wrong one, refused in words). */
async function enrol(k: BrowserKiosk, app: Page): Promise<void> {
  expect(await appText(app)).toContain('この端末は利用登録されていません');
  // Unenrolled, the page offers only 利用登録.
  expect(await app.getByRole('button').allInnerTexts()).toEqual(['利用登録する']);
  await app.getByLabel('利用登録コード（12桁）').fill('000000000000');
  await app.getByRole('button', { name: '利用登録する' }).click();
  await expect.poll(() => app.getByRole('alert').innerText()).toContain('この利用登録コードは発行されていません');
  await k.staff.getByRole('button', { name: '利用登録コードを発行' }).click();
  const shown = k.staff.getByTestId('staff-app-code');
  await shown.waitFor();
  const code = (await shown.innerText()).replace(/\s/g, '');
  expect(code).toMatch(/^\d{12}$/);
  expect(await k.staff.locator('[aria-label="マイナ資格確認アプリ"]').innerText()).toContain('1回限り');
  await app.getByLabel('利用登録コード（12桁）').fill(code);
  await app.getByRole('button', { name: '利用登録する' }).click();
  await expect.poll(() => appText(app)).toContain('利用登録済み');
  await expect.poll(() => appText(app)).toContain('マイナンバーカードをリーダーに置いてください');
  await expect.poll(() => k.staff.locator('[aria-label="マイナ資格確認アプリ"]').innerText()).toContain('利用登録済み');
}

/** The control panel lays a card on the app's reader. */
async function placeOnAppReader(k: BrowserKiosk, profile: string): Promise<void> {
  await k.control.getByLabel('profile').selectOption(profile);
  await k.control.getByRole('button', { name: 'lay a card on the staff app’s reader' }).click();
}

/** After the guidance names the app, it still lists the usual 3-1 steps after it. */
async function expectAppNamedFirst(k: BrowserKiosk): Promise<void> {
  const guide = k.staff.locator('[aria-label="障害時の対応"]');
  await expect.poll(() => guide.innerText()).toContain('マイナ資格確認アプリで確認');
  const said = await guide.innerText();
  expect(said.indexOf('マイナ資格確認アプリ')).toBeGreaterThanOrEqual(0);
  expect(said.indexOf('マイナ資格確認アプリ')).toBeLessThan(said.indexOf('1. 患者さん自身の証明を確認'));
  expect(said).toContain('2. システム障害時モードで照会');
}

describe('case 3-1 handled through the マイナ資格確認アプリ, in Chromium', () => {
  it('PIN: the face reader fails, the guidance names the enrolled app first, the app reads the card, PIN, consent, 有効 with the person’s data, and the visit in the staff list', async () => {
    k = await startBrowserKiosk(browser, 'staff-app-pin');
    const frames = { in: [] as string[], out: [] as string[] };
    for (const page of [k.staff, k.control]) page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.in.push(String(f.payload))));
    await Promise.all([k.staff.reload(), k.control.reload()]);
    app = await openApp(k, frames);

    await breakFaceReader(k);
    // Not enrolled: the guidance is as it always was.
    expect(await k.staff.locator('[aria-label="障害時の対応"]').innerText()).not.toContain('マイナ資格確認アプリ');
    await enrol(k, app);
    await expectAppNamedFirst(k);
    await k.shot(k.staff, 'guidance-names-app');

    await placeOnAppReader(k, 'yamada-taro');
    await expect.poll(() => appStep(app!)).toBe('choosingIdentity');
    expect(await appText(app)).toContain('本人確認の方法を選んでください');
    await k.shot(app, 'app-choose');
    await app.getByRole('button', { name: '暗証番号で確認' }).click();
    await expect.poll(() => appText(app!)).toContain('患者さんに暗証番号（数字4桁）を入力してもらってください');
    // A wrong PIN first: the card counts it, the page says how many tries are left.
    await app.getByLabel('暗証番号（4桁）').fill('9999');
    await app.getByRole('button', { name: '確認' }).click();
    await expect.poll(() => app!.getByRole('alert').innerText()).toContain('暗証番号が違います。あと2回');
    await app.getByLabel('暗証番号（4桁）').fill('1234');
    await app.getByRole('button', { name: '確認' }).click();
    await expect.poll(() => appText(app!)).toContain('患者さんに同意を確認してください');
    await app.getByRole('button', { name: '同意する', exact: true }).click();
    await expect.poll(() => appStep(app!), { timeout: 15_000 }).toBe('showingResult');
    const result = await app.locator('[aria-label="資格確認の結果"]').innerText();
    expect(result).toContain('有効');
    expect(result).toContain('本人確認: 暗証番号');
    expect(result).toMatch(/山田\s*太郎/);
    expect(result).toContain('1980-02-17');
    expect(result).toContain('保険者番号');
    expect(result).toMatch(/\d割/);
    await k.shot(app, 'app-result');

    const visits = k.staff.locator('[aria-label="本日の受付"]');
    await expect.poll(() => visits.innerText()).toContain('資格確認アプリ');
    const row = visits.locator('tr', { has: k.staff.locator('[data-channel="staffApp"]') });
    expect(await row.innerText()).toContain('暗証番号');
    expect(await row.innerText()).toContain('有効');
    expect(await row.innerText()).toMatch(/山田\s*太郎/);
    await k.shot(k.staff, 'visit-listed');
    const record = k.runtime.visits.list().find((v) => v.channel === 'staffApp');
    expect(record).toMatchObject({ identityMethod: 'pin', outcome: 'completed', claimRoute: 'current', eligibility: { kind: 'eligible' } });

    // The PIN went to the app's card only: in no frame but its own, in no frame any page received, not on the record.
    const pinFrames = frames.out.filter((f) => f.includes('"type":"pin"'));
    expect(pinFrames).toHaveLength(2);
    for (const pin of ['1234', '9999']) {
      for (const f of frames.out.filter((x) => !x.includes('"type":"pin"'))) expect(pinFoundAt(f, pin)).toBe(-1);
      for (const f of frames.in) {
        expect(pinFoundAt(f, pin), f.slice(0, 200)).toBe(-1);
        expect(f.toLowerCase()).not.toContain(Buffer.from(pin).toString('hex'));
      }
      expect(pinFoundAt(JSON.stringify(k.runtime.visits.list()), pin)).toBe(-1);
    }
    expect(await k.control.locator('[aria-label="event log"]').innerText()).toContain("PIN handed to the app's card (not shown)");

    // The card is taken back: the app waits for the next patient.
    await app.getByRole('button', { name: '次の患者さん' }).click();
    await k.control.getByRole('button', { name: 'take it off the staff app’s reader' }).click();
    await expect.poll(() => appStep(app!)).toBe('waitingForCard');
  });

  it('目視: staff compare the face with the card photo on the app page, record who confirmed, consent, 有効', async () => {
    k = await startBrowserKiosk(browser, 'staff-app-visual');
    app = await openApp(k);
    await breakFaceReader(k);
    await enrol(k, app);
    await expectAppNamedFirst(k);

    await placeOnAppReader(k, 'sato-hanako');
    await expect.poll(() => appStep(app!)).toBe('choosingIdentity');
    await app.getByRole('button', { name: '目視で確認' }).click();
    const face = loadCardProfile('sato-hanako').profile;
    await app.getByLabel('生年月日').fill(face.holder.birthDate);
    await app.getByLabel('有効期限').fill(face.card.expiry);
    await app.getByLabel('セキュリティコード').fill(face.card.securityCode);
    await app.getByRole('button', { name: '顔写真を表示' }).click();
    await expect.poll(() => appText(app!)).toContain('カードの顔写真と患者さんのお顔を見比べてください');
    const photo = app.getByAltText('カードの顔写真');
    expect(await photo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await appText(app)).toMatch(/佐藤\s*花子/);
    await k.shot(app, 'app-photo');
    expect(await app.getByRole('button', { name: '本人と確認した' }).isDisabled()).toBe(true);
    await app.getByLabel('確認した職員').fill('受付 鈴木');
    await app.getByRole('button', { name: '本人と確認した' }).click();
    await expect.poll(() => appText(app!)).toContain('患者さんに同意を確認してください');
    await app.getByRole('button', { name: '同意する', exact: true }).click();
    await expect.poll(() => appStep(app!), { timeout: 15_000 }).toBe('showingResult');
    const result = await app.locator('[aria-label="資格確認の結果"]').innerText();
    expect(result).toContain('有効');
    expect(result).toContain('本人確認: 目視確認');
    expect(result).toMatch(/佐藤\s*花子/);
    await k.shot(app, 'app-result');
    // Once the result is shown, the photo is gone from the page.
    expect(await app.getByAltText('カードの顔写真').count()).toBe(0);

    const row = k.staff.locator('[aria-label="本日の受付"] tr', { has: k.staff.locator('[data-channel="staffApp"]') });
    await expect.poll(() => row.innerText()).toContain('目視確認（受付 鈴木）');
    expect(await row.innerText()).toContain('有効');
    expect(k.runtime.visits.list().find((v) => v.channel === 'staffApp')).toMatchObject({ identityMethod: 'visual', visualConfirmedBy: '受付 鈴木', outcome: 'completed', eligibility: { kind: 'eligible' } });
  });
});
