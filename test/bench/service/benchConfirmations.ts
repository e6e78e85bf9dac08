import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { loadJpkiTestCa } from '../../../sim/ca/JpkiTestCa.ts';
import { issueCardCertificates } from '../../../sim/card/issueCardCertificates.ts';
import { loadSeedPopulation } from '../../../server/seed/loadSeedPopulation.ts';
import { generateSyntheticPopulation } from './generateSyntheticPopulation.ts';
import { profileForResident } from '../../harness/presentCard.ts';
import { benchClinics } from './benchClinics.ts';
import { certificateSha256, signReaderAttestation } from '../../../protocol/eligibility/signReaderAttestation.ts';

export interface ConfirmationBenchOptions {
  /** Concurrent terminals, one WebSocket each. */
  terminals?: number;
  durationMs?: number;
  /** Synthetic card holders in the database (certificates are issued for up to 200 of them). */
  people?: number;
  clinics?: number;
}

export interface ConfirmationBenchResult {
  [name: string]: number;
  confirmationsPerSecond: number;
  confirmationP50Ms: number;
  confirmationP99Ms: number;
  confirmationFailures: number;
  echoPerSecond: number;
  echoP50Ms: number;
  echoP99Ms: number;
  throughputRatioToEcho: number;
}

const SERVER = fileURLToPath(new URL('./benchServerProcess.ts', import.meta.url));

async function startServer(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(SERVER, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
  return { child, port };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function openAll(url: string, count: number, hello: (i: number) => unknown): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, j) => {
        const socket = new WebSocket(url, { perMessageDeflate: false });
        return new Promise<WebSocket>((resolve, reject) => {
          socket.once('error', reject);
          socket.once('open', () => {
            const h = hello(i + j);
            if (h === null) return resolve(socket);
            socket.send(JSON.stringify(h));
            socket.once('message', () => resolve(socket));
          });
        });
      }),
    );
    sockets.push(...batch);
  }
  return sockets;
}

/** Run `loop` on every socket until the time is up; returns the latency of each completed operation. */
async function drive(sockets: WebSocket[], durationMs: number, operation: (socket: WebSocket, i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    sockets.map(async (socket, i) => {
      while (performance.now() < end) {
        const t = performance.now();
        await operation(socket, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

function exchange(socket: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(frame);
  });
}

/**
 * N terminals doing full card confirmations (challenge, certificate chain, signature, lookup, audit
 * append, idempotency record) against the service in a child process, next to a bare ws echo server
 * doing the same two round trips per operation over the same number of connections. Named timings.
 */
export async function benchConfirmations(options: ConfirmationBenchOptions = {}): Promise<ConfirmationBenchResult> {
  const terminals = options.terminals ?? 1000;
  const durationMs = options.durationMs ?? 5000;
  const people = options.people ?? 1000;
  const clinicCount = options.clinics ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-bench-'));
  const population = generateSyntheticPopulation(loadSeedPopulation(), people, 1);
  const synthetic = population.residents.filter((r) => r.id.startsWith('R-S1-')).slice(0, 200);
  const ca = await loadJpkiTestCa();
  const now = new Date();
  const cards = await Promise.all(
    synthetic.map(async (resident) => {
      const { profile } = profileForResident(resident);
      const der = (await issueCardCertificates(profile, ca, now)).auth;
      return { certificate: Buffer.from(der).toString('base64'), sha256: certificateSha256(der), key: createPrivateKey(profile.keys.auth) };
    }),
  );
  const clinics = benchClinics(clinicCount);
  const children: ChildProcess[] = [];
  try {
    const service = await startServer(['eligibility', join(dir, 'bench.sqlite'), String(people), String(clinicCount)]);
    children.push(service.child);
    const sockets = await openAll(`ws://127.0.0.1:${service.port}`, terminals, (i) => {
      const c = clinics[i % clinics.length]!;
      return { v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: c.code, secret: c.secret, terminalId: `bench-${i}` };
    });
    // One registered reader per clinic, as each clinic's kiosk would have: every confirmation carries its attestation.
    const readers = await Promise.all(
      clinics.map(async (_, c) => {
        const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        const frame = { v: 1, type: 'reader.register', id: `reader-${c}`, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), name: `bench reader ${c}` };
        const reply = await exchange(sockets[c]!, JSON.stringify(frame));
        return { privateKey, readerId: (reply.body as { readerId: string }).readerId };
      }),
    );
    let seq = 0;
    let failures = 0;
    const consent = { pharmacy: true, diagnosis: false, operation: false, checkups: true, limitApplication: true };
    const run = await drive(sockets, durationMs, async (socket, i) => {
      const card = cards[i % cards.length]!;
      const n = (seq += 1);
      const challenge = (await exchange(socket, JSON.stringify({ v: 1, type: 'card.challenge', id: `c${n}`, idempotencyKey: `bench-c-${n}` }))).body as { challengeId: string; challenge: string };
      const signature = sign('sha256', Buffer.from(challenge.challenge, 'base64'), card.key).toString('base64');
      const clinic = i % clinics.length;
      const reader = readers[clinic]!;
      const attestation = signReaderAttestation(reader.privateKey, {
        medicalInstitutionCode: clinics[clinic]!.code,
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
      const reply = await exchange(
        socket,
        JSON.stringify({ v: 1, type: 'card.confirm', id: `r${n}`, idempotencyKey: `bench-r-${n}`, challengeId: challenge.challengeId, certificate: card.certificate, signature, attestation, identityMethod: 'pin', consent }),
      );
      if ((reply.body as { MessageBody?: { QualificationValidity?: string } } | undefined)?.MessageBody?.QualificationValidity !== '1') failures += 1;
    });
    sockets.forEach((s) => s.terminate());
    const confirmations = { confirmationsPerSecond: run.latencies.length / run.seconds, confirmationP50Ms: percentile(run.latencies, 50), confirmationP99Ms: percentile(run.latencies, 99), confirmationFailures: failures };

    const echo = await startServer(['echo']);
    children.push(echo.child);
    const echoSockets = await openAll(`ws://127.0.0.1:${echo.port}`, terminals, () => null);
    const small = JSON.stringify({ v: 1, type: 'card.challenge', id: 'c', idempotencyKey: 'bench-c-000000' });
    const large = JSON.stringify({ v: 1, type: 'card.confirm', id: 'r', idempotencyKey: 'bench-r-000000', challengeId: 'x'.repeat(36), certificate: cards[0]!.certificate, signature: 'x'.repeat(344), attestation: { readerId: 'x'.repeat(36), signedAt: now.toISOString(), faceScore: null, faceThreshold: null, visualConfirmedBy: null, signature: 'x'.repeat(96) }, identityMethod: 'pin', consent });
    const echoRun = await drive(echoSockets, durationMs, async (socket) => {
      await exchange(socket, small);
      await exchange(socket, large);
    });
    echoSockets.forEach((s) => s.terminate());
    const echoPerSecond = echoRun.latencies.length / echoRun.seconds;
    return {
      ...confirmations,
      echoPerSecond,
      echoP50Ms: percentile(echoRun.latencies, 50),
      echoP99Ms: percentile(echoRun.latencies, 99),
      throughputRatioToEcho: confirmations.confirmationsPerSecond / echoPerSecond,
    };
  } finally {
    children.forEach((c) => c.kill());
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx test/bench/service/benchConfirmations.ts [terminals] [durationMs]` prints the numbers.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [terminals, durationMs] = process.argv.slice(2).map(Number);
  console.log(await benchConfirmations({ ...(terminals ? { terminals } : {}), ...(durationMs ? { durationMs } : {}) }));
}
