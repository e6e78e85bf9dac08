import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startCentralSystem } from '../../app/startCentralSystem.ts';
import { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';
import { demoClinic } from '../../server/seed/demoClinic.ts';
import { QualificationTerminal } from '../../terminal/QualificationTerminal.ts';
import type { WatchOptions } from '../../terminal/folders/RequestWatcher.ts';

export interface PathTiming {
  [name: string]: number | string;
  path: string;
  n: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface TerminalFilesBench {
  /** The same 個別照会, `inFlight` at a time: through the folder (each watch setting), and over the ws client (the baseline). */
  paths: PathTiming[];
  inFlight: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function searchesOfSeed(): QualificationConfirmSearchInfo[] {
  return loadSeedPopulation().people.flatMap((p) =>
    p.qualifications.map((q) => ({ InsurerNumber: q.insurerNumber, InsuredCardSymbol: q.symbol, InsuredIdentificationNumber: q.number, InsuredBranchNumber: q.branch, Birthdate: p.birthDate.replaceAll('-', ''), LimitApplicationCertificateRelatedConsFlg: '0' as const, ArbitraryIdentifier: null })),
  );
}

function requestXml(s: QualificationConfirmSearchInfo, clinic: string, afi: string): string {
  const item = (k: string, v: string | null | undefined) => (v ? `<${k}>${v}</${k}>` : '');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\r\n<XmlMsg><MessageHeader><QualificationConfirmationDate>${formatOqsDate(new Date())}</QualificationConfirmationDate><MedicalInstitutionCode>${clinic}</MedicalInstitutionCode><ArbitraryFileIdentifier>${afi}</ArbitraryFileIdentifier></MessageHeader><MessageBody><QualificationConfirmSearchInfo>${item('InsurerNumber', s.InsurerNumber)}${item('InsuredCardSymbol', s.InsuredCardSymbol)}${item('InsuredIdentificationNumber', s.InsuredIdentificationNumber)}${item('InsuredBranchNumber', s.InsuredBranchNumber)}${item('Birthdate', s.Birthdate)}${item('LimitApplicationCertificateRelatedConsFlg', '0')}</QualificationConfirmSearchInfo></MessageBody></XmlMsg>\r\n`;
}

/** Run `count` operations, `inFlight` at a time; each returns its own latency. */
async function drive(count: number, inFlight: number, one: (i: number) => Promise<number>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) latencies.push(await one(next++));
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

const summary = (path: string, run: { latencies: number[]; seconds: number }): PathTiming => ({ path, n: run.latencies.length, perSecond: run.latencies.length / run.seconds, p50Ms: percentile(run.latencies, 50), p99Ms: percentile(run.latencies, 99) });

/**
 * 個別照会 through the folder interface (a request renamed into req → its result renamed into res, timed at
 * the terminal's rename) for each watch setting, and the same queries over the ws client in the same run.
 * Service, terminal and load all in this process, on loopback and the local disk.
 */
export async function benchTerminalFiles(options: { requests?: number; inFlight?: number } = {}): Promise<TerminalFilesBench> {
  const requests = options.requests ?? 300;
  const inFlight = options.inFlight ?? 8;
  const dir = mkdtempSync(join(tmpdir(), 'bench-terminal-'));
  const central = await startCentralSystem({ database: join(dir, 'eligibility.sqlite'), port: 0, host: '127.0.0.1', seed: true, operatorSecret: 'bench', limits: { requestsPerSecond: 1e9, burst: 1e9 }, log: () => undefined });
  const clinic = demoClinic();
  const searches = searchesOfSeed();
  const paths: PathTiming[] = [];
  let run = 0;
  try {
    const client = new EligibilityClient({ url: central.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'bench-ws' });
    await client.connect();
    const settings: Array<[string, WatchOptions]> = [
      ['files: inotify, stable 300 ms (default)', { stableMs: 300 }],
      ['files: inotify, stable 50 ms', { stableMs: 50 }],
      ['files: polling 100 ms, stable 50 ms', { polling: true, intervalMs: 100, stableMs: 50 }],
    ];
    for (const [label, watch] of settings) {
      const root = join(dir, `share-${run}`);
      mkdirSync(root);
      const terminal = new QualificationTerminal({ folders: { root }, terminalId: 'bench', medicalInstitutionCode: clinic.code, service: { url: central.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: `bench-${run}` }, watch, concurrency: inFlight });
      await terminal.start();
      const waiting = new Map<string, (at: number) => void>();
      terminal.onAnswered((a) => a.request && waiting.get(a.request)?.(performance.now()));
      const result = await drive(requests, inFlight, (i) => {
        const name = `OQSsiquc01req_bench${run}${String(i).padStart(6, '0')}.xml`;
        const tmp = join(root, 'req', `.tmp-${i}`);
        writeFileSync(tmp, requestXml(searches[i % searches.length]!, clinic.code, `bench-${run}-${i}`));
        return new Promise<number>((resolve) => {
          let written = 0;
          waiting.set(name, (at) => resolve(at - written));
          renameSync(tmp, join(root, 'req', name));
          written = performance.now();
        });
      });
      paths.push(summary(label, result));
      await terminal.close();
      run += 1;
    }
    const ws = await drive(requests, inFlight, async (i) => {
      const t = performance.now();
      await client.confirmByInsuranceNumber(searches[i % searches.length]!);
      return performance.now() - t;
    });
    paths.push(summary('baseline: ws client, same queries', ws));
    await client.close();
  } finally {
    await central.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { paths, inFlight };
}

export function formatTerminalFiles(b: TerminalFilesBench): string {
  const w = Math.max(...b.paths.map((p) => p.path.length));
  const ms = (v: number) => (v < 100 ? v.toFixed(2) : v.toFixed(0));
  const ws = b.paths.at(-1)!;
  return [
    `${'case'.padEnd(w)}    n   per s   p50 ms   p99 ms   (${b.inFlight} in flight; file written → result renamed)`,
    ...b.paths.map((p) => `${p.path.padEnd(w)} ${String(p.n).padStart(4)} ${p.perSecond.toFixed(0).padStart(7)} ${ms(p.p50Ms).padStart(8)} ${ms(p.p99Ms).padStart(8)}${p === ws ? '' : `   ×${(ws.perSecond / p.perSecond).toFixed(1)} slower than ws`}`),
  ].join('\n');
}

// `npx tsx test/bench/benchTerminalFiles.ts [requests]` prints the table.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const requests = Number(process.argv[2]) || undefined;
  console.log(formatTerminalFiles(await benchTerminalFiles(requests ? { requests } : {})));
}
