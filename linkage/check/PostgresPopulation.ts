import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { POPULATION_FILES } from '../generate/PopulationFiles.ts';
import { prefectureOfInsurer } from '../insurer/InsurerPolicy.ts';
import type { ResidentRecord } from '../jlis/ResidentRecord.ts';
import type { LinkageRecord } from '../registry/LinkageRecord.ts';
import { NdjsonCursor } from './NdjsonCursor.ts';

/** The population's two tables in PostgreSQL: what machines of a sharded 総点検 read their shards from. */
export const POSTGRES_SCHEMA = `
  DROP TABLE IF EXISTS linkages; DROP TABLE IF EXISTS jlis;
  CREATE TABLE jlis (
    my_number text PRIMARY KEY, resident_code text NOT NULL, household_id text NOT NULL,
    name text NOT NULL, name_kana text NOT NULL, birth_date text NOT NULL, sex text NOT NULL, address text NOT NULL, changes jsonb NOT NULL
  );
  CREATE TABLE linkages (
    my_number text NOT NULL, linkage_id text NOT NULL, insurer_number text NOT NULL, role text NOT NULL,
    name text NOT NULL, name_kana text NOT NULL, birth_date text NOT NULL, sex text NOT NULL, address text,
    registered_on text NOT NULL, lost_on text, identity_check text NOT NULL,
    -- The shard keys as numbers, so "key mod n = i" is the same arithmetic as in linkage/check/LinkageSource.ts.
    insurer_key bigint NOT NULL, prefecture_key integer NOT NULL,
    -- Live linkages on this number, counted at load (the snapshot's 資格重複): a shard needs no subquery per row.
    live_on_number integer NOT NULL,
    PRIMARY KEY (my_number, linkage_id)
  );
`;

/** COPY's text format: \\N for null; backslash, tab and newline escaped. */
const SPECIAL = /[\\\t\n]/;
function field(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n') : value;
}

function copyLines(file: string, toRow: (text: string) => string, atEnd: () => string = () => ''): Readable {
  const cursor = new NdjsonCursor(file);
  return Readable.from(
    (function* () {
      try {
        let batch = '';
        for (let line = cursor.next(); line; line = cursor.next()) {
          batch += toRow(line.text);
          if (batch.length > 1 << 20) {
            yield batch;
            batch = '';
          }
        }
        batch += atEnd();
        if (batch) yield batch;
      } finally {
        cursor.close();
      }
    })(),
  );
}

/** Load a population folder into PostgreSQL with COPY, then index it; returns the rows loaded. */
export async function loadPopulationIntoPostgres(client: pg.ClientBase, dir: string): Promise<{ jlis: number; linkages: number }> {
  await client.query(POSTGRES_SCHEMA);
  // The keys are added after the COPY: one index build is much faster than 10^7 inserts into it.
  await client.query('ALTER TABLE jlis DROP CONSTRAINT jlis_pkey; ALTER TABLE linkages DROP CONSTRAINT linkages_pkey;');
  let jlis = 0;
  let linkages = 0;
  await pipeline(
    copyLines(join(dir, POPULATION_FILES.jlis), (text) => {
      const r = JSON.parse(text) as ResidentRecord;
      jlis += 1;
      return `${[r.myNumber, r.residentCode, r.householdId, r.name, r.nameKana, r.birthDate, r.sex, r.address, JSON.stringify(r.changes)].map(field).join('\t')}\n`;
    }),
    client.query(copyFrom('COPY jlis FROM STDIN')),
  );
  // The file is sorted by number, so one number's group is adjacent: hold it until the next number starts.
  let group: LinkageRecord[] = [];
  const flushGroup = (): string => {
    const live = group.filter((l) => l.lostOn === null).length;
    const rows = group.map((l) => `${[l.myNumber, l.linkageId, l.insurerNumber, l.role, l.name, l.nameKana, l.birthDate, l.sex, l.address, l.registeredOn, l.lostOn, l.identityCheck, l.insurerNumber, prefectureOfInsurer(l.insurerNumber), String(live)].map(field).join('\t')}\n`).join('');
    group = [];
    return rows;
  };
  await pipeline(
    copyLines(
      join(dir, POPULATION_FILES.linkages),
      (text) => {
        const l = JSON.parse(text) as LinkageRecord;
        linkages += 1;
        const out = group.length > 0 && group[0]!.myNumber !== l.myNumber ? flushGroup() : '';
        group.push(l);
        return out;
      },
      () => flushGroup(),
    ),
    client.query(copyFrom('COPY linkages FROM STDIN')),
  );
  await client.query('ALTER TABLE jlis ADD PRIMARY KEY (my_number); ALTER TABLE linkages ADD PRIMARY KEY (my_number, linkage_id); ANALYZE jlis; ANALYZE linkages;');
  return { jlis, linkages };
}
