import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { attestWith, createTestReader, presentCard, type PresentedCard } from '../harness/presentCard.ts';

const SERVICE = fileURLToPath(new URL('../flood/serviceProcess.ts', import.meta.url));
const ATTACKER = fileURLToPath(new URL('../flood/attackerProcess.ts', import.meta.url));
const NO_CONSENT = { pharmacy: false, diagnosis: false, operation: false, checkups: false, limitApplication: false };
/** Flooding and quiet take turns, so both runs see the same machine (other processes come and go). */
const SLICE_MS = { loaded: 1_200, unloaded: 600 };
/** Samples this soon after a switch belong to neither run. */
const SETTLE_MS = 150;
/** New connections per second of each kind (idle, wrong hello) while flooding. */
const ATTACK_RATE = 2_000;

interface AttackReport {
  idle: Record<string, number>;
  hellos: Record<string, number>;
  seconds: number;
  cpuSeconds: number;
}
interface DoorReport {
  admissions: { unauthenticated: number; authenticated: number; peakUnauthenticatedFromOneSource: number; refused: Record<string, number> };
  lockouts: { scope: string; key: string; failures: number; lockedOut: boolean }[];
  cpuSeconds: number;
}

const children: ChildProcess[] = [];
const start = (file: string, args: string[] = []) => {
  const child = fork(file, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
};
const nextMessage = <T>(child: ChildProcess) => new Promise<T>((resolve, reject) => child.once('message', (m) => resolve(m as T)).once('exit', (code) => reject(new Error(`exited ${code}`))));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]! };
};

let service: ChildProcess;
let url: string;
let clinic: { code: string; secret: string };
let client: EligibilityClient;
let card: PresentedCard;
let attest: ReturnType<typeof attestWith>;

beforeAll(async () => {
  service = start(SERVICE);
  ({ url, clinic } = await nextMessage<{ url: string; clinic: { code: string; secret: string } }>(service));
  card = await presentCard('yamada-taro');
  client = new EligibilityClient({ url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'kiosk-under-flood', deadlineMs: 10_000 });
  const reader = createTestReader('受付 1');
  attest = attestWith(reader, (await client.registerReader({ publicKey: reader.publicKeySpki, name: reader.name })).readerId);
});
afterAll(async () => {
  await client.close();
  children.forEach((c) => c.kill());
});

describe('one client cannot lock every clinic out', () => {
  it('10,000 idle sockets and 10^4 wrong-secret hellos from one address: a terminal keeps confirming with its p99 within 2× of the unloaded run, never refused', async () => {
    const failures: string[] = [];
    const confirmOnce = async (): Promise<number | null> => {
      const t = performance.now();
      try {
        const result = await client.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest, identityMethod: 'face', consent: NO_CONSENT });
        if (result.MessageBody.QualificationValidity === '1') return performance.now() - t;
        failures.push(`answered ${result.MessageBody.ProcessingResultCode}`);
      } catch (error) {
        failures.push(String((error as { code?: string }).code ?? error));
      }
      return null;
    };
    for (let i = 0; i < 50; i += 1) await confirmOnce(); // JIT, the certificate cache

    const attacker = start(ATTACKER, [url, '127.0.0.2', '10000', '10000', clinic.code, String(ATTACK_RATE)]);
    // The attacker's own CPU would be on its own machine: here it gets only what the service and the terminal leave.
    setPriority(attacker.pid!, 7);
    let attacking = true;
    const report = nextMessage<AttackReport>(attacker).finally(() => (attacking = false));

    const runs = { unloaded: [] as number[], loaded: [] as number[] };
    let fresh: Promise<string> | null = null;
    const started = performance.now();
    for (let slice = 0; attacking || slice % 2 === 1; slice += 1) {
      const flooding = slice % 2 === 1;
      if (attacking) attacker.send(flooding ? 'go' : 'stop');
      if (flooding && !fresh) {
        // While it floods: a kiosk that connects afresh, from its own address, gets in at once.
        const kiosk2 = new EligibilityClient({ url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'kiosk-2', deadlineMs: 5_000, maxAttempts: 1 });
        fresh = kiosk2.connect().then(
          () => kiosk2.close().then(() => 'welcomed'),
          (e: unknown) => String((e as { code?: string }).code ?? e),
        );
      }
      const sliceStart = performance.now();
      while (performance.now() - sliceStart < (flooding ? SLICE_MS.loaded : SLICE_MS.unloaded)) {
        const t = performance.now();
        const latency = await confirmOnce();
        if (latency !== null && t - sliceStart >= SETTLE_MS) (flooding ? runs.loaded : runs.unloaded).push(latency);
      }
      expect(performance.now() - started).toBeLessThan(35_000);
    }
    const attack = await report;
    service.send({ type: 'admissions' });
    const door = await nextMessage<DoorReport>(service);

    const numbers = { unloaded: summary(runs.unloaded), loaded: summary(runs.loaded), attack, door };
    console.log(`flood: ${JSON.stringify(numbers)}`);
    expect(failures).toEqual([]);
    expect(await fresh).toBe('welcomed');
    expect(numbers.loaded.p99).toBeLessThanOrEqual(2 * numbers.unloaded.p99);
    // What the flood got: 32 idle places at a time (each for the 10 s hello deadline), a handful of checked guesses, then the door.
    expect(door.admissions.peakUnauthenticatedFromOneSource).toBeLessThanOrEqual(32);
    expect(attack.hellos.AUTH_FAILED ?? 0).toBeLessThanOrEqual(10);
    expect(door.lockouts).toContainEqual(expect.objectContaining({ scope: 'source', key: '127.0.0.2' }));
  }, 60_000);
});
