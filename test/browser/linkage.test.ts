import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLinkageReport } from '../../app/serveLinkageReport.ts';
import { checkShard, fileSource, writeLinkageReport } from '../../linkage/check/LinkageCheckFiles.ts';
import { loadPopulationManifest, POPULATION_FILES, writePopulationFiles } from '../../linkage/generate/PopulationFiles.ts';
import { loadInsurerPolicies } from '../../linkage/insurer/InsurerPolicy.ts';
import type { LinkageReport } from '../../protocol/linkageReport/LinkageReport.ts';
import { seedDatabase } from '../../server/seed/seedDatabase.ts';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { wrongLinkageScenario } from '../harness/linkageKioskFixture.ts';
import { startTestService } from '../harness/startTestService.ts';
import { launchChromium, SCREENSHOTS, startBrowserKiosk, UI_DIST } from './browserKiosk.ts';

const ja = PATIENT_TEXT.ja;
let browser: Browser;
const root = mkdtempSync(join(tmpdir(), 'linkage-browser-'));
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the 総点検 in the screens, in Chromium', () => {
  it('the insurer’s page charts the counts by class and insurer, lists the suspects with the differing items marked, and shows one beside J-LIS', async () => {
    const dir = join(root, 'population');
    const out = join(root, 'report');
    writePopulationFiles(dir, { people: 5_000, seed: 11, rates: { otherPerson: 0.01 }, insurers: loadInsurerPolicies() });
    const shard = { index: 0, count: 1, key: 'insurer' } as const;
    await checkShard({ input: dir, outDir: out, shard, openSource: fileSource(dir, shard) });
    const report: LinkageReport = writeLinkageReport({ input: dir, outDir: out, shards: 1, shardKey: 'insurer', manifest: loadPopulationManifest(dir), truthFile: join(dir, POPULATION_FILES.truth), durationMs: 1 });
    const server = await serveLinkageReport({ reportDir: out, staticDir: UI_DIST });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1100 }, locale: 'ja-JP' });
    try {
      await page.goto(`${server.url}/#/insurer`);
      const header = page.locator('.desk-header');
      await expect.poll(() => header.innerText()).toContain(`${report.linkages.toLocaleString('ja-JP')} 件を J-LIS 5情報と照合`);
      expect(await header.innerText()).toContain(`再現率 ${(report.truth!.recall * 100).toFixed(1)} %`);
      const chart = page.getByRole('img', { name: '区分別の件数' });
      expect(await chart.locator('[data-class="otherPerson"]').textContent()).toContain(`別人の疑い${report.byClass.otherPerson.toLocaleString('ja-JP')}`);
      expect(await chart.locator('[data-class="exact"]').textContent()).toContain(report.byClass.exact.toLocaleString('ja-JP'));
      expect(await page.getByRole('img', { name: '保険者別の疑い件数' }).textContent()).toContain(report.byInsurer[0]!.insurerName);

      const list = page.getByRole('region', { name: '疑いのある紐付け' });
      await expect.poll(() => list.innerText()).toContain(`疑いのある紐付け（${report.byClass.otherPerson.toLocaleString('ja-JP')}件）`);
      expect(await list.locator('tbody tr').count()).toBe(Math.min(50, report.byClass.otherPerson));
      expect(await list.locator('tbody td.differs').count()).toBeGreaterThan(0);

      // A family swap: the birth date differs, and the two records say so side by side.
      const swapped = list.locator('tbody tr', { has: page.locator('td.differs') }).filter({ hasText: '不一致' }).first();
      await swapped.click();
      const side = page.getByRole('region', { name: '保険者の記録とJ-LIS' });
      const rows = side.locator('tbody tr.differs');
      expect(await rows.count()).toBeGreaterThan(0);
      const first = rows.first();
      const [registered, jlis] = [await first.locator('td').nth(1).innerText(), await first.locator('td').nth(2).innerText()];
      expect(registered).not.toBe(jlis);
      expect(await side.innerText()).toMatch(/保険者の登録[\s\S]*J-LIS（住民基本台帳）/);

      await page.getByRole('combobox', { name: '区分' }).selectOption('addressOnly');
      await expect.poll(() => list.innerText()).toContain(`疑いのある紐付け（${report.byClass.addressOnly.toLocaleString('ja-JP')}件）`);
      await page.locator('[aria-label="保険者の記録とJ-LIS"] tr[data-item="address"].differs').waitFor();
      expect(await side.innerText()).toContain('転居');
      await page.screenshot({ path: join(SCREENSHOTS, 'linkage-insurer-page.png'), fullPage: true });
    } finally {
      await page.close();
      await server.close();
    }
  });

  it('the pipeline’s wrong linkage: the victim’s check-in shows on the staff view as 紐付け誤りの疑い; after the insurer’s correction her next check-in shows her qualification', async () => {
    const scenario = wrongLinkageScenario();
    const service = await startTestService({ seed: scenario.population });
    const k = await startBrowserKiosk(browser, 'linkage', { service });
    try {
      const { patient, staff } = k;
      k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
      await k.devices.placeCard(scenario.cardFile);
      await k.waitForStep('choosingMethod');
      await patient.getByRole('button', { name: ja.face }).click();
      await k.waitForStep('askingConsent');
      await patient.getByRole('button', { name: ja.skipAll }).click();
      await k.waitForStep('staffReview');
      // While staff review it: the reason, and no data on the patient's screen.
      await expect.poll(() => staff.locator('.desk-body').innerText()).toContain('紐付け誤りの疑いがあります');
      expect(await staff.getByRole('region', { name: '現在の受付' }).innerText()).toContain('紐付け誤りの疑い');
      await k.shot(staff, 'staff-review-wrong-linkage');
      k.runtime.send({ type: 'cancel' });
      await k.waitForStep('finishing');
      k.devices.removeCard();
      await k.waitForStep('standby');
      // Then on today's list, pulled out on top.
      const suspected = staff.getByRole('region', { name: '紐付け誤りの疑い' });
      await expect.poll(() => suspected.innerText()).toContain('紐付け誤りの疑い（1件）');
      expect(await suspected.innerText()).toContain('斉藤\u3000優子');
      await k.shot(staff, 'staff-wrong-linkage');

      await seedDatabase(service.db, scenario.correct());
      k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
      await k.devices.placeCard(scenario.cardFile);
      await k.waitForStep('choosingMethod');
      await patient.getByRole('button', { name: ja.face }).click();
      await k.waitForStep('askingConsent');
      await patient.getByRole('button', { name: ja.skipAll }).click();
      await k.waitForStep('showingResult');
      await expect.poll(() => patient.locator('.kiosk-main').innerText()).toContain('全国健康保険協会 東京支部');
      await expect.poll(() => staff.locator('[aria-label="本日の受付"] tbody tr').count()).toBe(2);
      expect(await suspected.innerText()).toContain('紐付け誤りの疑い（1件）');
      await k.shot(patient, 'corrected-result');
    } finally {
      await k.close();
    }
  });
});
