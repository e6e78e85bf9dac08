import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { NdjsonCursor } from '../../../linkage/check/NdjsonCursor.ts';
import { loadPopulationIntoPostgres } from '../../../linkage/check/PostgresPopulation.ts';
import { loadPopulationManifest, POPULATION_FILES } from '../../../linkage/generate/PopulationFiles.ts';
import type { LinkageRecord } from '../../../linkage/registry/LinkageRecord.ts';
import type { ResidentRecord } from '../../../linkage/jlis/ResidentRecord.ts';
import { startPostgresRig, type PostgresRig } from '../../harness/postgresRig.ts';

/** What the 総点検 benchmark measured (`npm run bench -- linkage`). */
export interface LinkageBench {
  linkages: number;
  people: number;
  loadAverage: { before: number[]; after: number[] };
  generateSeconds: number | null;
  check: { workers: number; seconds: number; recordsPerSecond: number; peakRssMb: { parent: number; worker: number }; summary: string };
  sqlite: { loadSeconds: number; joinSeconds: number; joinRecordsPerSecond: number };
  postgres: { loadSeconds: number; joinSeconds: number; joinRecordsPerSecond: number; checkSeconds: number | null; checkRecordsPerSecond: number | null; checkFailed: string | null } | { skipped: string };
  projection: { records: number; oneBoxHours: number; shards: { n: number; hours: number }[] };
}

const CLI = join(import.meta.dirname, '../../../app/cli/main.ts');

function run(args: string[]): Promise<{ stdout: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
      process.stdout.write(t);
    });
    child.on('exit', (code) => (code === 0 ? resolve({ stdout, seconds: (performance.now() - started) / 1000 }) : reject(new Error(`kiosk ${args.join(' ')} exited ${code}`))));
  });
}

/** The plain-SQL baseline: the same join on the 5 items, compared for equality only (no tolerance, no classes). */
const PLAIN_JOIN = `SELECT count(*) AS n, count(*) FILTER (WHERE j.my_number IS NULL OR j.name <> l.name OR j.name_kana <> l.name_kana OR j.birth_date <> l.birth_date OR j.sex <> l.sex OR l.address IS NULL OR j.address <> l.address) AS differ
  FROM linkages l LEFT JOIN jlis j ON j.my_number = l.my_number`;

function sqliteBaseline(dir: string, file: string) {
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(`CREATE TABLE jlis (my_number TEXT PRIMARY KEY, name TEXT, name_kana TEXT, birth_date TEXT, sex TEXT, address TEXT) WITHOUT ROWID;
           CREATE TABLE linkages (my_number TEXT, linkage_id TEXT, name TEXT, name_kana TEXT, birth_date TEXT, sex TEXT, address TEXT, PRIMARY KEY (my_number, linkage_id)) WITHOUT ROWID;`);
  let started = performance.now();
  const load = (table: string, cols: number, file: string, row: (text: string) => unknown[]) => {
    const insert = db.prepare(`INSERT INTO ${table} VALUES (${Array(cols).fill('?').join(',')})`);
    const cursor = new NdjsonCursor(file);
    let batch: unknown[][] = [];
    const flush = db.transaction((rows: unknown[][]) => rows.forEach((r) => insert.run(...r)));
    for (let line = cursor.next(); line; line = cursor.next()) {
      batch.push(row(line.text));
      if (batch.length === 50_000) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    cursor.close();
  };
  load('jlis', 6, join(dir, POPULATION_FILES.jlis), (t) => {
    const r = JSON.parse(t) as ResidentRecord;
    return [r.myNumber, r.name, r.nameKana, r.birthDate, r.sex, r.address];
  });
  load('linkages', 7, join(dir, POPULATION_FILES.linkages), (t) => {
    const l = JSON.parse(t) as LinkageRecord;
    return [l.myNumber, l.linkageId, l.name, l.nameKana, l.birthDate, l.sex, l.address];
  });
  const loadSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const result = db.prepare(PLAIN_JOIN.replace(/count\(\*\) FILTER \(WHERE ([^)]*(?:\([^)]*\))?[^)]*)\)/, 'sum(CASE WHEN $1 THEN 1 ELSE 0 END)')).get() as { n: number };
  const joinSeconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(file, { force: true });
  return { loadSeconds, joinSeconds, joinRecordsPerSecond: result.n / joinSeconds };
}

/**
 * The 総点検 over `linkages` generated linkages on this box: `kiosk linkage check --workers 2` from the files
 * (records/s, peak RSS), against a plain SQL join of the same data in SQLite and PostgreSQL in the same run,
 * then the 総点検 reading its shards from PostgreSQL; and the time 1.6×10^8 records would take.
 */
export async function benchLinkageCheck(options: { linkages: number; workers: number; cacheDir: string; postgres: boolean }): Promise<LinkageBench> {
  const before = loadavg();
  const people = Math.round(options.linkages / 1.33);
  const dir = join(options.cacheDir, `population-${people}`);
  let generateSeconds: number | null = null;
  if (!existsSync(join(dir, POPULATION_FILES.manifest))) {
    mkdirSync(options.cacheDir, { recursive: true });
    console.log(`generating ${people} people (about ${options.linkages} linkages) into ${dir} …`);
    generateSeconds = (await run(['linkage', 'generate', '--people', String(people), '--seed', '2023', '--out', dir])).seconds;
  } else console.log(`reusing the population in ${dir}`);
  const manifest = loadPopulationManifest(dir);

  const out = join(options.cacheDir, 'check');
  rmSync(out, { recursive: true, force: true });
  console.log(`\nthe 総点検 with ${options.workers} workers …`);
  const checked = await run(['linkage', 'check', '--in', dir, '--out', out, '--workers', String(options.workers), '--truth', join(dir, POPULATION_FILES.truth)]);
  const rss = /peak RSS: (\d+) MB in this process(?:, (\d+) MB in the largest)?/.exec(checked.stdout);
  const summary = checked.stdout.split('\n').find((l) => l.startsWith('suspects:')) ?? '';

  console.log('\nplain SQL join in SQLite …');
  const sqlite = sqliteBaseline(dir, join(options.cacheDir, 'baseline.sqlite'));
  console.log(`  load ${sqlite.loadSeconds.toFixed(1)} s, join ${sqlite.joinSeconds.toFixed(1)} s`);

  let postgres: LinkageBench['postgres'] = { skipped: 'not asked (--no-postgres)' };
  if (options.postgres) {
    let rig: PostgresRig | undefined;
    try {
      rig = startPostgresRig({ settings: { fsync: 'off', synchronous_commit: 'off', shared_buffers: '1GB', maintenance_work_mem: '512MB', max_wal_size: '8GB', work_mem: '64MB' } });
      const client = new pg.Client({ connectionString: rig.url });
      await client.connect();
      console.log('\nPostgreSQL: COPY …');
      let started = performance.now();
      await loadPopulationIntoPostgres(client, dir);
      const loadSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      const joined = await client.query<{ n: string }>(PLAIN_JOIN);
      const joinSeconds = (performance.now() - started) / 1000;
      await client.end();
      console.log(`  load ${loadSeconds.toFixed(1)} s, join ${joinSeconds.toFixed(1)} s\nthe 総点検 reading its shards from PostgreSQL …`);
      const pgOut = join(options.cacheDir, 'check-postgres');
      rmSync(pgOut, { recursive: true, force: true });
      const measured = { loadSeconds, joinSeconds, joinRecordsPerSecond: Number(joined.rows[0]!.n) / joinSeconds };
      // The join's numbers stand even when the 総点検 over PostgreSQL is stopped or fails.
      postgres = { ...measured, checkSeconds: null, checkRecordsPerSecond: null, checkFailed: null };
      try {
        const fromPg = await run(['linkage', 'check', '--in', dir, '--out', pgOut, '--workers', String(options.workers), '--postgres', rig.url]);
        postgres = { ...measured, checkSeconds: fromPg.seconds, checkRecordsPerSecond: manifest.linkages / fromPg.seconds, checkFailed: null };
      } catch (error) {
        postgres = { ...measured, checkSeconds: null, checkRecordsPerSecond: null, checkFailed: error instanceof Error ? error.message : String(error) };
      }
    } catch (error) {
      postgres = { skipped: error instanceof Error ? error.message : String(error) };
    } finally {
      rig?.stop();
    }
  }
  const rate = manifest.linkages / checked.seconds;
  const oneBoxHours = 1.6e8 / rate / 3600;
  return {
    linkages: manifest.linkages,
    people: manifest.people,
    loadAverage: { before, after: loadavg() },
    generateSeconds,
    check: { workers: options.workers, seconds: checked.seconds, recordsPerSecond: rate, peakRssMb: { parent: Number(rss?.[1] ?? 0), worker: Number(rss?.[2] ?? 0) }, summary },
    sqlite,
    postgres,
    // Shards on separate boxes, each reading only its own rows from PostgreSQL: linear until the database is the limit.
    projection: { records: 1.6e8, oneBoxHours, shards: [4, 16, 64].map((n) => ({ n, hours: oneBoxHours / n })) },
  };
}

export function formatLinkageBench(b: LinkageBench): string {
  const pgLine =
    'skipped' in b.postgres
      ? `PostgreSQL: skipped (${b.postgres.skipped})`
      : `PostgreSQL plain join: ${Math.round(b.postgres.joinRecordsPerSecond).toLocaleString('en')} records/s (${b.postgres.joinSeconds.toFixed(1)} s; COPY ${b.postgres.loadSeconds.toFixed(0)} s); the 総点検 reading shards from PostgreSQL: ${
          b.postgres.checkFailed ? `did not finish (${b.postgres.checkFailed})` : `${Math.round(b.postgres.checkRecordsPerSecond ?? 0).toLocaleString('en')} records/s (${(b.postgres.checkSeconds ?? 0).toFixed(0)} s)`
        }`;
  return [
    `総点検 over ${b.linkages.toLocaleString('en')} linkages (${b.people.toLocaleString('en')} people; load average ${b.loadAverage.before.map((x) => x.toFixed(1)).join('/')} → ${b.loadAverage.after.map((x) => x.toFixed(1)).join('/')} on ${2} cores)`,
    `  files, ${b.check.workers} workers: ${b.check.seconds.toFixed(1)} s, ${Math.round(b.check.recordsPerSecond).toLocaleString('en')} records/s, peak RSS ${b.check.peakRssMb.parent} MB (parent) / ${b.check.peakRssMb.worker} MB (largest worker)`,
    `  ${b.check.summary}`,
    `  SQLite plain join: ${Math.round(b.sqlite.joinRecordsPerSecond).toLocaleString('en')} records/s (${b.sqlite.joinSeconds.toFixed(1)} s; load ${b.sqlite.loadSeconds.toFixed(0)} s)`,
    `  ${pgLine}`,
    `  projected for 1.6×10^8 records: ${b.projection.oneBoxHours.toFixed(2)} h on this box; ${b.projection.shards.map((s) => `${(s.hours * 60).toFixed(0)} min on ${s.n} shards`).join(', ')}${b.generateSeconds !== null ? `\n  (generating the population took ${b.generateSeconds.toFixed(0)} s)` : ''}`,
  ].join('\n');
}
