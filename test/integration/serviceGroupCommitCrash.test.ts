import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCentralSystem } from '../../app/startCentralSystem.ts';
import { seededRandom } from '../../foundation/seededRandom.ts';
import { openRawTerminal } from '../harness/rawTerminal.ts';

const WORKER = fileURLToPath(new URL('../crash/serviceWorker.ts', import.meta.url));
/** The demo clinic of population.json: its secret is the one published. */
const CLINIC = { code: '1310000001', secret: 'demo-secret-kasumigaseki-0001' };
const TERMINALS = 40;
/** Seed people the demo population answers 有効 for (docs/protocol.md's example and its neighbours). */
const SEARCHES = [
  { InsurerNumber: '01130012', InsuredCardSymbol: '21200102', InsuredIdentificationNumber: '31', InsuredBranchNumber: '00', Birthdate: '19850228', LimitApplicationCertificateRelatedConsFlg: '1' },
  { InsurerNumber: '01130012', InsuredCardSymbol: '21200041', InsuredIdentificationNumber: '123', InsuredBranchNumber: '00', Birthdate: '19800217', LimitApplicationCertificateRelatedConsFlg: '0' },
];

interface Answered {
  frame: Record<string, unknown>;
  answer: Record<string, unknown>;
}

function startWorker(dbFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service process did not start:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += String(d);
      const url = /SERVICE_READY (\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += String(d)));
    child.once('exit', (code) => reject(new Error(`the service process exited (${code}):\n${out}`)));
  });
}

/** Terminals sending confirmations back to back, several in flight each, until their socket dies; every answer is kept. */
async function loadUntilKilled(url: string, prefix: string, answered: Answered[]): Promise<void> {
  let n = 0;
  await Promise.all(
    Array.from({ length: TERMINALS }, async (_, t) => {
      const socket = new WebSocket(url);
      // The kill resets the connection (perhaps before it opened): that is the end of this terminal's load, not a failure.
      socket.on('error', () => undefined);
      if (!(await new Promise((resolve) => socket.once('open', () => resolve(true)).once('close', () => resolve(false))))) return;
      const sent = new Map<string, Record<string, unknown>>();
      const next = () => {
        if (socket.readyState !== socket.OPEN) return;
        const id = `${prefix}-${t}-${(n += 1)}`;
        const frame = { v: 1, type: 'insurance.confirm', id, idempotencyKey: `key-${id}`, search: SEARCHES[n % SEARCHES.length] };
        sent.set(id, frame);
        socket.send(JSON.stringify(frame));
      };
      socket.on('message', (data) => {
        const answer = JSON.parse(String(data)) as Record<string, unknown>;
        if (answer.type === 'welcome') for (let i = 0; i < 4; i++) next();
        const frame = sent.get(answer.id as string);
        if (!frame) return;
        answered.push({ frame, answer });
        next();
      });
      socket.send(JSON.stringify({ v: 1, type: 'hello', id: 'hello', role: 'terminal', medicalInstitutionCode: CLINIC.code, secret: CLINIC.secret, terminalId: `crash-${t}` }));
      await new Promise((resolve) => socket.once('close', resolve));
    }),
  );
}

describe('group commit under a crash', () => {
  let dir: string | undefined;
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = child = undefined;
  });

  it('a service killed with SIGKILL mid-load has kept every confirmation it answered: each replays as answered, and the audit chain verifies', async () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-crash-'));
    const dbFile = join(dir, 'eligibility.sqlite');
    const random = seededRandom(1717);
    const answered: Answered[] = [];
    for (let round = 0; round < 2; round++) {
      const worker = await startWorker(dbFile);
      child = worker.child;
      const load = loadUntilKilled(worker.url, `r${round}`, answered);
      const before = answered.length;
      // Killed at a random point once the load runs: groups are committing, others are being gathered.
      while (answered.length < before + 200) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20 + random() * 150));
      worker.child.kill('SIGKILL');
      await load;
      await new Promise((r) => worker.child.exitCode !== null || worker.child.signalCode !== null ? r(null) : worker.child.once('exit', r));
      child = undefined;
    }
    expect(answered.length).toBeGreaterThan(400);
    expect(answered.every((a) => a.answer.type === 'reply' && a.answer.replayed === false)).toBe(true);

    const restarted = await startCentralSystem({ database: dbFile, port: 0, host: '127.0.0.1', seed: true, operatorSecret: 'crash-test-operator', limits: { requestsPerSecond: 1e6, burst: 1e6 }, log: () => undefined });
    try {
      expect(await restarted.service.verifyAudit()).toMatchObject({ ok: true, problem: null });
      const terminal = await openRawTerminal(restarted.server.url, CLINIC, 'after-crash');
      try {
        // Every answer that left the service is on the record: the same key gets the same answer back, replayed.
        const replays = await Promise.all(answered.map(({ frame }) => terminal.send({ ...frame, id: `again-${String(frame.id)}` })));
        const lost = answered.filter((a, i) => replays[i]!.replayed !== true || JSON.stringify(replays[i]!.body) !== JSON.stringify(a.answer.body));
        expect(lost.map((a) => a.frame.idempotencyKey)).toEqual([]);
      } finally {
        terminal.close();
      }
    } finally {
      await restarted.close();
    }
  });
});
