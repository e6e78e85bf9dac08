import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSimulatorControl } from '../../app/createKioskDevices.ts';
import { BUILT_SCREENS_DIR, startKiosk } from '../../app/startKiosk.ts';
import type { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';
import type { RunningKioskServer } from '../../kiosk/runtime/startKioskServer.ts';
import type { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import { startTestService, type TestService } from '../harness/startTestService.ts';
import { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const UI_DIST = BUILT_SCREENS_DIR;
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * Debian's Chromium, never a downloaded one. Playwright's launch() gives every browser a fresh
 * temporary profile (it refuses --user-data-dir in args), which is the fresh user-data-dir we want.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the browser tests drive Debian's Chromium. Install it with \`apt-get install -y chromium\` (never let a test tool download a browser).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface BrowserKiosk {
  runtime: KioskRuntime;
  devices: SimKioskDevices;
  service: TestService;
  operator: OperatorClient;
  screens: RunningKioskServer;
  /** The reader's touch panel (1024×768), the staff terminal and the control panel (1280×900). */
  patient: Page;
  staff: Page;
  control: Page;
  /** Save a screenshot of one page as test-results/screenshots/<prefix>-<nn>-<name>.png. */
  shot(page: Page, name: string): Promise<string>;
  /** Wait until the patient screen shows `step` (prefix match on the state path). */
  waitForStep(step: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real runtime on simulated devices and the real eligibility service, served to three pages of one
 * browser. `service`: one the caller started (another population); it is disposed with the kiosk.
 */
export async function startBrowserKiosk(browser: Browser, prefix: string, options: { service?: TestService; clinic?: { issuesElectronicPrescriptions?: boolean; asksMedicalSubsidy?: boolean } } = {}): Promise<BrowserKiosk> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const service = options.service ?? (await startTestService());
  const devices = new SimKioskDevices({ camera: { sleep: async () => undefined } });
  const operator = service.operator();
  await operator.connect();
  const kiosk = await startKiosk({
    devices,
    simulator: createSimulatorControl(devices, operator),
    service: service.terminal(0, { deadlineMs: 3_000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } }),
    dbFile: join(mkdtempSync(join(tmpdir(), 'kiosk-browser-')), 'kiosk.sqlite'),
    screens: { staticDir: UI_DIST },
    ...(options.clinic ? { clinic: options.clinic } : {}),
  });
  const { runtime } = kiosk;
  const screens = kiosk.screens!;
  const open = async (url: string, width: number, height: number) => {
    const page = await browser.newPage({ viewport: { width, height }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    await page.goto(url);
    return page;
  };
  const patient = await open(`${screens.url}/`, 1024, 768);
  const staff = await open(screens.staffUrl, 1280, 900);
  const control = await open(screens.controlUrl, 1280, 900);
  await patient.locator('.kiosk[data-step="standby"]').waitFor();
  let n = 0;
  return {
    runtime,
    devices,
    service,
    operator,
    screens,
    patient,
    staff,
    control,
    async shot(page, name) {
      n += 1;
      const file = join(SCREENSHOTS, `${prefix}-${String(n).padStart(2, '0')}-${name}.png`);
      // Fonts are split into unicode-range subsets: wait until the ones on screen have arrived.
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async waitForStep(step, timeoutMs = 15_000) {
      await patient.waitForFunction(
        (s) => {
          const at = document.querySelector('.kiosk')?.getAttribute('data-step') ?? '';
          return at === s || at.startsWith(`${s}.`);
        },
        step,
        { timeout: timeoutMs },
      );
    },
    async close() {
      await Promise.all([patient.close(), staff.close(), control.close()]);
      await kiosk.close();
      await devices.close();
      await service.dispose();
    },
  };
}

/**
 * Whether the bundled Noto Sans JP has loaded faces for `text`: the unicode-range subsets that
 * cover it. Without them a fresh machine draws boxes (browser-rig.md); looking is still the proof.
 */
export async function rendersWithNotoSansJp(page: Page, text: string): Promise<boolean> {
  return page.evaluate(async (t) => {
    const faces = await document.fonts.load('700 24px "Noto Sans JP"', t);
    return faces.length > 0 && faces.every((f) => f.status === 'loaded');
  }, text);
}
