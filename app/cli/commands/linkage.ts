import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { fileSource, checkShard, formatSummaryLine, writeLinkageReport } from '../../../linkage/check/LinkageCheckFiles.ts';
import { validateShard, type Shard, type ShardKey } from '../../../linkage/check/LinkageSource.ts';
import type { CheckProgress } from '../../../linkage/check/runLinkageCheck.ts';
import { loadPopulationManifest, POPULATION_FILES, writePopulationFiles } from '../../../linkage/generate/PopulationFiles.ts';
import { loadInsurerPolicies, INSURER_POLICIES_FILE } from '../../../linkage/insurer/InsurerPolicy.ts';
import { LinkageError } from '../../../linkage/LinkageError.ts';
import { serveLinkageReport } from '../../serveLinkageReport.ts';
import { openPostgresSource } from '../../../linkage/check/PostgresLinkageSource.ts';
import { ProgressBar } from '../ProgressBar.ts';

function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
}
function share(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`must be a share between 0 and 1 (0.0001 = 0.01 %), got ${JSON.stringify(value)}`);
  return n;
}
function shardKey(value: string): ShardKey {
  if (value !== 'insurer' && value !== 'prefecture') throw new InvalidArgumentError(`must be insurer or prefecture, got ${JSON.stringify(value)}`);
  return value;
}

interface CheckOptions {
  in: string;
  out: string;
  truth?: string;
  shards: number;
  shard?: number;
  workers: number;
  shardBy: ShardKey;
  postgres?: string;
  chunk: number;
  progress: 'bar' | 'json';
}

/** What a run reads, as its stores record it (a password in a URL is not kept). */
function inputOf(opts: CheckOptions): string {
  return opts.postgres ? `postgres:${opts.postgres.replace(/:[^:@/]*@/, ':***@')}` : resolve(opts.in);
}

/** One shard in this process: progress as a bar, or as JSON lines for a parent that runs several. */
async function runShard(opts: CheckOptions, shard: Shard, onProgress: (p: CheckProgress) => void) {
  const input = resolve(opts.in);
  const openSource = opts.postgres ? (from: Record<string, string | number> | null) => openPostgresSource(opts.postgres!, shard, from) : fileSource(input, shard);
  return checkShard({ input: inputOf(opts), outDir: resolve(opts.out), shard, openSource, chunk: opts.chunk, onProgress });
}

/** Several shards in child processes of this same CLI, one progress bar over them all. */
async function runWorkers(opts: CheckOptions, bar: ProgressBar): Promise<{ workerMaxRssKb: number }> {
  const states = Array.from({ length: opts.workers }, () => ({ classified: 0, done: 0, total: 0, elapsedMs: 0 }));
  let workerMaxRssKb = 0;
  const children = states.map((_, index) => {
    const args = [...process.execArgv, process.argv[1]!, 'linkage', 'check', '--in', opts.in, '--out', opts.out, '--shards', String(opts.workers), '--shard', String(index), '--shard-by', opts.shardBy, '--chunk', String(opts.chunk), '--progress', 'json', '--no-report'];
    if (opts.postgres) args.push('--postgres', opts.postgres);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let rest = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const progress = JSON.parse(line) as CheckProgress & { maxRssKb?: number };
        states[index] = progress;
        workerMaxRssKb = Math.max(workerMaxRssKb, progress.maxRssKb ?? 0);
        const sum = states.reduce((a, s) => ({ classified: a.classified + s.classified, done: a.done + s.done, total: a.total + s.total, elapsedMs: Math.max(a.elapsedMs, s.elapsedMs) }));
        bar.update(sum);
      }
    });
    return new Promise<void>((done, fail) =>
      child.on('exit', (code, signal) => (code === 0 ? done() : fail(new LinkageError('WORKER_FAILED', `Shard ${index} of ${opts.workers} stopped (${signal ?? `exit ${code}`}): run the same command again to resume it.`)))),
    );
  });
  await Promise.all(children);
  return { workerMaxRssKb };
}

export function registerLinkageCommands(program: Command): void {
  const linkage = program.command('linkage').description('upstream of the kiosk: insurer linkages, J-LIS and the 総点検 (docs/linkage.md)');

  linkage
    .command('generate')
    .description('write a synthetic population: 住基 records (jlis.ndjson), insurer linkages (linkages.ndjson), ground truth apart (truth/labels.ndjson)')
    .requiredOption('--people <n>', 'J-LIS residents to generate', integer(1))
    .requiredOption('--out <dir>', 'folder to write')
    .option('--seed <s>', 'seed: the same seed writes the same files', integer(0), 1)
    .option('--other-person-rate <share>', 'another person’s number, per person (default 0.0001 = 0.01 %)', share)
    .option('--mistyped-rate <share>', 'a mistyped number that names no one, per person (default 0.00005)', share)
    .option('--insurers <file>', 'insurers and their shortcuts', INSURER_POLICIES_FILE)
    .action((opts: { people: number; out: string; seed: number; otherPersonRate?: number; mistypedRate?: number; insurers: string }) => {
      const started = performance.now();
      const rates = { ...(opts.otherPersonRate !== undefined ? { otherPerson: opts.otherPersonRate } : {}), ...(opts.mistypedRate !== undefined ? { mistypedNumber: opts.mistypedRate } : {}) };
      const { summary } = writePopulationFiles(resolve(opts.out), { people: opts.people, seed: opts.seed, rates, insurers: loadInsurerPolicies(opts.insurers) });
      const seconds = (performance.now() - started) / 1000;
      console.log(`wrote ${opts.out}: ${summary.people} residents, ${summary.linkages} linkages (${summary.otherPerson} with another person’s number) in ${seconds.toFixed(1)} s; labels in ${join(opts.out, POPULATION_FILES.truth)}`);
    });

  linkage
    .command('check')
    .description('the 総点検: match every linkage against J-LIS’s 5 items and classify it; resumable, sharded')
    .requiredOption('--in <dir>', 'population folder (from `linkage generate`); with --postgres, its manifest only')
    .requiredOption('--out <dir>', 'folder for the shards’ stores and the report (report.json, report.sqlite)')
    .option('--truth <file>', 'ground-truth labels: adds recall and precision to the summary')
    .option('--workers <n>', 'split into n shards, each in its own process', integer(1), 1)
    .option('--shards <n>', 'the number of shards of the whole run (with --shard: this process does one)', integer(1))
    .option('--shard <i>', 'run only this shard (0-based): another process or machine runs the others', integer(0))
    .option('--shard-by <key>', 'shard key: insurer (保険者番号) or prefecture (its 都道府県番号)', shardKey, 'insurer')
    .option('--postgres <url>', 'read the shard from PostgreSQL (tables jlis and linkages) instead of the files')
    .option('--chunk <n>', 'linkages per committed chunk (one checkpoint each)', integer(1), 20_000)
    .option('--progress <kind>', 'bar (stderr) or json (stdout, for a parent process)', 'bar')
    .option('--no-report', 'do not merge the report (a worker of a larger run)')
    .action(async (opts: CheckOptions & { report: boolean }) => {
      const manifest = loadPopulationManifest(resolve(opts.in));
      const shards = opts.shards ?? opts.workers;
      const started = performance.now();
      const bar = new ProgressBar('総点検');
      // Workers report their peak RSS with their progress, so the parent can say what the whole run needed.
      const report = (p: CheckProgress) => (opts.progress === 'json' ? process.stdout.write(`${JSON.stringify({ ...p, maxRssKb: process.resourceUsage().maxRSS })}\n`) : bar.update(p));
      let workerMaxRssKb = 0;
      if (opts.shard !== undefined) {
        await runShard(opts, validateShard({ index: opts.shard, count: shards, key: opts.shardBy }), report);
      } else if (opts.workers > 1) {
        if (opts.shards !== undefined && opts.shards !== opts.workers) throw new LinkageError('SHARD_INVALID', '--workers n runs n shards: leave --shards out, or run each shard with --shard.');
        ({ workerMaxRssKb } = await runWorkers({ ...opts, shards }, bar));
      } else {
        for (let index = 0; index < shards; index += 1) await runShard(opts, { index, count: shards, key: opts.shardBy }, report);
      }
      if (opts.progress === 'bar') bar.finish();
      if (!opts.report || (opts.shard !== undefined && opts.progress === 'json')) return;
      if (opts.shard !== undefined && !existsSync(resolve(opts.out))) return;
      try {
        const result = writeLinkageReport({ input: inputOf(opts), outDir: resolve(opts.out), shards, shardKey: opts.shardBy, manifest, truthFile: opts.truth ? resolve(opts.truth) : undefined, durationMs: performance.now() - started });
        console.log(`${result.linkages.toLocaleString('en')} linkages in ${(result.durationMs / 1000).toFixed(1)} s (${Math.round(result.recordsPerSecond).toLocaleString('en')} records/s); report in ${join(opts.out, 'report.json')}`);
        console.log(formatSummaryLine(result));
        const mb = (kb: number) => Math.round(kb / 1024);
        console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS)} MB in this process${workerMaxRssKb > 0 ? `, ${mb(workerMaxRssKb)} MB in the largest of ${opts.workers} workers` : ''}`);
      } catch (error) {
        // One shard of several: the others are still to run, and the last one merges the report.
        if (opts.shard !== undefined && error instanceof LinkageError && error.code === 'WORKER_FAILED') console.log(`shard ${opts.shard} of ${shards} done; the report is merged once every shard has run`);
        else throw error;
      }
    });

  linkage
    .command('serve')
    .description('serve the insurer’s page (#/insurer in the screens) over a check’s report')
    .requiredOption('--report <dir>', 'the --out folder of `linkage check`')
    .option('--port <n>', 'port (0: any free one)', integer(0), 8781)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { report: string; port: number; host: string }) => {
      const server = await serveLinkageReport({ reportDir: resolve(opts.report), port: opts.port, host: opts.host });
      console.log(`insurer’s page at ${server.url}/#/insurer`);
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await server.close();
    });
}
