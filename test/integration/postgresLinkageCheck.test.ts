import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkShard, fileSource, writeLinkageReport } from '../../linkage/check/LinkageCheckFiles.ts';
import { openPostgresSource } from '../../linkage/check/PostgresLinkageSource.ts';
import { loadPopulationIntoPostgres } from '../../linkage/check/PostgresPopulation.ts';
import { loadPopulationManifest, POPULATION_FILES, writePopulationFiles } from '../../linkage/generate/PopulationFiles.ts';
import { loadInsurerPolicies } from '../../linkage/insurer/InsurerPolicy.ts';
import { startPostgresRig, type PostgresRig } from '../harness/postgresRig.ts';

const root = mkdtempSync(join(tmpdir(), 'linkage-pg-'));
let rig: PostgresRig;
beforeAll(() => {
  rig = startPostgresRig();
}, 60_000);
afterAll(() => {
  rig?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the 総点検 reading its shards from PostgreSQL', () => {
  it('two machines’ shards read from PostgreSQL give what one pass over the files gives, resumable by key', async () => {
    const dir = join(root, 'population');
    writePopulationFiles(dir, { people: 4_000, seed: 9, rates: { otherPerson: 0.01 }, insurers: loadInsurerPolicies() });
    const manifest = loadPopulationManifest(dir);
    const whole = { index: 0, count: 1, key: 'insurer' } as const;
    await checkShard({ input: dir, outDir: join(root, 'files'), shard: whole, openSource: fileSource(dir, whole) });
    const fromFiles = writeLinkageReport({ input: dir, outDir: join(root, 'files'), shards: 1, shardKey: 'insurer', manifest, truthFile: join(dir, POPULATION_FILES.truth), durationMs: 1 });

    const client = new pg.Client({ connectionString: rig.url });
    await client.connect();
    expect(await loadPopulationIntoPostgres(client, dir)).toEqual({ jlis: manifest.people, linkages: manifest.linkages });
    await client.end();
    const out = join(root, 'postgres');
    for (const index of [0, 1]) {
      const shard = { index, count: 2, key: 'prefecture' } as const;
      // Small chunks, so each shard pages through several keyset queries.
      await checkShard({ input: 'postgres', outDir: out, shard, chunk: 700, openSource: (from) => openPostgresSource(rig.url, shard, from) });
    }
    const fromPostgres = writeLinkageReport({ input: 'postgres', outDir: out, shards: 2, shardKey: 'prefecture', manifest, truthFile: join(dir, POPULATION_FILES.truth), durationMs: 1 });
    expect(fromPostgres.byClass).toEqual(fromFiles.byClass);
    expect(fromPostgres.byInsurer).toEqual(fromFiles.byInsurer);
    expect(fromPostgres.truth).toEqual(fromFiles.truth);
    expect(fromPostgres.truth!.recall).toBe(1);
  }, 90_000);
});
