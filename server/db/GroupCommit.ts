import type { ServiceDatabase, Sql } from './Sql.ts';

/** One request's work in a group: it settles on its own, and commits with the rest. */
type GroupItem = (sql: Sql) => Promise<unknown>;
type GroupItemResult = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Every item in the transaction of `sql`, each in its own savepoint, so one item's failure undoes only its
 * own writes. A savepoint that cannot be rolled back to (the database already rolled the whole transaction
 * back: disk full, the connection gone) fails the group with the item's own error.
 */
async function inSavepoints(sql: Sql, items: readonly GroupItem[]): Promise<GroupItemResult[]> {
  const results: GroupItemResult[] = [];
  for (const item of items) {
    await sql.exec('SAVEPOINT request');
    try {
      const value = await item(sql);
      await sql.exec('RELEASE SAVEPOINT request');
      results.push({ ok: true, value });
    } catch (error) {
      try {
        await sql.exec('ROLLBACK TO SAVEPOINT request; RELEASE SAVEPOINT request');
      } catch {
        throw error;
      }
      results.push({ ok: false, error });
    }
  }
  return results;
}

export interface GroupCommitOptions {
  /**
   * How long the first request of a group waits for others, in ms (ours: default 0, meaning the rest of
   * this event-loop turn: every frame already read from the sockets joins the group, and none waits longer).
   */
  windowMs?: number;
  /** At most this many requests share one transaction (ours: default 512); the rest go in the next. */
  maxGroup?: number;
}

interface Pending {
  work: GroupItem;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the work of every request that arrives in one event-loop turn (or within `windowMs`)
 * runs in one transaction, each request in its own savepoint, so one request's failure undoes only its
 * own writes. No request's promise settles before COMMIT has returned: an answer is sent only once its
 * data is as durable as a single transaction would have made it, and a crash before COMMIT loses only
 * work nobody was answered for. A failed COMMIT fails every request of the group. Groups run one after
 * another; requests arriving meanwhile make the next group.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private running = false;
  private readonly windowMs: number;
  private readonly maxGroup: number;

  constructor(
    private readonly db: ServiceDatabase,
    options: GroupCommitOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 0;
    this.maxGroup = options.maxGroup ?? 512;
  }

  /** Run `work` in the next group; the promise settles after the group's COMMIT. */
  run<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    if (this.windowMs > 0) setTimeout(() => void this.flush(), this.windowMs);
    else setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const group = this.queue.splice(0, this.maxGroup);
    if (group.length === 0) return;
    this.running = true;
    try {
      const results = await this.db.transaction((sql) => inSavepoints(sql, group.map((item) => item.work)));
      group.forEach((item, i) => {
        const result = results[i]!;
        if (result.ok) item.resolve(result.value);
        else item.reject(result.error);
      });
    } catch (error) {
      // BEGIN or COMMIT failed (disk full, a lock held too long, the server gone): nothing of the group was committed.
      for (const item of group) item.reject(error);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
