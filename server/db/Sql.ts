/** A value a statement takes or gives back: the same four kinds in SQLite and PostgreSQL. */
export type SqlValue = string | number | Buffer | null;

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Statements against the service's database, inside one transaction: what every store is given.
 * Statements use `?` placeholders and the SQL both databases share (INSERT … ON CONFLICT, RETURNING,
 * coalesce); where they differ, a store asks `dialect`. Rows come back with the column names as written.
 */
export interface Sql {
  readonly dialect: SqlDialect;
  all<Row>(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(text: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** A statement that returns no rows; resolves to the number of rows it changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements without parameters, e.g. a seed's DELETEs. */
  exec(script: string): Promise<void>;
}

/**
 * The service's database, SQLite (embedded default) or PostgreSQL (several instances on one database).
 * Every write happens in `transaction` (the group commit's too), and transactions are serialised: on SQLite among the
 * process's own, on PostgreSQL among every instance sharing the database (an advisory lock taken first
 * in each), so the audit chain has one writer at a time and never forks.
 */
export interface ServiceDatabase {
  readonly dialect: SqlDialect;
  /** Where it is, for logs: the SQLite file or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Statements outside any transaction, each committed on its own: for tests and one-process tools only.
   * The service writes through transaction and group.
   */
  readonly sql: Sql;
  /** Run `work` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** Reads outside any write: no writer lock, committed data only (SQLite: queued like a transaction). */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** One read outside any transaction the caller holds (operator questions, tests, the CLI). */
  all<Row>(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(text: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** One statement in a transaction of its own (tests, the CLI); resolves to the rows changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<number>;
  close(): Promise<void>;
}
