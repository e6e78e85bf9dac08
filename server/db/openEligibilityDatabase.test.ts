import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openEligibilityDatabase } from './openEligibilityDatabase.ts';
import { MIGRATIONS } from './migrations.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-db-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
};

describe('openEligibilityDatabase', () => {
  it('creates the schema in WAL mode and records each migration once', () => {
    const file = tempFile();
    const db = openEligibilityDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db)).toEqual([]);
    db.close();
    const again = openEligibilityDatabase(file);
    expect(again.prepare('SELECT version FROM schema_migrations').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    again.close();
  });

  it('applies a later migration to an existing file without touching its data', () => {
    const file = tempFile();
    const db = openEligibilityDatabase(file);
    db.prepare("INSERT INTO clinics (code, name, secret_hash, created_at) VALUES ('1310000001', 'x', 'y', 'z')").run();
    db.close();
    const next = [...MIGRATIONS, { version: 999, description: 'test column', sql: 'ALTER TABLE clinics ADD COLUMN note TEXT' }];
    const upgraded = openEligibilityDatabase(file, next);
    expect(upgraded.prepare('SELECT code, note FROM clinics').all()).toEqual([{ code: '1310000001', note: null }]);
    upgraded.close();
  });
});
