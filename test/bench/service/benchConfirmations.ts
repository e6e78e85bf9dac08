import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadRun, LoadRunResult, LoadSetup } from './loadGeneratorProcess.ts';

export interface ConfirmationBenchOptions {
  /** Concurrent terminals, one WebSocket each. */
  terminals?: number;
  /** Length of the closed-loop runs (service and echo), ms. */
  durationMs?: number;
  /** Length of each open-loop run, ms (the full runs: ≥ 10,000). */
  openDurationMs?: number;
  /** Offered rates of the open-loop runs, confirmations per second; [] for none. */
  rates?: number[];
  /** Synthetic card holders in the database (certificates are issued for up to 200 of them). */
  people?: number;
  clinics?: number;
}

/** One run at a fixed offered rate, with the service's own CPU over it. */
export interface OpenLoopRun extends LoadRunResult {
  serviceCpuMsPerConfirmation: number;
}

export interface ConfirmationBenchResult {
  /** The first number: the service process's own CPU (user + system) over the closed-loop run, per confirmation. */
  serviceCpuMsPerConfirmation: number;
  /** The load generator's CPU per confirmation (two RSA-2048 signatures' worth of work is the card's, ~1–2 ms here). */
  generatorCpuMsPerConfirmation: number;
  terminals: number;
  closedLoop: LoadRunResult;
  /** Same-run baseline: a bare ws echo server, the same connections, two frames of the same sizes per operation. */
  echo: LoadRunResult;
  throughputRatioToEcho: number;
  openLoop: OpenLoopRun[];
  /** The highest offered rate whose p99 stayed under 50 ms with no errors and ≥ 95 % of it achieved; null when none did. */
  highestRateUnder50msP99: number | null;
}

const HERE = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function startChild(file: string, args: string[]): ChildProcess {
  // BENCH_PROFILE_DIR=/tmp/prof: each benchmark process writes a V8 CPU profile there when it ends.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  return fork(HERE(file), args, { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Let a child end by itself (it exits when the channel closes, writing its profile), else kill it. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill(), 3_000);
  await exited;
  clearTimeout(timer);
}

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string; message?: string }) => {
      if (m.type === 'failed') return done(() => reject(new Error(`load generator: ${m.message}`)));
      if (m.type === type || (type === 'port' && 'port' in m)) done(() => resolve(m as T));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`a benchmark process exited with ${code}`)));
    const done = (then: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startServer(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = startChild('./benchServerProcess.ts', args);
  return { child, port: (await next<{ port: number }>(child, 'port')).port };
}

async function cpuMicros(server: ChildProcess): Promise<number> {
  const reply = next<{ micros: number }>(server, 'cpu');
  server.send({ type: 'cpu' });
  return (await reply).micros;
}

async function startGenerator(setup: Omit<LoadSetup, 'type'>): Promise<ChildProcess> {
  const child = startChild('./loadGeneratorProcess.ts', []);
  const ready = next(child, 'ready');
  child.send({ type: 'setup', ...setup } satisfies LoadSetup);
  await ready;
  return child;
}

async function runLoad(generator: ChildProcess, run: Omit<LoadRun, 'type'>): Promise<LoadRunResult> {
  const result = next<LoadRunResult & { type?: string }>(generator, 'result');
  generator.send({ type: 'run', ...run } satisfies LoadRun);
  const { type: _type, ...numbers } = await result;
  return numbers;
}

/**
 * N terminals doing full card confirmations (challenge, the card's signature, the reader's attestation,
 * certificate chain, lookup, audit append, idempotency record) against the service in its own process,
 * driven by a load generator in another: closed loop against a bare ws echo server over the same number of
 * connections, then open loop at fixed offered rates. The service's own CPU per confirmation comes first.
 */
export async function benchConfirmations(options: ConfirmationBenchOptions = {}): Promise<ConfirmationBenchResult> {
  const terminals = options.terminals ?? 1000;
  const durationMs = options.durationMs ?? 5000;
  const openDurationMs = options.openDurationMs ?? 2000;
  const rates = options.rates ?? [500, 1000, 2000, 5000];
  const people = options.people ?? 1000;
  const clinics = options.clinics ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-bench-'));
  const children: ChildProcess[] = [];
  try {
    const service = await startServer(['eligibility', join(dir, 'bench.sqlite'), String(people), String(clinics), dir, 'seed']);
    children.push(service.child);
    const generator = await startGenerator({ urls: [`ws://127.0.0.1:${service.port}`], terminals, people, clinics, echo: false });
    children.push(generator);
    await runLoad(generator, { mode: 'closed', durationMs: Math.min(1000, durationMs) }); // warm-up: JIT, caches, SQLite pages
    let before = await cpuMicros(service.child);
    const closedLoop = await runLoad(generator, { mode: 'closed', durationMs });
    const serviceCpuMsPerConfirmation = ((await cpuMicros(service.child)) - before) / 1000 / Math.max(1, closedLoop.completed);
    const openLoop: OpenLoopRun[] = [];
    for (const rate of rates) {
      before = await cpuMicros(service.child);
      const run = await runLoad(generator, { mode: 'open', rate, durationMs: openDurationMs });
      openLoop.push({ ...run, serviceCpuMsPerConfirmation: ((await cpuMicros(service.child)) - before) / 1000 / Math.max(1, run.completed) });
    }
    await stop(generator);
    await stop(service.child);

    const echoServer = await startServer(['echo']);
    children.push(echoServer.child);
    const echoGenerator = await startGenerator({ urls: [`ws://127.0.0.1:${echoServer.port}`], terminals, people, clinics, echo: true });
    children.push(echoGenerator);
    await runLoad(echoGenerator, { mode: 'closed', durationMs: Math.min(1000, durationMs) });
    const echo = await runLoad(echoGenerator, { mode: 'closed', durationMs });
    const carried = openLoop.filter((r) => r.errors === 0 && r.p99Ms < 50 && r.perSecond >= 0.95 * r.offered!);
    return {
      serviceCpuMsPerConfirmation,
      generatorCpuMsPerConfirmation: closedLoop.generatorCpuMsPerOp,
      terminals,
      closedLoop,
      echo,
      throughputRatioToEcho: closedLoop.perSecond / echo.perSecond,
      openLoop,
      highestRateUnder50msP99: carried.length ? Math.max(...carried.map((r) => r.offered!)) : null,
    };
  } finally {
    await Promise.all(children.map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StoreCase {
  store: 'sqlite' | 'postgres';
  instances: number;
  run: LoadRunResult;
  /** Every instance's own CPU over the run, together, per confirmation. */
  serviceCpuMsPerConfirmation: number;
}

export interface StoreBenchResult {
  terminals: number;
  /** The same load (closed loop, the same terminals) on SQLite, then one and two instances sharing one PostgreSQL. */
  cases: StoreCase[];
  /** Two PostgreSQL instances' throughput over one's. */
  twoInstancesOverOne: number;
}

/**
 * The service on each of its stores under the same closed-loop load: SQLite (embedded, one process), one
 * instance on PostgreSQL, and two instances sharing that PostgreSQL (terminals split between them). The
 * PostgreSQL cluster is the benchmark's own (test/harness/postgresRig.ts), with PostgreSQL's default
 * durability (fsync on, synchronous_commit on); each case gets a fresh database (`createDatabase` makes it and
 * gives its URL), whose schema the first instance creates.
 */
export async function benchStores(options: { createDatabase: (name: string) => Promise<string>; terminals?: number; durationMs?: number; people?: number; clinics?: number }): Promise<StoreBenchResult> {
  const terminals = options.terminals ?? 200;
  const durationMs = options.durationMs ?? 5000;
  const people = options.people ?? 1000;
  const clinics = options.clinics ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-stores-'));
  const cases: StoreCase[] = [];
  try {
    const layouts: { store: StoreCase['store']; instances: number; database: () => Promise<string> }[] = [
      { store: 'sqlite', instances: 1, database: async () => join(dir, 'bench.sqlite') },
      { store: 'postgres', instances: 1, database: () => options.createDatabase('bench_one') },
      { store: 'postgres', instances: 2, database: () => options.createDatabase('bench_two') },
    ];
    for (const layout of layouts) {
      const database = await layout.database();
      const children: ChildProcess[] = [];
      try {
        const servers: { child: ChildProcess; port: number }[] = [];
        for (let i = 0; i < layout.instances; i += 1) {
          const dataDir = mkdtempSync(join(dir, `instance-${layout.store}-${layout.instances}-${i}-`));
          const server = await startServer(['eligibility', database, String(people), String(clinics), dataDir, i === 0 ? 'seed' : 'noseed']);
          children.push(server.child);
          servers.push(server);
        }
        const generator = await startGenerator({ urls: servers.map((s) => `ws://127.0.0.1:${s.port}`), terminals, people, clinics, echo: false });
        children.push(generator);
        await runLoad(generator, { mode: 'closed', durationMs: Math.min(1000, durationMs) });
        const before = await Promise.all(servers.map((s) => cpuMicros(s.child)));
        const run = await runLoad(generator, { mode: 'closed', durationMs });
        const after = await Promise.all(servers.map((s) => cpuMicros(s.child)));
        const cpuMs = after.reduce((sum, a, i) => sum + a - before[i]!, 0) / 1000;
        cases.push({ store: layout.store, instances: layout.instances, run, serviceCpuMsPerConfirmation: cpuMs / Math.max(1, run.completed) });
      } finally {
        await Promise.all(children.map(stop));
      }
    }
    const one = cases.find((c) => c.store === 'postgres' && c.instances === 1)!;
    const two = cases.find((c) => c.store === 'postgres' && c.instances === 2)!;
    return { terminals, cases, twoInstancesOverOne: two.run.perSecond / one.run.perSecond };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx test/bench/service/benchConfirmations.ts [terminals] [durationMs] [openDurationMs]` prints the numbers.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [terminals, durationMs, openDurationMs] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await benchConfirmations({ ...(terminals ? { terminals } : {}), ...(durationMs ? { durationMs } : {}), ...(openDurationMs ? { openDurationMs } : {}) }), null, 2));
}
