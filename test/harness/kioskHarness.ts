import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedClock } from 'xstate';
import { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';
import type { SimCardFaceScannerOptions } from '../../sim/cardFace/SimCardFaceScanner.ts';
import { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import { startTestService, type TestService } from './startTestService.ts';
import type { KioskView } from '../../kiosk/protocol/KioskScreen.ts';
import type { ReaderIdentity } from '../../device/kiosk/ReaderIdentity.ts';

export interface KioskHarness {
  runtime: KioskRuntime;
  devices: SimKioskDevices;
  service: TestService;
  dbFile: string;
  logs: string[];
  /** Wait until the patient screen is on `step` (a prefix match on the state path). */
  waitForStep(step: string, timeoutMs?: number): Promise<KioskView>;
  close(): Promise<void>;
}

/** A sleep on the simulated clock: capture and card latency pass when the test advances time, not before. */
function sleepOn(clock: SimulatedClock) {
  return (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const id = clock.setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => (clock.clearTimeout(id), resolve()), { once: true });
    });
}

/**
 * The real runtime on simulated devices, against the real eligibility service over loopback ws. With a
 * `clock`, the statechart's timeouts, the camera's capture time and the card's latency (and the reader's
 * delayed reports of a pulled card or its own loss) all run on it. `deadlines` shortens the service calls'.
 */
export async function startKioskHarness(
  options: { service?: TestService; dbFile?: string; clock?: SimulatedClock; deadlines?: { queryMs: number; lookupMs: number }; scanner?: SimCardFaceScannerOptions; identity?: ReaderIdentity } = {},
): Promise<KioskHarness> {
  const service = options.service ?? (await startTestService());
  const dbFile = options.dbFile ?? join(mkdtempSync(join(tmpdir(), 'kiosk-')), 'kiosk.sqlite');
  const { clock } = options;
  const devices = new SimKioskDevices({ ...(clock ? { camera: { sleep: sleepOn(clock) }, reader: { sleep: sleepOn(clock) } } : { camera: { sleep: async () => undefined } }), ...(options.scanner ? { scanner: options.scanner } : {}), ...(options.identity ? { identity: options.identity } : {}) });
  const logs: string[] = [];
  const runtime = new KioskRuntime({
    devices,
    service: service.terminal(0, { deadlineMs: 3_000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } }),
    dbFile,
    log: (l) => logs.push(l),
    ...(clock ? { clock } : {}),
    ...(options.deadlines ? { deadlines: options.deadlines } : {}),
  });
  await runtime.start();
  const waitForStep = (step: string, timeoutMs = 10_000) =>
    new Promise<KioskView>((resolve, reject) => {
      const check = (view: KioskView) => {
        if (view.patient.step === step || view.patient.step.startsWith(`${step}.`)) {
          off();
          clearTimeout(timer);
          resolve(view);
          return true;
        }
        return false;
      };
      const off = runtime.onChange(check);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`kiosk did not reach ${step} within ${timeoutMs} ms; it is at ${runtime.view().patient.step}`));
      }, timeoutMs);
      check(runtime.view());
    });
  return {
    runtime,
    devices,
    service,
    dbFile,
    logs,
    waitForStep,
    async close() {
      await runtime.close();
      await devices.close();
      if (!options.service) await service.dispose();
    },
  };
}
