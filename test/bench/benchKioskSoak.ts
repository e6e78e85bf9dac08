import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { createSimulatorControl } from '../../app/createKioskDevices.ts';
import { startCentralSystem } from '../../app/startCentralSystem.ts';
import type { UiServerFrame } from '../../kiosk/protocol/UiFrame.ts';
import { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';
import { startKioskServer } from '../../kiosk/runtime/startKioskServer.ts';
import { demoClinic } from '../../server/seed/demoClinic.ts';
import { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import type { LatencySummary } from './sampleLatency.ts';
import { summariseSamples } from './summariseSamples.ts';
import { reachStep } from './reachStep.ts';

/** One stretch of the day: the visits in it, and the UI round trips measured during them. */
export interface SoakWindow {
  fromVisit: number;
  toVisit: number;
  visit: LatencySummary;
  /** A patient's touch (result.acknowledged) sent over the screen channel → the staff screen's view of the new step. */
  uiRoundTrip: LatencySummary;
}

export interface KioskSoakBench {
  visits: number;
  /** The first and the last stretch of the run: flat is the bar (end/start ratio near 1). */
  start: SoakWindow;
  end: SoakWindow;
  ratio: { visitMedian: number; uiRoundTripMedian: number };
  /** Resident set size (MB) every `rssEvery` visits, each after a forced GC. */
  rssMb: number[];
  rssEvery: number;
  /** At the end of the day: what one staff-list read costs now (indexed, newest 50) vs reading the whole day as before. */
  listRead: { newestMs: number; wholeDayMs: number; visitsInDay: number };
}

/**
 * A whole day at one kiosk (issue 17): `visits` happy-path face visits in one process, with the staff
 * screen and the patient panel connected over the real ws channel, so every screen update builds the
 * staff view (with 本日の受付) as the kiosk does all day.
 */
export async function benchKioskSoak(options = { visits: 5000, window: 250, rssEvery: 250 }): Promise<KioskSoakBench> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const service = await startCentralSystem({ database: join(dir, 'eligibility.sqlite'), port: 0, host: '127.0.0.1', seed: true, operatorSecret: 'bench', log: () => undefined });
  const clinic = demoClinic();
  const devices = new SimKioskDevices({ camera: { sleep: async () => undefined } });
  const runtime = new KioskRuntime({ devices, service: { url: service.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'soak' }, dbFile: join(dir, 'kiosk.sqlite') });
  await runtime.start();
  const screens = await startKioskServer({ runtime, simulator: createSimulatorControl(devices), screenToken: 'soak-bench-token-0123456789abcdef' });
  const connect = (url: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  const staff = await connect(screens.channelUrl('staff'));
  const patient = await connect(screens.channelUrl('patient'));
  const staffSees = (step: string) =>
    new Promise<void>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const frame = JSON.parse(String(data)) as UiServerFrame;
        if (frame.type === 'view' && frame.view.patient.step.startsWith(step)) {
          staff.off('message', onMessage);
          resolve();
        }
      };
      staff.on('message', onMessage);
    });
  const reach = (step: string) => reachStep(runtime, step);
  const roundTrips: number[] = [];
  const visit = async () => {
    devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    const chosen = reach('choosingMethod');
    await devices.placeCard('yamada-taro');
    await chosen;
    const consent = reach('askingConsent');
    runtime.send({ type: 'method.face' });
    await consent;
    const result = reach('showingResult');
    runtime.send({ type: 'consent.skipAll' });
    await result;
    const seen = staffSees('finishing');
    const sent = performance.now();
    patient.send(JSON.stringify({ type: 'event', event: { type: 'result.acknowledged' } }));
    await seen;
    roundTrips.push(performance.now() - sent);
    const standby = reach('standby');
    devices.removeCard();
    await standby;
  };
  const times: number[] = [];
  const rssMb: number[] = [];
  // A forced GC before each RSS sample, so the curve shows what is kept, not what waits to be collected.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let listRead: KioskSoakBench['listRead'];
  try {
    for (let i = 0; i < options.visits; i++) {
      const t = performance.now();
      await visit();
      times.push(performance.now() - t);
      if (i % options.rssEvery === 0 || i === options.visits - 1) {
        gc();
        rssMb.push(Math.round(process.memoryUsage().rss / 2 ** 20));
      }
    }
    const since = new Date(Date.now() - 24 * 3600_000);
    let t = performance.now();
    runtime.visits.newest(since, 50);
    const newestMs = performance.now() - t;
    t = performance.now();
    const visitsInDay = runtime.visits.list(since).length;
    listRead = { newestMs, wholeDayMs: performance.now() - t, visitsInDay };
  } finally {
    staff.terminate();
    patient.terminate();
    await screens.close();
    await runtime.close();
    await devices.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const windowOf = (from: number, to: number): SoakWindow => ({ fromVisit: from + 1, toVisit: to, visit: summariseSamples(times.slice(from, to)), uiRoundTrip: summariseSamples(roundTrips.slice(from, to)) });
  const w = Math.min(options.window, Math.floor(options.visits / 2));
  const start = windowOf(0, w);
  const end = windowOf(options.visits - w, options.visits);
  return {
    visits: options.visits,
    start,
    end,
    ratio: { visitMedian: end.visit.medianMs / start.visit.medianMs, uiRoundTripMedian: end.uiRoundTrip.medianMs / start.uiRoundTrip.medianMs },
    rssMb,
    rssEvery: options.rssEvery,
    listRead,
  };
}
