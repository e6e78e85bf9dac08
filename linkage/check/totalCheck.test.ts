import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkageReportSchema, type LinkageReport } from '../../protocol/linkageReport/LinkageReport.ts';
import { loadPopulationManifest, POPULATION_FILES, writePopulationFiles } from '../generate/PopulationFiles.ts';
import { loadInsurerPolicies } from '../insurer/InsurerPolicy.ts';
import { CheckStore } from './CheckStore.ts';
import { checkShard, fileSource, formatSummaryLine, REPORT_FILES, shardStoreFile, writeLinkageReport } from './LinkageCheckFiles.ts';

const root = mkdtempSync(join(tmpdir(), 'linkage-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function check(dir: string, out: string, shards = 1, chunk = 20_000): Promise<LinkageReport> {
  for (let index = 0; index < shards; index += 1) {
    const shard = { index, count: shards, key: 'insurer' } as const;
    await checkShard({ input: dir, outDir: out, shard, openSource: fileSource(dir, shard), chunk });
  }
  return writeLinkageReport({ input: dir, outDir: out, shards, shardKey: 'insurer', manifest: loadPopulationManifest(dir), truthFile: join(dir, POPULATION_FILES.truth), durationMs: 1 });
}

describe('the 総点検 over a generated population of 10^5 people', () => {
  const dir = join(root, 'large');
  let report: LinkageReport;
  beforeAll(async () => {
    // Other-person errors at 0.2 % (20× the default) so that recall is measured on a few hundred, not ten.
    writePopulationFiles(dir, { people: 100_000, seed: 18, rates: { otherPerson: 0.002 }, insurers: loadInsurerPolicies() });
    report = await check(dir, join(root, 'large-out'));
  }, 60_000);

  it('finds every injected other-person error (recall 100 %), and says its precision', () => {
    expect(report.truth!.injectedOtherPerson).toBeGreaterThan(150);
    expect(report.truth!.recall).toBe(1);
    expect(report.truth!.precision).toBeGreaterThan(0.75);
    console.log(`10^5 people, ${report.linkages} linkages: ${formatSummaryLine(report)}`);
  });

  it('classifies every linkage once, by class and by insurer, with the notation-only share near the seed’s 0.9 %', () => {
    const total = Object.values(report.byClass).reduce((a, b) => a + b, 0);
    expect(total).toBe(report.linkages);
    expect(report.byInsurer.reduce((a, i) => a + Object.values(i.byClass).reduce((x, y) => x + y, 0), 0)).toBe(report.linkages);
    const notMatching = (report.byClass.notationOnly + report.byClass.addressOnly + report.byClass.nameChanged) / report.linkages;
    expect(notMatching).toBeGreaterThan(0.005);
    expect(notMatching).toBeLessThan(0.015);
    expect(LinkageReportSchema.parse(JSON.parse(readFileSync(join(root, 'large-out', REPORT_FILES.summary), 'utf8')))).toEqual(report);
  });

  it('lists each suspect with the 5 items side by side and how each item differed', () => {
    const db = new Database(join(root, 'large-out', REPORT_FILES.suspects), { readonly: true });
    const swap = db.prepare("SELECT suspect FROM suspects WHERE class = 'otherPerson' AND suspect LIKE '%birthDateOrSex%' LIMIT 1").get() as { suspect: string };
    const moved = db.prepare("SELECT suspect FROM suspects WHERE class = 'addressOnly' LIMIT 1").get() as { suspect: string };
    db.close();
    const s = JSON.parse(swap.suspect);
    expect(s.jlis.birthDate === s.registered.birthDate && s.jlis.sex === s.registered.sex).toBe(false);
    expect(s.items.birthDate.kind === 'different' || s.items.sex.kind === 'different').toBe(true);
    const m = JSON.parse(moved.suspect);
    expect(m.items.address).toEqual({ kind: 'different', how: 'value' });
    expect(m.reasons).toContain('moved');
    expect(m.jlisChanges.map((c: { reason: string }) => c.reason)).toContain('転居');
  });
});

describe('a 総点検 of 2·10^4 people, sharded and killed', () => {
  const dir = join(root, 'small');
  let reference: LinkageReport;
  beforeAll(async () => {
    writePopulationFiles(dir, { people: 20_000, seed: 5, rates: { otherPerson: 0.003 }, insurers: loadInsurerPolicies() });
    reference = await check(dir, join(root, 'reference'), 1, 500);
  }, 30_000);

  it('gives the same result split into 3 shards by insurer', async () => {
    const sharded = await check(dir, join(root, 'sharded'), 3);
    expect(sharded.byClass).toEqual(reference.byClass);
    expect(sharded.byInsurer).toEqual(reference.byInsurer);
    expect(sharded.truth).toEqual(reference.truth);
  }, 30_000);

  it('killed with SIGKILL mid-run, resumes from its last commit and ends as a run never interrupted, no record counted twice', async () => {

    const out = join(root, 'killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/crash/linkageCheckWorker.ts', dir, out, '500'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunksSeen = await new Promise<number>((resolve, reject) => {
      let seen = 0;
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        seen += text.split('\n').filter((l) => l.startsWith('chunk')).length;
        if (seen >= 5 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve(seen);
        }
      });
      child.on('exit', (code) => (seen < 5 ? reject(new Error(`the worker ended (${code}) before it could be killed`)) : undefined));
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    const store = new CheckStore(shardStoreFile(out, { index: 0, count: 1, key: 'insurer' }), `${dir} shard 0/1 by insurer`);
    const killedAt = store.checkpoint()!;
    store.close();
    expect(killedAt.done).toBe(false);
    expect(killedAt.classified).toBeGreaterThanOrEqual(chunksSeen * 500 - 500);
    expect(killedAt.classified).toBeLessThan(reference.linkages);

    const resumed = await check(dir, out, 1, 500);
    expect(resumed.byClass).toEqual(reference.byClass);
    expect(resumed.byInsurer).toEqual(reference.byInsurer);
    expect(resumed.truth).toEqual(reference.truth);
    expect(resumed.linkages).toBe(reference.linkages);
  }, 60_000);
});
