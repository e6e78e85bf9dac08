import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateSqlite, SqliteServiceDatabase } from './SqliteServiceDatabase.ts';
import { MIGRATIONS } from './migrations.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-db-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
};

describe('SqliteServiceDatabase', () => {
  it('creates the schema in WAL mode and records each migration once', async () => {
    const file = tempFile();
    const db = SqliteServiceDatabase.open(file);
    expect(db.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrateSqlite(db.connection)).toEqual([]);
    await db.close();
    const again = SqliteServiceDatabase.open(file);
    expect(await again.all('SELECT version FROM schema_migrations')).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    await again.close();
  });

  it('applies a later migration to an existing file without touching its data', async () => {
    const file = tempFile();
    const db = SqliteServiceDatabase.open(file);
    await db.run("INSERT INTO clinics (code, name, secret_hash, created_at) VALUES ('1310000001', 'x', 'y', 'z')");
    await db.close();
    const next = [...MIGRATIONS, { version: 999, description: 'test column', sql: 'ALTER TABLE clinics ADD COLUMN note TEXT' }];
    const upgraded = SqliteServiceDatabase.open(file, next);
    expect(await upgraded.all('SELECT code, note FROM clinics')).toEqual([{ code: '1310000001', note: null }]);
    await upgraded.close();
  });

  it('runs transactions one after another, and a failed one leaves nothing behind', async () => {
    const db = SqliteServiceDatabase.open(tempFile());
    const order: string[] = [];
    const first = db.transaction(async (sql) => {
      order.push('first begins');
      await sql.run("INSERT INTO clinics (code, name, secret_hash, created_at) VALUES ('1310000001', 'a', 'h', 't')");
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('first ends');
      throw new Error('the work failed');
    });
    const second = db.transaction(async (sql) => {
      order.push('second begins');
      return sql.all('SELECT code FROM clinics');
    });
    await expect(first).rejects.toThrow('the work failed');
    expect(await second).toEqual([]);
    expect(order).toEqual(['first begins', 'first ends', 'second begins']);
    await db.close();
  });
});
