import pg from 'pg';
import { CodedError } from '../../foundation/CodedError.ts';
import { migratePostgres } from './migratePostgres.ts';
import type { ServiceDatabase, Sql, SqlValue } from './Sql.ts';

export class PostgresStoreError extends CodedError<'POSTGRES_UNREACHABLE' | 'POSTGRES_URL_INVALID'> {
  override readonly name = 'PostgresStoreError';
}

/**
 * The key of the advisory lock every writing transaction takes first (ours: 'MYNA' in ASCII): the
 * service instances sharing one database write one after another, so the audit chain has one head.
 */
export const WRITER_LOCK_KEY = 0x4d594e41;

/** int8 (counts, sequence numbers) as JS numbers, like SQLite gives them; they stay below 2^53 here. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format))) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresServiceDatabaseOptions {
  /** Connections kept per instance (default 4): one writes at a time; the others serve reads. */
  poolSize?: number;
}

/**
 * The service's store on PostgreSQL, shared by any number of service instances. `?` placeholders
 * become `$1…`, each text a named prepared statement per connection. Writes (transaction, group) hold
 * the writer lock from BEGIN to COMMIT; reads take no lock and see one snapshot of committed data.
 */
export class PostgresServiceDatabase implements ServiceDatabase {
  readonly dialect = 'postgres' as const;
  private readonly texts = new Map<string, { name: string; text: string }>();
  private closed = false;
  /** Statements on the pool, each committed on its own (ServiceDatabase.sql): tests and one-process tools only. */
  readonly sql: Sql;

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {
    this.sql = this.sqlOn(pool);
  }

  /** Connect, and bring the schema up to date (safe when several instances start at once). */
  static async open(url: string, options: PostgresServiceDatabaseOptions = {}): Promise<PostgresServiceDatabase> {
    let location: string;
    try {
      const parsed = new URL(url);
      parsed.password = '';
      location = parsed.toString();
    } catch (error) {
      throw new PostgresStoreError('POSTGRES_URL_INVALID', `Not a PostgreSQL URL: ${JSON.stringify(url)} (expected postgres://user@host:port/database).`, { cause: error });
    }
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 4, types });
    // An idle connection the server dropped must not end the process.
    pool.on('error', () => undefined);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end();
      throw new PostgresStoreError('POSTGRES_UNREACHABLE', `Cannot connect to PostgreSQL at ${location}: ${(error as Error).message}. Is the server running (see docs/performance.md, "PostgreSQL")?`, { cause: error });
    }
    // A connection lost mid-migration is reported by the query that fails; the error event must not end the process.
    client.on('error', () => undefined);
    try {
      await migratePostgres(client);
    } catch (error) {
      await pool.end();
      throw error;
    } finally {
      // Closed, not returned to the pool: nothing of the migration session (its advisory lock above all) outlives it.
      client.release(true);
    }
    return new PostgresServiceDatabase(pool, location);
  }

  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.writing(work);
  }

  read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    // One snapshot for all the reads (a chain verified against its head sees both as of one moment).
    return this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (sql) => work(sql));
  }

  all<Row>(text: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.sqlOn(this.pool).all<Row>(text, params);
  }

  get<Row>(text: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    return this.sqlOn(this.pool).get<Row>(text, params);
  }

  run(text: string, params?: readonly SqlValue[]): Promise<number> {
    return this.transaction((sql) => sql.run(text, params));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private writing<T>(work: (sql: Sql, client: pg.PoolClient) => Promise<T>): Promise<T> {
    // READ COMMITTED whatever the server's default: each statement then sees what committed before the lock
    // was granted (a snapshot taken before the wait would read a stale audit head).
    return this.inTransaction('BEGIN ISOLATION LEVEL READ COMMITTED', async (sql, client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK_KEY]);
      return work(sql, client);
    });
  }

  /**
   * A transaction on a connection of its own: committed when `work` resolves, rolled back when it rejects.
   * A connection that failed (the server restarted, the network dropped) is closed, not reused, and its
   * error event is caught: the failing query reports it, the process goes on.
   */
  private async inTransaction<T>(begin: string, work: (sql: Sql, client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      try {
        await client.query(begin);
      } catch (error) {
        // BEGIN itself failed: the connection is not to be trusted.
        broken ??= error instanceof Error ? error : new Error(String(error));
        throw error;
      }
      try {
        const value = await work(this.sqlOn(client), client);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackFailed: unknown) => (broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed))));
        throw error;
      }
    } finally {
      // A healthy connection goes back to the pool, which listens for its errors while idle; a broken one is
      // closed and keeps this listener, so an error it emits while closing ends nothing either.
      if (!broken) client.off('error', onError);
      client.release(broken);
    }
  }

  private sqlOn(on: pg.Pool | pg.PoolClient): Sql {
    const query = (text: string, params: readonly SqlValue[] = []) => {
      const prepared = this.prepared(text);
      return on.query({ name: prepared.name, text: prepared.text, values: params as SqlValue[] });
    };
    return {
      dialect: 'postgres',
      all: async <Row>(text: string, params?: readonly SqlValue[]) => (await query(text, params)).rows as Row[],
      get: async <Row>(text: string, params?: readonly SqlValue[]) => (await query(text, params)).rows[0] as Row | undefined,
      run: async (text: string, params?: readonly SqlValue[]) => (await query(text, params)).rowCount ?? 0,
      exec: async (script: string) => void (await on.query(script)),
    };
  }

  /** `?` → `$n` (no statement of ours has a `?` inside a string literal), named once per text. */
  private prepared(text: string): { name: string; text: string } {
    let p = this.texts.get(text);
    if (!p) {
      let n = 0;
      p = { name: `s${this.texts.size + 1}`, text: text.replace(/\?/g, () => `$${++n}`) };
      this.texts.set(text, p);
    }
    return p;
  }
}
