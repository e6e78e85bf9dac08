// The benchmark's load generator, in its own process so its CPU (the cards' RSA signatures above all)
// is not the service's. Driven over IPC by benchConfirmations.ts:
//   { type: 'setup', urls, terminals, people, clinics, echo }  → { type: 'ready' }
//   { type: 'run', mode: 'closed' | 'open', durationMs, rate? } → { type: 'result', ...LoadRunResult }
import 'reflect-metadata';
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { certificateSha256, signReaderAttestation } from '../../../protocol/eligibility/signReaderAttestation.ts';
import { loadSeedPopulation } from '../../../server/seed/loadSeedPopulation.ts';
import { loadJpkiTestCa } from '../../../sim/ca/JpkiTestCa.ts';
import { issueCardCertificates } from '../../../sim/card/issueCardCertificates.ts';
import { profileForResident } from '../../harness/presentCard.ts';
import { benchClinics } from './benchClinics.ts';
import { generateSyntheticPopulation } from './generateSyntheticPopulation.ts';

export interface LoadSetup {
  type: 'setup';
  /** The service instances (or the echo server): terminal i connects to urls[i % urls.length]. */
  urls: string[];
  terminals: number;
  people: number;
  clinics: number;
  /** Against the bare echo server: no hello, no cards, the same two frames per operation. */
  echo: boolean;
}

export interface LoadRun {
  type: 'run';
  mode: 'closed' | 'open';
  durationMs: number;
  /** Open loop: confirmations started per second, spread over the connections in turn. */
  rate?: number;
}

export interface LoadRunResult {
  /** Operations completed (an operation: a card.challenge then a card.confirm, or two echoes). */
  completed: number;
  seconds: number;
  perSecond: number;
  /** Offered rate (open loop); null for closed loop. */
  offered: number | null;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  /** Answers that were not 有効, errors, and operations still unanswered 5 s after the run. */
  errors: number;
  /** This process's own CPU (user + system) per completed operation, ms. */
  generatorCpuMsPerOp: number;
}

const CONSENT = { pharmacy: true, diagnosis: false, operation: false, checkups: true, limitApplication: true };
/** How long after an open-loop run the generator waits for operations still in flight. */
const DRAIN_MS = 5_000;

interface Terminal {
  socket: WebSocket;
  waiting: Map<string, (frame: Record<string, unknown>) => void>;
  clinic: number;
}

let terminals: Terminal[] = [];
let echo = false;
let cards: { certificate: string; sha256: string; key: KeyObject }[] = [];
let clinics: { code: string; secret: string }[] = [];
let readers: { privateKey: KeyObject; readerId: string }[] = [];
let seq = 0;
let lastDone = 0;

function exchange(t: Terminal, frame: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    t.waiting.set(frame.id as string, resolve);
    t.socket.send(JSON.stringify(frame));
  });
}

async function open(urls: string[], count: number): Promise<Terminal[]> {
  const opened: Terminal[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async (_, j) => {
        const socket = new WebSocket(urls[(i + j) % urls.length]!, { perMessageDeflate: false });
        const t: Terminal = { socket, waiting: new Map(), clinic: (i + j) % Math.max(1, clinics.length) };
        socket.on('message', (data) => {
          const frame = JSON.parse(String(data)) as Record<string, unknown>;
          const id = frame.id as string;
          const done = t.waiting.get(id);
          if (done) {
            t.waiting.delete(id);
            done(frame);
          }
        });
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        if (!echo) {
          const c = clinics[t.clinic]!;
          await exchange(t, { v: 1, type: 'hello', id: 'hello', role: 'terminal', medicalInstitutionCode: c.code, secret: c.secret, terminalId: `bench-${i + j}` });
        }
        return t;
      }),
    );
    opened.push(...batch);
  }
  return opened;
}

async function setup(m: LoadSetup): Promise<void> {
  echo = m.echo;
  clinics = benchClinics(m.clinics);
  const population = generateSyntheticPopulation(loadSeedPopulation(), m.people, 1);
  const synthetic = population.residents.filter((r) => r.id.startsWith('R-S1-')).slice(0, 200);
  const ca = await loadJpkiTestCa();
  const now = new Date();
  cards = await Promise.all(
    synthetic.map(async (resident) => {
      const { profile } = profileForResident(resident);
      const der = (await issueCardCertificates(profile, ca, now)).auth;
      return { certificate: Buffer.from(der).toString('base64'), sha256: certificateSha256(der), key: createPrivateKey(profile.keys.auth) };
    }),
  );
  terminals = await open(m.urls, m.terminals);
  if (echo) return;
  // One registered reader per clinic, as each clinic's kiosk would have: every confirmation carries its attestation.
  readers = await Promise.all(
    clinics.map(async (_, c) => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const reply = await exchange(terminals[c]!, { v: 1, type: 'reader.register', id: `reader-${c}`, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), name: `bench reader ${c}` });
      return { privateKey, readerId: (reply.body as { readerId: string }).readerId };
    }),
  );
}

/** One card confirmation as a kiosk does it: challenge, the card's signature, the reader's attestation, confirm. True when 有効. */
async function confirmation(t: Terminal, i: number): Promise<boolean> {
  const n = (seq += 1);
  if (echo) {
    await exchange(t, { v: 1, type: 'card.challenge', id: `c${n}`, idempotencyKey: `bench-c-${String(n).padStart(6, '0')}` });
    const large = await exchange(t, { v: 1, type: 'card.confirm', id: `r${n}`, idempotencyKey: `bench-r-${n}`, challengeId: 'x'.repeat(53), certificate: cards[0]!.certificate, signature: 'x'.repeat(344), attestation: { readerId: 'x'.repeat(36), signedAt: new Date().toISOString(), faceScore: null, faceThreshold: null, visualConfirmedBy: null, signature: 'x'.repeat(96) }, identityMethod: 'pin', consent: CONSENT });
    return large.id === `r${n}`;
  }
  const card = cards[i % cards.length]!;
  const challenge = (await exchange(t, { v: 1, type: 'card.challenge', id: `c${n}`, idempotencyKey: `bench-c-${n}` })).body as { challengeId: string; challenge: string } | undefined;
  if (!challenge) return false;
  const signature = sign('sha256', Buffer.from(challenge.challenge, 'base64'), card.key).toString('base64');
  const clinic = clinics[t.clinic]!;
  const reader = readers[t.clinic]!;
  const attestation = signReaderAttestation(reader.privateKey, {
    medicalInstitutionCode: clinic.code,
    readerId: reader.readerId,
    challengeId: challenge.challengeId,
    challenge: challenge.challenge,
    certificateSha256: card.sha256,
    identityMethod: 'pin',
    faceScore: null,
    faceThreshold: null,
    visualConfirmedBy: null,
    signedAt: new Date().toISOString(),
  });
  const reply = await exchange(t, { v: 1, type: 'card.confirm', id: `r${n}`, idempotencyKey: `bench-r-${n}`, challengeId: challenge.challengeId, certificate: card.certificate, signature, attestation, identityMethod: 'pin', consent: CONSENT });
  return (reply.body as { MessageBody?: { QualificationValidity?: string } } | undefined)?.MessageBody?.QualificationValidity === '1';
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function run(m: LoadRun): Promise<LoadRunResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + m.durationMs;
  if (m.mode === 'closed') {
    await Promise.all(
      terminals.map(async (t, i) => {
        while (performance.now() < end) {
          const at = performance.now();
          if (!(await confirmation(t, i))) errors += 1;
          latencies.push(performance.now() - at);
        }
      }),
    );
  } else {
    // Open loop: the k-th operation is due at started + k / rate, whether or not earlier ones have answered;
    // its latency counts from when it was due, so a stalled service cannot hide its queue (no coordinated omission).
    const rate = m.rate!;
    const total = Math.floor((rate * m.durationMs) / 1000);
    const inFlight: Promise<void>[] = [];
    lastDone = started;
    let k = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
        for (; k < due; k++) {
          const scheduled = started + (k * 1000) / rate;
          const t = terminals[k % terminals.length]!;
          inFlight.push(
            confirmation(t, k).then((ok) => {
              if (!ok) errors += 1;
              lastDone = performance.now();
              latencies.push(lastDone - scheduled);
            }),
          );
        }
        if (k >= total) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    const drained = await Promise.race([Promise.all(inFlight).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), DRAIN_MS))]);
    if (!drained) errors += total - latencies.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  // Open loop: achieved = completed over the time until the last one answered (a service that falls behind stretches it).
  const measuredSeconds = m.mode === 'open' ? Math.max(m.durationMs, lastDone - started) / 1000 : seconds;
  return {
    completed: latencies.length,
    seconds: measuredSeconds,
    perSecond: latencies.length / measuredSeconds,
    offered: m.mode === 'open' ? m.rate! : null,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    p999Ms: percentile(latencies, 0.999),
    errors,
    generatorCpuMsPerOp: (used.user + used.system) / 1000 / Math.max(1, latencies.length),
  };
}

process.on('message', (message: LoadSetup | LoadRun) => {
  const reply = (value: Record<string, unknown>) => process.send!(value);
  (message.type === 'setup' ? setup(message).then(() => reply({ type: 'ready' })) : run(message).then((r) => reply({ type: 'result', ...r }))).catch((error: unknown) =>
    reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
