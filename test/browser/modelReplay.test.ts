import 'reflect-metadata';
import { createSimulatorControl } from '../../app/createKioskDevices.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { EventObject } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskStateKey } from '../../kiosk/machine/kioskStateKey.ts';
import { OUTAGE_CASE_NUMBER } from '../../kiosk/protocol/OutageCase.ts';
import { startKioskServer, type RunningKioskServer } from '../../kiosk/runtime/startKioskServer.ts';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import type { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import { startTestService, type TestService } from '../harness/startTestService.ts';
import type { KioskHarness } from '../harness/kioskHarness.ts';
import { KioskPathRun, type RealCoverage } from '../model/KioskPathRun.ts';
import { planKioskModel, type KioskSnapshot, type PlannedPath } from '../model/kioskModelPlan.ts';
import { launchChromium, SCREENSHOTS, UI_DIST } from './browserKiosk.ts';
import type { CardFaceItems, Declaration, InsuranceNumberSearch } from '../../kiosk/protocol/UiEvent.ts';

/**
 * A few of the model suite's generated paths, one per outage family, replayed with the same
 * executors (KioskPathRun: devices, service, clock, assertions), except that the events of the touch
 * panel and the staff view are performed by clicking and typing on the pages in Chromium.
 */
const ja = PATIENT_TEXT.ja;
type Pages = { patient: Page; staff: Page };
type AnyEvent = EventObject & Record<string, unknown>;

/** Each UI event the chosen paths need, done on the page that offers it. */
const UI_CONTROLS: Record<string, (p: Pages, e: AnyEvent) => Promise<void>> = {
  'document.chosen': async ({ patient }) => patient.getByRole('button', { name: ja.haveCertificate }).first().click(),
  'staff.insuranceEntered': async ({ staff }, e) => {
    const s = e.search as InsuranceNumberSearch;
    const form = staff.locator('[aria-label="資格確認書の入力"]');
    await form.locator('#ins-insurerNumber').fill(s.insurerNumber);
    await form.locator('#ins-symbol').fill(s.symbol);
    await form.locator('#ins-number').fill(s.number);
    await form.locator('#ins-branch').fill(s.branch);
    await form.locator('#ins-birthDate').fill(s.birthDate);
    await form.getByRole('button', { name: '照会する' }).click();
  },
  'staff.lookupRequested': async ({ staff }, e) => {
    const items = e.items as CardFaceItems;
    const form = staff.locator('[aria-label="システム障害時モード照会"]');
    await form.locator('#lookup-name').fill(items.name);
    await form.locator('#lookup-birth').fill(items.birthDate);
    await form.locator('#lookup-sex').selectOption(items.sex);
    await form.locator('#lookup-address').fill(items.address);
    await form.getByRole('button', { name: '4情報で照会する' }).click();
  },
  'staff.declarationStarted': async ({ staff }) => staff.getByRole('button', { name: '申立書を記入してもらう' }).click(),
  'staff.declarationSubmitted': async ({ staff }, e) => {
    const d = e.declaration as Declaration;
    const form = staff.locator('[aria-label="被保険者資格申立書"]');
    // The form is filled from the card when it was read; otherwise staff copy the 4 items off the paper form.
    if ((await form.locator('#decl-name').inputValue()) === '') {
      await form.locator('#decl-name').fill('山田\u3000太郎');
      await form.locator('#decl-birth').fill('1980-02-17');
      await form.locator('#decl-address').fill('東京都千代田区霞が関１丁目２番２号');
    }
    await form.locator('#decl-type').selectOption(d.insuranceType);
    await form.locator('#decl-copay').selectOption(String(d.copayPercent));
    await form.getByRole('checkbox', { name: /77777779/ }).setChecked(d.claimSoftwareRejects7777);
    await form.getByRole('button', { name: /申立書を受け付ける/ }).click();
  },
};

/** Events of the touch panel and the staff view (staff.approved/refused are the reader's own buttons). */
const isUiEvent = (type: string) => /^(method|consent|result|notice|document|face|staff)\.|^cancel$/.test(type) && type !== 'staff.approved' && type !== 'staff.refused';

/** The shortest generated path of a family that ends in a settled visit and whose UI events all have a control. */
function pick(paths: PlannedPath[], prefix: string): PlannedPath {
  const fits = paths
    .filter((p) => p.name.startsWith(`${prefix}: `) && p.name.endsWith('⇒ finishing'))
    .filter((p) => p.steps.every((s) => !isUiEvent(s.event.type) || s.event.type in UI_CONTROLS))
    .sort((a, b) => a.steps.length - b.steps.length);
  if (!fits[0]) throw new Error(`no replayable ${prefix} path ends in a settled visit`);
  return fits[0];
}

const plan = planKioskModel();
const FAMILIES = [
  { slug: 'card-defect', prefix: 'case 3-2', settled: '通常請求' },
  { slug: 'network-loss', prefix: 'case 3-4', settled: '77777777' },
  { slug: 'no-qualification', prefix: 'case 2', settled: '通常請求' },
].map((f) => ({ ...f, path: pick(plan.paths, f.prefix) }));

let browser: Browser;
let service: TestService;
let operator: OperatorClient;
const coverage: RealCoverage = { transitions: new Set(), stateNodes: new Set() };

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  service = await startTestService();
  operator = service.operator();
  await operator.connect();
});
afterAll(async () => {
  await browser?.close();
  await service?.dispose();
});

describe('generated model paths replayed through the screens, one per outage family, in Chromium', () => {
  for (const family of FAMILIES) {
    it(`${family.slug}: ${family.path.name}`, async () => {
      let h: KioskHarness | undefined;
      let screens: RunningKioskServer | undefined;
      let pages: Pages | undefined;
      const uiEvents: string[] = [];
      let awaited: { type: string; arrived: () => void } | null = null;
      const run = new KioskPathRun(family.path.steps, service, operator, coverage, {
        onStarted: async (harness) => {
          h = harness;
          // The screens' events reach the runtime through the kiosk server: note when the awaited one arrives.
          const send = harness.runtime.send.bind(harness.runtime);
          harness.runtime.send = (event) => {
            send(event);
            if (awaited?.type === event.type) awaited.arrived();
          };
          screens = await startKioskServer({ runtime: harness.runtime, simulator: createSimulatorControl(harness.devices, operator), staticDir: UI_DIST, screenToken: 'model-replay-token-0123456789' });
          const open = async (url: string, width: number, height: number) => {
            const page = await browser.newPage({ viewport: { width, height }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
            await page.goto(url);
            return page;
          };
          pages = { patient: await open(`${screens.url}/`, 1024, 768), staff: await open(screens.staffUrl, 1280, 900) };
          await pages.patient.locator('.kiosk[data-step="standby"]').waitFor();
        },
        sendUiEvent: async (event) => {
          const control = UI_CONTROLS[event.type];
          if (!control) throw new Error(`no screen control performs ${event.type}`);
          uiEvents.push(event.type);
          // Resolve as soon as the runtime has the event, as runtime.send would: an arranged actor outcome
          // that follows it must come after this step, not while the click is still being acknowledged.
          let timer: NodeJS.Timeout | undefined;
          const arrived = new Promise<void>((resolve) => (awaited = { type: event.type, arrived: resolve }));
          const acted = control(pages!, event as AnyEvent).then(
            () => new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${event.type} never reached the runtime`)), 5_000))),
          );
          try {
            await Promise.race([arrived, acted]);
          } finally {
            clearTimeout(timer);
            awaited = null;
          }
        },
      });
      const events = new Proxy({}, { get: () => run.exec }) as Record<string, (step: { event: EventObject; state: KioskSnapshot }) => Promise<void>>;
      /** What KioskPathRun checks, then: where the runtime stays at the model's state, the pages show it. */
      let checked = 0;
      const onPage: string[] = [];
      const check = async (model: KioskSnapshot) => {
        await run.check(model);
        // A state an arranged actor outcome leaves at once is only passed through: it need not reach the page,
        // and looking for it would delay the next step past the moment KioskPathRun watches for that outcome.
        const next = family.path.steps[++checked]?.event.type ?? '';
        if (next.startsWith('xstate.done.actor.') || next.startsWith('xstate.error.actor.')) return;
        const stays = () => kioskStateKey(h!.runtime.actor.getSnapshot()) === kioskStateKey(model);
        const step = h!.runtime.view().patient.step;
        let shown: string | null = null;
        for (const deadline = Date.now() + 5_000; stays() && shown !== step; await new Promise((r) => setTimeout(r, 20))) {
          shown = await pages!.patient.locator('.kiosk').getAttribute('data-step');
          if (Date.now() > deadline) throw new Error(`the patient page shows ${shown}, the runtime ${step}`);
        }
        if (shown !== step) return; // passed through on the way
        onPage.push(step);
        if (step.startsWith('outage')) {
          const guide = pages!.staff.locator('[aria-label="障害時の対応"]');
          await expect.poll(() => guide.innerText()).toContain(`ケース ${OUTAGE_CASE_NUMBER[model.context.outageCase!]}`);
        }
      };
      try {
        const { steps } = family.path;
        await plan.model.testPath({ state: steps[steps.length - 1]!.state, steps, weight: steps.length }, { events, states: { '*': check } });
        // The path settled the visit: the staff view shows it, and the screens are kept.
        expect(uiEvents.length).toBe(family.path.steps.filter((s) => isUiEvent(s.event.type)).length);
        expect(uiEvents.length).toBeGreaterThan(0);
        expect(onPage).toContain('outage.guidance');
        expect(onPage[onPage.length - 1]).toBe('finishing');
        await pages!.patient.locator('.kiosk[data-step="finishing"]').waitFor();
        const current = pages!.staff.locator('[aria-label="現在の受付"]');
        await expect.poll(() => current.innerText()).toContain(family.settled);
        for (const [name, page] of Object.entries(pages!)) {
          await page.evaluate(() => document.fonts.ready);
          await page.screenshot({ path: join(SCREENSHOTS, `model-replay-${family.slug}-${name}.png`), fullPage: true });
        }
      } finally {
        await Promise.all(Object.values(pages ?? {}).map((p) => p.close()));
        await screens?.close();
        await run.close();
      }
    });
  }
});
