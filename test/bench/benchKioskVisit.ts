import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { readCardForCheckIn } from '../../device/mynacard/index.ts';
import { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';
import { demoClinic } from '../../server/seed/demoClinic.ts';
import { startCentralSystem } from '../../app/startCentralSystem.ts';
import { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { SimReader } from '../../sim/reader/SimReader.ts';
import type { LatencySummary } from './sampleLatency.ts';
import { summariseSamples } from './summariseSamples.ts';
import { reachStep } from './reachStep.ts';

export interface KioskVisitBench {
  visit: LatencySummary;
  /** Baseline of the same run: the card read alone (token, certificates, PIN tries) over the same reader. */
  cardRead: LatencySummary;
  ratio: { median: number; p99: number };
  /**
   * The signatures a visit cannot do without, timed alone in the same run: the card's RSA-2048 signature over
   * the challenge, the service's check of it, the reader's ECDSA P-256 attestation and the service's check.
   */
  signatures: LatencySummary;
  /** What no visit can go below here: the card read plus the signatures (medians). */
  floorMedianMs: number;
}

/**
 * One full happy-path visit in-process with zero device latency (issue 4): statechart + runtime +
 * simulated card, camera and panel + the real eligibility service over loopback ws + SQLite on both
 * sides. Card placed → face → consent skipped → query → result → card removed → standby.
 */
export async function benchKioskVisit(budget = { visits: 300, maxMs: 15_000 }): Promise<KioskVisitBench> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-kiosk-'));
  const service = await startCentralSystem({ database: join(dir, 'eligibility.sqlite'), port: 0, host: '127.0.0.1', seed: true, operatorSecret: 'bench', log: () => undefined });
  const clinic = demoClinic();
  const devices = new SimKioskDevices({ camera: { sleep: async () => undefined } });
  const runtime = new KioskRuntime({ devices, service: { url: service.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'bench' }, dbFile: join(dir, 'kiosk.sqlite') });
  await runtime.start();
  const reach = (step: string) => reachStep(runtime, step);
  // The card is made once (its certificates signed by the simulated CA: ~8 ms of the simulator's own work, not the kiosk's) and laid again for each visit.
  const loadedCard = loadCardProfile('yamada-taro');
  const madeCard = { loaded: loadedCard, sim: await createSimCard(loadedCard.profile, loadedCard.photo) };
  const visit = async () => {
    devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    const chosen = reach('choosingMethod');
    devices.layCard(madeCard);
    await chosen;
    const consent = reach('askingConsent');
    runtime.send({ type: 'method.face' });
    await consent;
    const result = reach('showingResult');
    runtime.send({ type: 'consent.skipAll' });
    await result;
    const finishing = reach('finishing');
    runtime.send({ type: 'result.acknowledged' });
    await finishing;
    const standby = reach('standby');
    devices.removeCard();
    await standby;
  };
  const visits: number[] = [];
  const reads: number[] = [];
  const signatures: number[] = [];
  const card = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const reader = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signed = () => {
    const challenge = randomBytes(32);
    const t = performance.now();
    const bySignature = sign('sha256', challenge, card.privateKey);
    verify('sha256', challenge, card.publicKey, bySignature);
    const attestation = sign('sha256', challenge, reader.privateKey);
    verify('sha256', challenge, reader.publicKey, attestation);
    signatures.push(performance.now() - t);
  };
  const loaded = loadCardProfile('yamada-taro');
  const baselineReader = new SimReader('Bench Baseline');
  baselineReader.insertCard((await createSimCard(loaded.profile, loaded.photo)).card);
  const baselineChannel = await baselineReader.connect();
  try {
    for (let i = 0; i < 10; i++) await visit(); // warm-up
    const started = performance.now();
    while (visits.length < budget.visits && performance.now() - started < budget.maxMs) {
      let t = performance.now();
      await visit();
      visits.push(performance.now() - t);
      // The baseline, interleaved so machine noise falls on both alike (its own reader: the kiosk's is busy).
      t = performance.now();
      await readCardForCheckIn(baselineChannel);
      reads.push(performance.now() - t);
      signed();
    }
  } finally {
    await runtime.close();
    await devices.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const v = summariseSamples(visits);
  const r = summariseSamples(reads);
  const s = summariseSamples(signatures);
  return { visit: v, cardRead: r, ratio: { median: v.medianMs / r.medianMs, p99: v.p99Ms / r.p99Ms }, signatures: s, floorMedianMs: r.medianMs + s.medianMs };
}
