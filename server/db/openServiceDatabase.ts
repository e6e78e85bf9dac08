import { CodedError } from '../../foundation/CodedError.ts';
import { PostgresServiceDatabase } from './PostgresServiceDatabase.ts';
import type { ServiceDatabase } from './Sql.ts';
import { SqliteServiceDatabase } from './SqliteServiceDatabase.ts';

export class ServiceDatabaseError extends CodedError<'DATA_DIR_REQUIRED'> {
  override readonly name = 'ServiceDatabaseError';
}

/** A PostgreSQL connection URL (postgres:// or postgresql://), as opposed to a SQLite file path. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/**
 * The service's database by where it is: a postgres:// URL opens PostgreSQL (shared by any number of
 * instances), anything else is a SQLite file, created if need be. Either way the schema is brought up to date.
 */
export async function openServiceDatabase(database: string): Promise<ServiceDatabase> {
  return isPostgresUrl(database) ? PostgresServiceDatabase.open(database) : SqliteServiceDatabase.open(database);
}
