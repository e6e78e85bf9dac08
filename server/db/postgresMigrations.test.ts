import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresRig, type PostgresRig } from '../../test/harness/postgresRig.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { migratePostgres, MigrationError } from './migratePostgres.ts';
import { migrateSqlite as migrate } from './SqliteServiceDatabase.ts';
import { POSTGRES_MIGRATIONS } from './postgresMigrations.ts';

// A real PostgreSQL 15 (test/harness/postgresRig.ts): without it, beforeAll fails with the rig's install hint.
let rig: PostgresRig;
const clients: pg.Client[] = [];
let databases = 0;

beforeAll(() => {
  rig = startPostgresRig();
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  rig?.stop();
});

/** int8 as a JS number, as the service's pool sets it (pg's default is a string). */
const numberInt8: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as pg.CustomTypesConfig['getTypeParser'],
};

/** A new empty database on the rig, and `count` connections to it. */
async function freshDatabase(count = 1, types?: pg.CustomTypesConfig): Promise<pg.Client[]> {
  const name = `schema_${++databases}`;
  const admin = await connect(rig.url);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = rig.url.replace(/\/[^/]+$/, `/${name}`);
  return Promise.all(Array.from({ length: count }, () => connect(url, types)));
}

async function connect(url: string, types?: pg.CustomTypesConfig): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ...(types ? { types } : {}) });
  await client.connect();
  clients.push(client);
  return client;
}

async function versions(client: pg.Client): Promise<number[]> {
  return (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
}

/** What the comparison looks at, per table, in a form both databases can be brought to. */
interface TableShape {
  columns: Array<{ name: string; type: string; notNull: boolean; default: string | null }>;
  primaryKey: string[];
  unique: string[];
  indexes: Record<string, string[]>;
  foreignKeys: string[];
  checks: number;
}

const SQLITE_TYPE: Record<string, string> = { TEXT: 'text', INTEGER: 'integer', BLOB: 'bytes' };
const PG_TYPE: Record<string, string> = { text: 'text', integer: 'integer', bigint: 'integer', bytea: 'bytes' };

function sqliteShape(db: Database.Database): Record<string, TableShape> {
  const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[]);
  const shape: Record<string, TableShape> = {};
  for (const { name, sql } of tables) {
    const info = db.pragma(`table_info(${name})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const indexList = db.pragma(`index_list(${name})`) as { name: string; unique: number; origin: 'c' | 'u' | 'pk' }[];
    const columnsOf = (index: string) => (db.pragma(`index_info(${index})`) as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name).join(',');
    const fks = db.pragma(`foreign_key_list(${name})`) as { table: string; from: string; to: string }[];
    shape[name] = {
      // A PRIMARY KEY column is NOT NULL in PostgreSQL; SQLite's table_info says notnull 0 for it (a rowid
      // alias can't be null anyway; a TEXT key could, by an old SQLite quirk the stores never use).
      columns: info.map((c) => ({ name: c.name, type: SQLITE_TYPE[c.type] ?? `?${c.type}`, notNull: c.notnull === 1 || c.pk > 0, default: c.dflt_value })),
      primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      unique: indexList.filter((i) => i.origin === 'u').map((i) => columnsOf(i.name)).sort(),
      indexes: Object.fromEntries(indexList.filter((i) => i.origin === 'c').map((i) => [i.name, columnsOf(i.name).split(',')])),
      foreignKeys: fks.map((f) => `${f.from}->${f.table}(${f.to})`).sort(),
      checks: sql.match(/\bCHECK\s*\(/gi)?.length ?? 0,
    };
  }
  return shape;
}

async function postgresShape(client: pg.Client): Promise<Record<string, TableShape>> {
  const q = async <R extends pg.QueryResultRow>(sql: string): Promise<R[]> => (await client.query<R>(sql)).rows;
  const tables = await q<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
  const columns = await q<{ table: string; name: string; type: string; nullable: string; default: string | null }>(
    `SELECT table_name AS table, column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS default
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  // Every index with its columns in order, and the constraint (p, u) it backs, if any.
  const indexes = await q<{ table: string; name: string; columns: string[]; constraint: string | null }>(
    `SELECT t.relname::text AS table, i.relname::text AS name, c.contype::text AS constraint,
            array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace ns ON ns.oid = t.relnamespace LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype IN ('p', 'u')
      WHERE ns.nspname = 'public'`,
  );
  const constraints = await q<{ table: string; type: string; columns: string[]; target: string | null; targetColumns: string[] | null }>(
    `SELECT t.relname AS table, c.contype::text AS type,
            array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
            f.relname::text AS target,
            array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = f.oid AND a.attnum = k.attnum ORDER BY k.n) AS "targetColumns"
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace LEFT JOIN pg_class f ON f.oid = c.confrelid
      WHERE ns.nspname = 'public' AND c.contype IN ('f', 'c')`,
  );
  const shape: Record<string, TableShape> = {};
  for (const { name } of tables) {
    const own = columns.filter((c) => c.table === name);
    const ownIndexes = indexes.filter((i) => i.table === name);
    shape[name] = {
      // PG writes a default with its type ('none'::text); SQLite as written ('none').
      columns: own.map((c) => ({ name: c.name, type: PG_TYPE[c.type] ?? `?${c.type}`, notNull: c.nullable === 'NO', default: c.default?.replace(/::text$/, '') ?? null })),
      primaryKey: ownIndexes.find((i) => i.constraint === 'p')?.columns ?? [],
      unique: ownIndexes.filter((i) => i.constraint === 'u').map((i) => i.columns.join(',')).sort(),
      indexes: Object.fromEntries(ownIndexes.filter((i) => i.constraint === null).map((i) => [i.name, i.columns])),
      foreignKeys: constraints.filter((c) => c.table === name && c.type === 'f').map((c) => `${c.columns.join(',')}->${c.target}(${c.targetColumns?.join(',')})`).sort(),
      checks: constraints.filter((c) => c.table === name && c.type === 'c').length,
    };
  }
  return shape;
}

function sqliteMigrated(migrations: readonly Migration[] = MIGRATIONS): Database.Database {
  const db = new Database(':memory:');
  migrate(db, migrations);
  return db;
}

describe('the service’s schema in PostgreSQL', () => {
  it('lists the same versions, with the same descriptions, as the SQLite migrations', () => {
    expect(POSTGRES_MIGRATIONS.map((m) => [m.version, m.description])).toEqual(MIGRATIONS.map((m) => [m.version, m.description]));
  });

  it('applies every migration to an empty database, and nothing the second time', async () => {
    const [client] = await freshDatabase();
    expect(await migratePostgres(client!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await migratePostgres(client!)).toEqual([]);
    expect(await versions(client!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('two instances starting at once on one database: one applies everything, the other nothing', async () => {
    const [a, b] = await freshDatabase(2);
    const results = await Promise.all([migratePostgres(a!), migratePostgres(b!)]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 9]);
    expect(await versions(a!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await versions(b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('has every table, column (in order), type, NOT NULL, default, key, unique constraint, index, foreign key and CHECK of the SQLite schema', async () => {
    const [client] = await freshDatabase();
    await migratePostgres(client!);
    const sqlite = sqliteShape(sqliteMigrated());
    expect(Object.keys(sqlite)).toHaveLength(23);
    expect(await postgresShape(client!)).toEqual(sqlite);
    // Where PostgreSQL is more exact than SQLite's INTEGER: the columns made BIGINT, and the rowids made identities.
    const { rows } = await client!.query<{ column: string; identity: string }>(
      "SELECT table_name || '.' || column_name AS column, is_identity AS identity FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'bigint' ORDER BY 1",
    );
    expect(rows).toEqual([
      { column: 'audit_head.seq', identity: 'NO' },
      { column: 'audit_log.seq', identity: 'NO' },
      { column: 'bulk_receptions.id', identity: 'YES' },
      { column: 'bulk_units.reception_id', identity: 'NO' },
      { column: 'hello_failures.blocked_until', identity: 'NO' },
      { column: 'hello_failures.last_failure_at', identity: 'NO' },
      { column: 'qualifications.id', identity: 'YES' },
    ]);
  });

  it('the comparison notices a column a new SQLite migration adds and PostgreSQL lacks', async () => {
    const [client] = await freshDatabase();
    await migratePostgres(client!);
    const ahead = sqliteShape(sqliteMigrated([...MIGRATIONS, { version: 99, description: 'x', sql: 'ALTER TABLE confirmations ADD COLUMN pushed_at TEXT' }]));
    const postgres = await postgresShape(client!);
    expect(postgres.confirmations!.columns.map((c) => c.name)).not.toContain('pushed_at');
    expect(postgres).not.toEqual(ahead);
    expect(postgres.confirmations).not.toEqual(ahead.confirmations);
  });

  it('gives a BYTEA back as a Buffer, a BIGINT seq past 2^31 back whole, and assigns qualification and reception ids', async () => {
    const [client] = await freshDatabase(1, numberInt8);
    await migratePostgres(client!);
    const secret = Buffer.from([0, 1, 2, 0xfe, 0xff]);
    await client!.query('INSERT INTO service_secrets (name, secret, created_at) VALUES ($1, $2, $3)', ['challengeKey', secret, '2026-12-01T00:00:00.000Z']);
    const { rows: secrets } = await client!.query<{ secret: unknown }>('SELECT secret FROM service_secrets');
    expect(Buffer.isBuffer(secrets[0]!.secret)).toBe(true);
    expect(secrets[0]!.secret).toEqual(secret);

    const big = 2 ** 31 + 5;
    await client!.query(
      "INSERT INTO audit_log (seq, at, actor, action, result, detail, prev_hash, hash) VALUES ($1, '2026-12-01T00:00:00.000Z', 'a', 'b', 'c', '{}', 'p', 'h'), ($2, '2026-12-01T00:00:00.000Z', 'a', 'b', 'c', '{}', 'p', 'h')",
      [big, Number.MAX_SAFE_INTEGER],
    );
    await client!.query('INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)', [big, 'h']);
    expect((await client!.query('SELECT seq FROM audit_log ORDER BY seq')).rows).toEqual([{ seq: big }, { seq: Number.MAX_SAFE_INTEGER }]);
    expect((await client!.query('SELECT seq FROM audit_log WHERE seq < $1 ORDER BY seq', [Number.MAX_SAFE_INTEGER])).rows).toEqual([{ seq: big }]);
    expect((await client!.query('SELECT id, seq FROM audit_head')).rows).toEqual([{ id: 1, seq: big }]);
    await expect(client!.query("INSERT INTO audit_head (id, seq, hash) VALUES (2, 1, 'h')")).rejects.toThrow(/audit_head_id_check/);

    await client!.query("INSERT INTO insurers (number, name, kind) VALUES ('06139999', 'x', 'kenpo')");
    const qualification = `INSERT INTO qualifications (person_id, insurer_number, number, card_classification, personal_family, insured_name, valid_from, ratio, preschool, specific_diseases, prescription_issue_select)
      VALUES ($1, '06139999', '1', '1', '1', 'x', '2024-01-01', 30, 0, '[]', '1') RETURNING id`;
    const ids = [(await client!.query(qualification, ['p1'])).rows[0].id, (await client!.query(qualification, ['p2'])).rows[0].id];
    expect(ids).toEqual([1, 2]);
    const reception = await client!.query("INSERT INTO bulk_receptions (reception_number, clinic_code, terminal_id, qualification_date, received_at) VALUES ('', '1310000001', 't', '2026-12-01', 'now') RETURNING id, units");
    expect(reception.rows).toEqual([{ id: 1, units: 0 }]);
  });

  it('keeps the CHECKs: a clinic code of 9 digits and an unknown credential are refused', async () => {
    const [client] = await freshDatabase();
    await migratePostgres(client!);
    await expect(client!.query("INSERT INTO clinics (code, name, secret_hash, created_at) VALUES ('131000000', 'x', 'h', 'now')")).rejects.toThrow(/clinics_code_check/);
    await expect(
      client!.query("INSERT INTO confirmations (reference_number, clinic_code, terminal_id, classification, person_ids, refused, wrong_linkage, result, created_at, credential) VALUES ('r', 'c', 't', '1', '[]', 0, 0, '{}', 'now', 'pager')"),
    ).rejects.toThrow(/confirmations_credential_check/);
  });

  it('a failing migration: a MigrationError naming its version, with the pg error as cause; the ones before stay, the lock is freed', async () => {
    const [a, b] = await freshDatabase(2);
    const broken = [...POSTGRES_MIGRATIONS, { version: 10, description: 'a table twice', sql: 'CREATE TABLE extra (x INTEGER); CREATE TABLE clinics (x INTEGER)' }];
    const error = await migratePostgres(a!, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
    expect((error as MigrationError).message).toMatch(/^Migration 10 \(a table twice\) failed and was rolled back: relation "clinics" already exists; versions 1, 2, 3, 4, 5, 6, 7, 8, 9 were applied/);
    expect((error as MigrationError).cause).toBeInstanceOf(pg.DatabaseError);
    expect(await versions(a!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await a!.query("SELECT to_regclass('extra') AS extra")).rows).toEqual([{ extra: null }]);
    // The other connection is not kept waiting on the lock.
    expect(await migratePostgres(b!)).toEqual([]);
  });
});
