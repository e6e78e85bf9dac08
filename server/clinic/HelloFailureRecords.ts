import type { ServiceDatabase, Sql } from '../db/Sql.ts';
import type { HelloFailureRecord } from '../transport/HelloThrottle.ts';

interface Row {
  failures: number;
  lockouts: number;
  last_failure_at: number;
  blocked_until: number;
  locked_out: number;
}

const toRecord = (r: Row): HelloFailureRecord => ({ failures: r.failures, lockouts: r.lockouts, lastFailureAt: r.last_failure_at, blockedUntil: r.blocked_until, lockedOut: r.locked_out === 1 });

const SELECT_ONE = 'SELECT failures, lockouts, last_failure_at, blocked_until, locked_out FROM hello_failures WHERE key = ?';

const isClinic = async (sql: Sql, code: string) => (await sql.get('SELECT code FROM clinics WHERE code = ?', [code])) !== undefined;

async function save(sql: Sql, key: string, record: HelloFailureRecord | undefined): Promise<void> {
  if (!record) {
    await sql.run('DELETE FROM hello_failures WHERE key = ?', [key]);
    return;
  }
  await sql.run(
    `INSERT INTO hello_failures (key, failures, lockouts, last_failure_at, blocked_until, locked_out) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts, last_failure_at = excluded.last_failure_at, blocked_until = excluded.blocked_until, locked_out = excluded.locked_out`,
    [key, record.failures, record.lockouts, record.lastFailureAt, record.blockedUntil, record.lockedOut ? 1 : 0],
  );
}

/** Forget keys without a failure for a day that are not held back (DEFAULT_HELLO_THROTTLE.forgetAfterMs); called at start-up. */
export function pruneHelloFailures(sql: Sql, now: Date, forgetAfterMs = 24 * 3_600_000): Promise<number> {
  return sql.run('DELETE FROM hello_failures WHERE last_failure_at < ? AND blocked_until < ?', [now.getTime() - forgetAfterMs, now.getTime()]);
}

/**
 * The failed-hello count of each 医療機関コード, in the database, so that every service instance on it
 * holds back and locks out the same clinic key (a guesser spreading tries over instances gets no more of
 * them). The per-address count stays each instance's own: it guards that instance's door. Only registered
 * clinics' codes are kept (a guesser's made-up codes cannot grow the table); other keys stay in memory.
 */
export class HelloFailureRecords {
  constructor(private readonly db: ServiceDatabase) {}

  /** The stored record of a registered clinic's code; `known: false` for any other key (nothing is stored for it). */
  async load(key: string): Promise<{ known: boolean; record: HelloFailureRecord | undefined }> {
    return this.db.read(async (sql) => {
      if (!(await isClinic(sql, key))) return { known: false, record: undefined };
      const row = await sql.get<Row>(SELECT_ONE, [key]);
      return { known: true, record: row && toRecord(row) };
    });
  }

  /**
   * Change one key's record against the database's: `change` gets the stored record and returns the new
   * one; both happen in one writing transaction, so two instances counting at once both count.
   */
  update(key: string, change: (stored: { known: boolean; record: HelloFailureRecord | undefined }) => HelloFailureRecord | undefined): Promise<HelloFailureRecord | undefined> {
    return this.db.transaction(async (sql) => {
      if (!(await isClinic(sql, key))) return change({ known: false, record: undefined });
      const row = await sql.get<Row>(SELECT_ONE, [key]);
      const next = change({ known: true, record: row && toRecord(row) });
      await save(sql, key, next);
      return next;
    });
  }

  /** Every clinic key with a count, for the operator. */
  async all(): Promise<[string, HelloFailureRecord][]> {
    const rows = await this.db.all<Row & { key: string }>('SELECT key, failures, lockouts, last_failure_at, blocked_until, locked_out FROM hello_failures ORDER BY key');
    return rows.map((r) => [r.key, toRecord(r)]);
  }

  async remove(key: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM hello_failures WHERE key = ?', [key])) > 0;
  }
}
