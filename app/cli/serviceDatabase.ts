import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { isPostgresUrl, openServiceDatabase } from '../../server/db/openServiceDatabase.ts';
import type { ServiceDatabase, Sql } from '../../server/db/Sql.ts';
import { UsageError } from './UsageError.ts';

/** Outside the repository, so a running service never leaves files in the working tree. */
export const DEFAULT_SERVICE_DB = join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'myna-kiosk', 'eligibility.sqlite');

/** What `--db` takes, for the help of every command that has it. */
export const SERVICE_DB_HELP = 'SQLite file (created and migrated if needed) or PostgreSQL URL postgres://user@host:port/db';

/** Open the service's database for one command, hand it to `use`, and close it after. */
export async function withServiceDatabase<T>(database: string, use: (db: ServiceDatabase) => Promise<T>): Promise<T> {
  if (!isPostgresUrl(database)) mkdirSync(dirname(database), { recursive: true });
  const db = await openServiceDatabase(database);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/**
 * Run a command's `work` in one writing transaction (beside running services if need be: SQLite's WAL,
 * or PostgreSQL's writer lock).
 */
export function inServiceDatabase<T>(database: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  return withServiceDatabase(database, (db) => db.transaction(work));
}

/** The same for a command that only reads (lists, audit verify): no writer lock, so running services are not held up. */
export function readServiceDatabase<T>(database: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  return withServiceDatabase(database, (db) => db.read(work));
}

/** The folder of the service's own files (checkpoint key and file): given, or the SQLite file's. */
export function serviceDataDir(database: string, dataDir: string | undefined): string {
  if (dataDir) return dataDir;
  if (isPostgresUrl(database)) throw new UsageError('BAD_OPTION', 'With a PostgreSQL database, say which instance’s data directory holds the checkpoint key and file: --data-dir DIR.');
  return dirname(database);
}
