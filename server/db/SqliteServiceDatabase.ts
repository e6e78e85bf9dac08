import Database from 'better-sqlite3';
import type { ServiceDatabase, Sql, SqlValue } from './Sql.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/**
 * The service's SQLite file behind the async interface of ServiceDatabase. better-sqlite3 is
 * synchronous, so each statement runs at once; transactions are queued one after another (one
 * connection, one writer), and statements are prepared once per text and kept.
 */
export class SqliteServiceDatabase implements ServiceDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private tail: Promise<unknown> = Promise.resolve();
  /** Statements in SQLite's autocommit (ServiceDatabase.sql): tests and one-process tools only. */
  readonly sql: Sql;

  private constructor(
    readonly connection: Database.Database,
    readonly location: string,
  ) {
    const statement = (text: string) => {
      let s = this.statements.get(text);
      if (!s) this.statements.set(text, (s = connection.prepare(text)));
      return s;
    };
    this.sql = {
      dialect: 'sqlite',
      all: async <Row>(text: string, params: readonly SqlValue[] = []) => statement(text).all(...params) as Row[],
      get: async <Row>(text: string, params: readonly SqlValue[] = []) => statement(text).get(...params) as Row | undefined,
      run: async (text: string, params: readonly SqlValue[] = []) => statement(text).run(...params).changes,
      exec: async (script: string) => void connection.exec(script),
    };
  }

  /**
   * Open (or create) the file in WAL mode and bring its schema up to date. synchronous=NORMAL under WAL
   * keeps every committed transaction across a process crash (only an OS crash can lose the last few).
   */
  static open(file: string, migrations: readonly Migration[] = MIGRATIONS): SqliteServiceDatabase {
    const connection = new Database(file);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    migrateSqlite(connection, migrations);
    return new SqliteServiceDatabase(connection, file);
  }

  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.connection.exec('BEGIN IMMEDIATE');
      try {
        const value = await work(this.sql);
        this.connection.exec('COMMIT');
        return value;
      } catch (error) {
        if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
        throw error;
      }
    });
  }

  read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    // A deferred transaction: one WAL snapshot for all the reads, without blocking a writer in another process.
    return this.exclusive(async () => {
      this.connection.exec('BEGIN');
      try {
        return await work(this.sql);
      } finally {
        if (this.connection.inTransaction) this.connection.exec('COMMIT');
      }
    });
  }

  all<Row>(text: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.exclusive(() => this.sql.all<Row>(text, params));
  }

  get<Row>(text: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    return this.exclusive(() => this.sql.get<Row>(text, params));
  }

  run(text: string, params?: readonly SqlValue[]): Promise<number> {
    return this.transaction((sql) => sql.run(text, params));
  }

  async close(): Promise<void> {
    await this.tail;
    this.connection.close();
  }

  /** One at a time on the one connection: the next starts when the one before settled, however it settled. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
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
