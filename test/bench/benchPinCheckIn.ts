import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createKioskDevices } from '../../app/createKioskDevices.ts';
import { startCentralSystem } from '../../app/startCentralSystem.ts';
import { reachStep } from './reachStep.ts';
import { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';
import { demoClinic } from '../../server/seed/demoClinic.ts';
import { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import { BENCH_READER, BENCH_VPCD_PORT, ensurePcscd } from '../harness/pcscdRig.ts';
import type { LatencySummary } from './sampleLatency.ts';

export interface PinCheckInBench {
  /** The same PIN check-in with the simulated reader in this process (the baseline). */
  inProcess: LatencySummary;
  /** Through pcscd + vpcd, the kiosk's devices built as `start --reader pcsc` builds them; absent when pcscd is not there. */
  pcsc?: LatencySummary;
  /**
   * Of each visit, the time the path took to notice the card: from the card laid on to the kiosk reading
   * it, plus from the card taken off to standby (pcscd learns of a vpcd card by polling, ~0.37 s per change here; a CCID reader
   * reports insertion by interrupt). The rest of the visit is the chip, the PIN and the service.
   */
  detection?: { inProcess: LatencySummary; pcsc?: LatencySummary };
  /** Why there is no PC/SC number. */
  pcscUnavailable?: string;
  ratio?: { median: number; p99: number };
}

const PROFILE = 'yamada-taro';
const PIN = '1234';

function summarise(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { n: sorted.length, medianMs: at(0.5), p99Ms: at(0.99), meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, minMs: sorted[0]!, maxMs: sorted.at(-1)! };
}

interface Kiosk {
  runtime: KioskRuntime;
  place(): Promise<unknown>;
  remove(): Promise<void>;
  close(): Promise<void>;
}

/** One PIN check-in, card placed → PIN → consent skipped → 有効 → card off → standby; resolves with the ms spent noticing the card. */
async function pinVisit(kiosk: Kiosk): Promise<number> {
  const { runtime } = kiosk;
  const reading = reachStep(runtime, 'readingCard');
  const chosen = reachStep(runtime, 'choosingMethod');
  await kiosk.place();
  const placed = performance.now();
  await reading;
  const noticed = performance.now() - placed;
  await chosen;
  const pin = reachStep(runtime, 'enteringPin');
  runtime.send({ type: 'method.pin' });
  await pin;
  while (!runtime.awaitingPin) await nextTurn();
  const consent = reachStep(runtime, 'askingConsent');
  runtime.enterPin(PIN);
  await consent;
  const result = reachStep(runtime, 'showingResult');
  runtime.send({ type: 'consent.skipAll' });
  const view = await result;
  if (view.patient.result?.copayPercent === undefined) throw new Error('the check-in showed no result');
  const finishing = reachStep(runtime, 'finishing');
  runtime.send({ type: 'result.acknowledged' });
  await finishing;
  const standby = reachStep(runtime, 'standby');
  await kiosk.remove();
  const removed = performance.now();
  await standby;
  return noticed + (performance.now() - removed);
}

/**
 * A full PIN check-in on the PC/SC path (pcscd + vpcd + the virtual card, the devices as `npm start --
 * --reader pcsc` builds them: no camera, card face and 目視 on the staff view) against the same check-in
 * with the in-process simulated reader, interleaved visit by visit in one run, one eligibility service.
 */
export async function benchPinCheckIn(budget = { visits: 40, maxMs: 40_000 }): Promise<PinCheckInBench> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pin-'));
  const service = await startCentralSystem({ database: join(dir, 'eligibility.sqlite'), port: 0, host: '127.0.0.1', seed: true, operatorSecret: 'bench', log: () => undefined });
  const clinic = demoClinic();
  const connect = (terminalId: string) => ({ url: service.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId });
  const kiosks: Kiosk[] = [];
  let pcscUnavailable: string | undefined;
  let stopRig: (() => Promise<void>) | undefined;
  try {
    const sim = new SimKioskDevices();
    const simRuntime = new KioskRuntime({ devices: sim, service: connect('bench-in-process'), dbFile: join(dir, 'kiosk-sim.sqlite') });
    await simRuntime.start();
    kiosks.push({ runtime: simRuntime, place: () => sim.placeCard(PROFILE), remove: async () => sim.removeCard(), close: async () => (await simRuntime.close(), await sim.close()) });

    const rig = await ensurePcscd();
    if (rig.kind === 'unavailable') pcscUnavailable = rig.reason;
    else {
      stopRig = rig.stop;
      const chosen = await createKioskDevices({ reader: { kind: 'pcsc', name: BENCH_READER, vpcdPort: BENCH_VPCD_PORT } });
      const cards = chosen.parts.cards!;
      const runtime = new KioskRuntime({ devices: chosen.devices, service: connect('bench-pcsc'), dbFile: join(dir, 'kiosk-pcsc.sqlite'), sensors: chosen.report });
      await runtime.start();
      kiosks.push({ runtime, place: () => cards.place(PROFILE), remove: () => cards.remove(), close: async () => (await runtime.close(), await chosen.devices.close()) });
    }

    for (const kiosk of kiosks) for (let i = 0; i < 3; i++) await pinVisit(kiosk); // warm-up
    const samples = kiosks.map(() => [] as number[]);
    const detections = kiosks.map(() => [] as number[]);
    const started = performance.now();
    while (samples[0]!.length < budget.visits && performance.now() - started < budget.maxMs) {
      // Interleaved, so machine noise falls on both paths alike.
      for (const [i, kiosk] of kiosks.entries()) {
        const t = performance.now();
        detections[i]!.push(await pinVisit(kiosk));
        samples[i]!.push(performance.now() - t);
      }
    }
    const inProcess = summarise(samples[0]!);
    if (!samples[1]) return { inProcess, detection: { inProcess: summarise(detections[0]!) }, pcscUnavailable: pcscUnavailable ?? 'not measured' };
    const pcsc = summarise(samples[1]);
    return {
      inProcess,
      pcsc,
      detection: { inProcess: summarise(detections[0]!), pcsc: summarise(detections[1]!) },
      ratio: { median: pcsc.medianMs / inProcess.medianMs, p99: pcsc.p99Ms / inProcess.p99Ms },
    };
  } finally {
    for (const kiosk of kiosks) await kiosk.close().catch(() => undefined);
    await stopRig?.();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (n: number) => n.toFixed(1);

export function formatPinCheckIn(b: PinCheckInBench): string {
  const row = (label: string, s: LatencySummary) => `${label.padEnd(46)} ${String(s.n).padStart(4)} ${ms(s.medianMs).padStart(10)} ${ms(s.p99Ms).padStart(7)}`;
  return [
    'case                                              n  median ms  p99 ms',
    ...(b.pcsc ? [row('kiosk: PIN check-in through pcscd + vpcd', b.pcsc)] : [`kiosk: PIN check-in through pcscd + vpcd: not measured (${b.pcscUnavailable})`]),
    row('baseline: the same check-in, reader in-process', b.inProcess),
    ...(b.detection?.pcsc ? [row('  of which noticing the card on and off', b.detection.pcsc)] : []),
    ...(b.detection ? [row('  of which noticing it, in-process', b.detection.inProcess)] : []),
    ...(b.ratio ? [`pcscd / in-process: ×${b.ratio.median.toFixed(1)} median, ×${b.ratio.p99.toFixed(1)} p99 (the rest of a visit: the chip, the PIN and the service)`] : []),
  ].join('\n');
}
