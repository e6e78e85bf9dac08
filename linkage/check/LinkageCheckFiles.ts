import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LinkageReportSchema, type ClassCounts, type LinkageReport } from '../../protocol/linkageReport/LinkageReport.ts';
import type { PopulationManifest } from '../generate/PopulationFiles.ts';
import { LinkageError } from '../LinkageError.ts';
import { CheckStore, emptyCounts, type Checkpoint } from './CheckStore.ts';
import { FileLinkageSource } from './FileLinkageSource.ts';
import type { LinkageSource, Shard } from './LinkageSource.ts';
import { runLinkageCheck, type CheckProgress } from './runLinkageCheck.ts';
import { scoreAgainstTruth } from './scoreAgainstTruth.ts';

/** The files of a check's --out folder: one store per shard, then the merged report. */
export const REPORT_FILES = { summary: 'report.json', suspects: 'report.sqlite' } as const;

export const shardStoreFile = (outDir: string, shard: Shard) => join(outDir, `shard-${shard.index}-of-${shard.count}.sqlite`);

export interface ShardCheckOptions {
  /** Where the population is read from; the store's identity names it. */
  input: string;
  outDir: string;
  shard: Shard;
  /** The source, opened at the checkpoint's position (null: from the start). */
  openSource: (from: Checkpoint['position'] | null) => LinkageSource;
  chunk?: number;
  onProgress?: (progress: CheckProgress) => void;
  afterChunk?: (checkpoint: Checkpoint) => void;
}

/** One shard of the 総点検, resumed from its store's checkpoint when there is one. */
export async function checkShard(options: ShardCheckOptions): Promise<Checkpoint> {
  mkdirSync(options.outDir, { recursive: true });
  const store = new CheckStore(shardStoreFile(options.outDir, options.shard), `${options.input} shard ${options.shard.index}/${options.shard.count} by ${options.shard.key}`);
  const source = options.openSource(store.checkpoint()?.position ?? null);
  try {
    return await runLinkageCheck({ source, store, chunk: options.chunk, onProgress: options.onProgress, afterChunk: options.afterChunk });
  } finally {
    await source.close();
    store.close();
  }
}

/** Open the population files of `dir` for a shard. */
export const fileSource = (dir: string, shard: Shard) => (from: Checkpoint['position'] | null) => new FileLinkageSource(dir, shard, from ?? {});

function add(into: ClassCounts, counts: ClassCounts): void {
  for (const [c, n] of Object.entries(counts) as [keyof ClassCounts, number][]) into[c] += n;
}

/**
 * Merge the shards' stores into the report: report.json (the summary, with recall and precision when the
 * labels are given) and report.sqlite (every suspect, for the insurer's page). Refuses while a shard is
 * missing or unfinished: run it (again) first.
 */
export function writeLinkageReport(options: { input: string; outDir: string; shards: number; shardKey: Shard['key']; manifest: PopulationManifest; truthFile?: string; durationMs: number }): LinkageReport {
  const byClass = emptyCounts();
  const byInsurer: Record<string, ClassCounts> = {};
  let linkages = 0;
  const reportDb = join(options.outDir, REPORT_FILES.suspects);
  rmSync(reportDb, { force: true });
  const db = new Database(reportDb);
  db.exec('CREATE TABLE suspects (linkage_id TEXT PRIMARY KEY, insurer_number TEXT NOT NULL, class TEXT NOT NULL, suspect TEXT NOT NULL); CREATE INDEX suspects_by_insurer ON suspects (insurer_number, class);');
  let flagged: Set<string>;
  try {
    for (let index = 0; index < options.shards; index += 1) {
      const file = shardStoreFile(options.outDir, { index, count: options.shards, key: options.shardKey });
      if (!existsSync(file)) throw new LinkageError('WORKER_FAILED', `Shard ${index} of ${options.shards} has not run (${file} is missing): run it with --shard ${index} --shards ${options.shards}.`);
      const store = new CheckStore(file, `${options.input} shard ${index}/${options.shards} by ${options.shardKey}`);
      const checkpoint = store.checkpoint();
      store.close();
      if (!checkpoint?.done) throw new LinkageError('WORKER_FAILED', `Shard ${index} of ${options.shards} is not finished: run it again to resume it.`);
      linkages += checkpoint.classified;
      add(byClass, checkpoint.counts);
      for (const [insurer, counts] of Object.entries(checkpoint.byInsurer)) add((byInsurer[insurer] ??= emptyCounts()), counts);
      db.prepare('ATTACH DATABASE ? AS shard').run(file);
      db.exec('INSERT INTO suspects SELECT * FROM shard.suspects');
      db.exec('DETACH DATABASE shard');
    }
    flagged = new Set((db.prepare("SELECT linkage_id FROM suspects WHERE class = 'otherPerson'").all() as { linkage_id: string }[]).map((r) => r.linkage_id));
  } finally {
    db.close();
  }
  const names = new Map(options.manifest.insurers.map((i) => [i.number, i.name]));
  const report: LinkageReport = LinkageReportSchema.parse({
    format: 1,
    finishedAt: new Date().toISOString(),
    input: options.input,
    linkages,
    byClass,
    byInsurer: Object.entries(byInsurer)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([insurerNumber, counts]) => ({ insurerNumber, insurerName: names.get(insurerNumber) ?? insurerNumber, byClass: counts })),
    shards: options.shards,
    durationMs: options.durationMs,
    recordsPerSecond: options.durationMs > 0 ? (linkages * 1000) / options.durationMs : 0,
    truth: options.truthFile ? scoreAgainstTruth(options.truthFile, flagged) : null,
  });
  writeFileSync(join(options.outDir, REPORT_FILES.summary), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** The summary line of `kiosk linkage check`. */
export function formatSummaryLine(report: LinkageReport): string {
  const c = report.byClass;
  const truth = report.truth ? `; recall ${(report.truth.recall * 100).toFixed(1)} %, precision ${(report.truth.precision * 100).toFixed(1)} %` : '';
  return `suspects: ${c.otherPerson} other-person, ${c.notationOnly} notation-only, ${c.addressOnly} address-only${truth}`;
}
