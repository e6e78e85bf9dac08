import type pg from 'pg';
import { CodedError, messageOf } from '../../foundation/CodedError.ts';
import type { Migration } from './migrations.ts';
import { POSTGRES_MIGRATIONS } from './postgresMigrations.ts';

/**
 * MIGRATION_FAILED: one migration's SQL failed; it was rolled back, the ones before it stay applied.
 * MIGRATION_BOOKKEEPING_FAILED: the lock, or creating or reading schema_migrations, failed (nothing applied).
 */
export type MigrationErrorCode = 'MIGRATION_FAILED' | 'MIGRATION_BOOKKEEPING_FAILED';

export class MigrationError extends CodedError<MigrationErrorCode> {
  override readonly name = 'MigrationError';
}

/**
 * The advisory lock every instance of the service takes while it migrates one database, so two started
 * at once apply each migration once: the second waits, then finds everything applied. A fixed key (ours:
 * "myna" in ASCII); it shares PostgreSQL's one advisory-lock space with whatever else uses the database.
 */
export const MIGRATION_LOCK_KEY = 0x6d796e61;

/**
 * Bring a PostgreSQL database's schema up to date: create schema_migrations if absent, apply each missing
 * migration (by version, in order) in its own transaction together with its schema_migrations row, and
 * return the versions applied (none when the database is current). Versions recorded that this build
 * does not know (a newer build migrated the database) are left alone, as with SQLite's migrate().
 *
 * Holds a session advisory lock (MIGRATION_LOCK_KEY) from the first read of schema_migrations to the
 * last commit and releases it before returning, also on failure.
 */
export async function migratePostgres(client: pg.ClientBase, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  let applied: Set<number>;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    throw new MigrationError('MIGRATION_BOOKKEEPING_FAILED', `Could not take the migration lock (pg_advisory_lock ${MIGRATION_LOCK_KEY}): ${messageOf(error)}`, { cause: error });
  }
  try {
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      applied = new Set(rows.rows.map((r) => r.version));
    } catch (error) {
      throw new MigrationError('MIGRATION_BOOKKEEPING_FAILED', `Could not create or read schema_migrations: ${messageOf(error)}. Check that the database user may create tables in the current schema.`, {
        cause: error,
      });
    }
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.description, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const before = done.length > 0 ? `; versions ${done.join(', ')} were applied before it and stay` : '';
        throw new MigrationError('MIGRATION_FAILED', `Migration ${migration.version} (${migration.description}) failed and was rolled back: ${messageOf(error)}${before}.`, { cause: error });
      }
      done.push(migration.version);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
