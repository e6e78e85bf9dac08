import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type EligibilityDatabase = Database.Database;

/**
 * Open (or create) the service's SQLite file, in WAL mode, and bring its schema up to date.
 * synchronous=NORMAL under WAL keeps every committed transaction across a process crash (only an OS
 * crash can lose the last few), which is what "a restart loses nothing" needs, at a fraction of FULL's cost.
 */
export function openEligibilityDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): EligibilityDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function migrate(db: EligibilityDatabase, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.description, new Date().toISOString());
    })();
    done.push(migration.version);
  }
  return done;
}
