import type { EligibilityDatabase } from './openEligibilityDatabase.ts';

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
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the work of every request that arrives in one event-loop turn (or within `windowMs`)
 * runs in one SQLite transaction, each request in its own savepoint, so one request's failure undoes
 * only its own writes. No request's promise settles before COMMIT has returned: an answer is sent only
 * once its data is as durable as a single transaction would have made it, and a crash before COMMIT
 * loses only work nobody was answered for. A failed COMMIT fails every request of the group.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly windowMs: number;
  private readonly maxGroup: number;
  private readonly runGroup: (group: Pending[]) => { ok: boolean; value: unknown }[];

  constructor(db: EligibilityDatabase, options: GroupCommitOptions = {}) {
    this.windowMs = options.windowMs ?? 0;
    this.maxGroup = options.maxGroup ?? 512;
    // The outer transaction is BEGIN IMMEDIATE: it takes the write lock at once, as each request's own did.
    // Made once (better-sqlite3 prepares the statements of each transaction function it makes); called inside the group, it is a SAVEPOINT.
    const savepoint = db.transaction((work: () => unknown) => work());
    const group = db.transaction((items: Pending[]) =>
      items.map((item) => {
        try {
          return { ok: true, value: savepoint(item.work) };
        } catch (error) {
          return { ok: false, value: error };
        }
      }),
    );
    this.runGroup = (items) => group.immediate(items);
  }

  /** Run `work` in the next group; the promise settles after the group's COMMIT. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.windowMs > 0) setTimeout(() => this.flush(), this.windowMs);
    else setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.queue.splice(0, this.maxGroup);
    if (this.queue.length > 0) this.schedule();
    if (group.length === 0) return;
    let results: { ok: boolean; value: unknown }[];
    try {
      results = this.runGroup(group);
    } catch (error) {
      // BEGIN or COMMIT failed (disk full, a lock held too long): nothing of the group was committed.
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => (results[i]!.ok ? item.resolve(results[i]!.value) : item.reject(results[i]!.value)));
  }
}
