// `npm run bench [-- --json FILE]`: APDU round trip and card reads, in-process vs real pcscd + vpcd.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_CASES, countApdus, type BenchCase } from './benchCases.ts';
import { IN_PROCESS, openInProcessPath, openPcscdPath, THROUGH_PCSCD, type OpenBenchPath } from './benchPaths.ts';
import { computeRatios, type BenchReport } from './BenchReport.ts';
import { formatBenchContext, formatBenchTable } from './formatBenchTable.ts';
import { BENCH_READER, BENCH_VPCD_PORT, ensurePcscd, quickackRouteSet, SETUP_HINT } from '../harness/pcscdRig.ts';
import { sampleLatency, type SampleBudget } from './sampleLatency.ts';
import { benchKioskVisit } from './benchKioskVisit.ts';
import { benchPinCheckIn, formatPinCheckIn } from './benchPinCheckIn.ts';
import { benchDeviceAdapters, formatDeviceAdapters } from './benchDeviceAdapters.ts';
import { benchKioskSoak } from './benchKioskSoak.ts';
import { benchTerminalFiles, formatTerminalFiles } from './benchTerminalFiles.ts';
import { benchConfirmations, benchStores, type StoreBenchResult } from './service/benchConfirmations.ts';
import { createPostgresDatabase, startPostgresRig } from '../harness/postgresRig.ts';
import { formatConfirmations, formatKioskSoak, formatKioskVisit, formatStores } from './formatBenchTable.ts';
import { benchLinkageCheck, formatLinkageBench } from './linkage/benchLinkageCheck.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROFILE = 'yamada-taro';

/**
 * About 15 s in all with the quickack route; without it (~44 ms per APDU through vpcd) the time caps
 * bound the run to about 40 s and n drops, which the table shows.
 */
const BUDGET: Record<BenchCase['weight'], SampleBudget> = {
  apdu: { warmup: 100, maxSamples: 5000, maxMs: 5000, block: 250 },
  read: { warmup: 20, maxSamples: 1000, maxMs: 10_000, block: 25 },
};

const USAGE = `usage: npm run bench [-- --json FILE] [-- linkage [--linkages N] [--no-postgres]]

Times a raw APDU and a card read (token label, 利用者証明用 certificate, CA certificate, PIN tries,
基本4情報 via 照合番号B) of the ${PROFILE} card, over the in-process SimReader and through the real
pcscd + vsmartcard vpcd (slot 1: "${BENCH_READER}", port ${BENCH_VPCD_PORT}) via the pcsclite adapter.
Prints n, median and p99 per path and the pcscd/in-process ratio of this run.
Then one full happy-path kiosk visit in-process (statechart + runtime + simulated devices + the real
eligibility service over loopback ws), against the card read alone as baseline; a full PIN check-in on
the PC/SC path (pcscd + vpcd, the devices as \`start --reader pcsc\` builds them) against the same check-in
with the reader in-process, interleaved; the card-face OCR per frame (a bare tesseract spawn as baseline)
and the face model per frame (decoding the frame as baseline), which need tesseract and Chromium
(scripts/setup); a kiosk's day (visit time and UI round trip at its start and its end, RSS over it); and
the eligibility service under 1,000 concurrent terminals doing card confirmations: its own CPU per
confirmation first, closed loop against a bare ws echo server, then open loop at 500, 1,000, 2,000 and
5,000 offered confirmations/s; the same service on SQLite, on PostgreSQL, and as two instances sharing
that PostgreSQL (200 terminals, closed loop);
個別照会 through the 資格確認端末's folders (file written → result renamed) against the same queries over ws.
Then the 総点検 over 10^7 generated linkages (kiosk linkage check --workers 2) against a plain SQL join of
the same data in SQLite and PostgreSQL, and the projection for 1.6×10^8 records. \`npm run bench -- linkage\`
runs that case alone.
  --json FILE     also write the numbers as JSON
  --quick         skip the kiosk's day, the 1,000-terminal service run and the 総点検
  --soak-visits N visits in the kiosk's all-day soak (default 500; the issue's day is 5000, about 5 min on a loaded 2-core box)
  --full-service  the service's runs at the issue's length: closed loop 10 s, each open-loop rate 10 s (default 5 s and 2 s)
  --linkages N    size of the 総点検 case (default 10000000); the population is cached under the temp folder
  --no-postgres   leave PostgreSQL out of the 総点検 case and of the service's store comparison`;

/** The store comparison on a private PostgreSQL cluster of its own, stopped after. */
async function storesCase(durationMs: number): Promise<StoreBenchResult> {
  const rig = startPostgresRig({ database: 'bench', settings: { max_connections: '100' } });
  try {
    return await benchStores({ createDatabase: async (name) => (await createPostgresDatabase(rig.url, name)).url, terminals: 200, durationMs });
  } finally {
    rig.stop();
  }
}

function describe(error: unknown): string {
  const code = typeof error === 'object' && error && 'code' in error ? `[${String((error as { code: unknown }).code)}] ` : '';
  return `${code}${error instanceof Error ? error.message : String(error)}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'string' }, quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, linkages: { type: 'string' }, 'soak-visits': { type: 'string' }, 'full-service': { type: 'boolean' }, 'no-postgres': { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const linkageCase = () =>
    benchLinkageCheck({ linkages: Number(values.linkages ?? 10_000_000), workers: 2, cacheDir: join(tmpdir(), 'myna-bench-linkage'), postgres: !values['no-postgres'] });
  if (positionals[0] === 'linkage') {
    const result = await linkageCase();
    console.log(`\n${formatLinkageBench(result)}`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ linkageCheck: result }, null, 2)}\n`);
    return 0;
  }
  const cpu = cpus();
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown' },
    profile: PROFILE,
    quickackRoute: quickackRouteSet() ?? null,
    pcscd: { state: 'unavailable', reader: BENCH_READER, port: BENCH_VPCD_PORT },
    results: [],
    ratios: [],
  };

  const paths: OpenBenchPath[] = [await openInProcessPath(PROFILE)];
  const rig = await ensurePcscd();
  if (rig.kind === 'unavailable') {
    report.pcscd.reason = rig.reason;
  } else {
    report.pcscd.state = rig.kind;
    try {
      paths.push(await openPcscdPath(PROFILE));
    } catch (error) {
      report.pcscd = { ...report.pcscd, state: 'failed', reason: describe(error) };
    }
  }
  console.log(formatBenchContext(report));
  console.log('measuring …');

  try {
    for (const benchCase of BENCH_CASES) {
      for (const path of paths) await benchCase.prepare(path.card);
      let summaries;
      try {
        summaries = await sampleLatency(
          paths.map((p) => ({ path: p.path, run: () => benchCase.run(p.card) })),
          BUDGET[benchCase.weight],
        );
      } catch (error) {
        const pcscdPath = paths.find((p) => p.path === THROUGH_PCSCD);
        if (!pcscdPath) throw error;
        // The real path broke mid-run (pcscd restarted by someone, slot taken): keep the in-process numbers.
        report.pcscd = { ...report.pcscd, state: 'failed', reason: `during "${benchCase.label}": ${describe(error)}` };
        paths.splice(paths.indexOf(pcscdPath), 1);
        await pcscdPath.close().catch(() => undefined);
        await benchCase.prepare(paths[0]!.card);
        summaries = await sampleLatency([{ path: IN_PROCESS, run: () => benchCase.run(paths[0]!.card) }], BUDGET[benchCase.weight]);
      }
      const apdus = await countApdus(benchCase, paths[0]!.card);
      for (const path of paths) {
        report.results.push({ case: benchCase.id, label: benchCase.label, path: path.path, apdus, ...summaries.get(path.path)! });
      }
    }
  } finally {
    for (const path of paths) await path.close().catch((error: unknown) => console.error(`closing ${path.path}: ${describe(error)}`));
    if (rig.kind !== 'unavailable') await rig.stop();
  }

  report.ratios = computeRatios(report.results, THROUGH_PCSCD, IN_PROCESS);
  console.log();
  console.log(formatBenchTable(report));

  console.log('\nmeasuring a full kiosk visit …');
  report.kioskVisit = await benchKioskVisit();
  console.log(formatKioskVisit(report.kioskVisit));
  console.log('\nmeasuring a full PIN check-in through pcscd + vpcd against the same check-in in-process …');
  report.pinCheckIn = await benchPinCheckIn();
  console.log(formatPinCheckIn(report.pinCheckIn));
  console.log('\nmeasuring the real adapters: card-face OCR and the face model …');
  report.deviceAdapters = await benchDeviceAdapters();
  console.log(formatDeviceAdapters(report.deviceAdapters));
  const soakVisits = Number(values['soak-visits'] ?? (values.quick ? 0 : 500));
  if (soakVisits > 0) {
    console.log(`\nmeasuring a kiosk's day (${soakVisits} visits) …`);
    report.kioskSoak = await benchKioskSoak({ visits: soakVisits, window: Math.min(250, Math.floor(soakVisits / 4)), rssEvery: Math.max(50, Math.floor(soakVisits / 20)) });
    console.log(formatKioskSoak(report.kioskSoak));
  }
  console.log('\nmeasuring 個別照会 through the terminal\'s folders …');
  report.terminalFiles = await benchTerminalFiles();
  console.log(formatTerminalFiles(report.terminalFiles));
  if (!values.quick) {
    console.log('\nmeasuring the eligibility service under 1,000 terminals (service, load generator and echo server each in its own process) …');
    const full = Boolean(values['full-service']);
    report.eligibilityService = await benchConfirmations({ terminals: 1000, durationMs: full ? 10_000 : 5000, openDurationMs: full ? 10_000 : 2000, rates: [500, 1000, 2000, 5000] });
    console.log(formatConfirmations(report.eligibilityService));
    if (!values['no-postgres']) {
      console.log('\nmeasuring the service on its stores: SQLite, then one and two instances sharing one PostgreSQL …');
      report.serviceStores = await storesCase(full ? 10_000 : 5000);
      console.log(formatStores(report.serviceStores));
    }
  }
  if (!values.quick) {
    console.log('\nmeasuring the 総点検 …');
    report.linkageCheck = await linkageCase();
    console.log(formatLinkageBench(report.linkageCheck));
  }
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${values.json}`);
  }
  if (report.pcscd.state === 'unavailable' || report.pcscd.state === 'failed') {
    const what = report.pcscd.state === 'unavailable' ? 'was not measured' : 'failed';
    console.error(`\nThe pcscd + vpcd path ${what}: ${report.pcscd.reason}`);
    const setupWouldHelp = report.pcscd.state === 'unavailable' || /NATIVE_UNAVAILABLE|NO_SERVICE|VPCD_UNREACHABLE/.test(report.pcscd.reason ?? '');
    if (setupWouldHelp && !report.pcscd.reason?.includes(SETUP_HINT)) console.error(SETUP_HINT);
    return 1;
  }
  if (report.quickackRoute === false) {
    console.error('\nThe loopback quickack route is not set, so the pcscd numbers include ~44 ms of delayed-ACK stall per APDU. ' + SETUP_HINT);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench failed: ${describe(error)}`);
    process.exitCode = 1;
  },
);
