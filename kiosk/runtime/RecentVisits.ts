import type { VisitRecord } from '../protocol/VisitRecord.ts';
import type { VisitStore } from './VisitStore.ts';

/** `list`'s order: newest start first, ties by visit id (descending). */
function newerFirst(a: VisitRecord, b: VisitRecord): number {
  if (a.startedAt !== b.startedAt) return a.startedAt > b.startedAt ? -1 : 1;
  return a.visitId === b.visitId ? 0 : a.visitId > b.visitId ? -1 : 1;
}

/**
 * The staff view's 本日の受付 kept in memory: the `limit` newest visits of the last `windowMs`, read once
 * from the store (one indexed query) and then kept current one visit at a time from the store's change
 * events. A screen update reads this array and nothing else, so the 5,000th visit of the day costs what
 * the first did. What it returns always equals `store.newest(since, limit)`.
 */
export class RecentVisits {
  private visits: VisitRecord[] | null = null;
  private readonly off: () => void;

  constructor(
    private readonly store: VisitStore,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.off = store.onChange((visitId) => this.touched(visitId));
  }

  /** The newest visits started within the window, newest first. */
  current(): VisitRecord[] {
    const since = new Date(this.now() - this.windowMs);
    if (!this.visits) this.visits = this.store.newest(since, this.limit);
    // The window slides: what started before it drops off the end (everything not kept is older still).
    const sinceIso = since.toISOString();
    let keep = this.visits.length;
    while (keep > 0 && this.visits[keep - 1]!.startedAt < sinceIso) keep--;
    if (keep < this.visits.length) this.visits = this.visits.slice(0, keep);
    return this.visits;
  }

  /** One visit was written: re-read only it, and put it where the full list would have it. */
  private touched(visitId: string): void {
    if (!this.visits) return;
    const record = this.store.get(visitId);
    const kept = this.visits.some((v) => v.visitId === visitId);
    const inWindow = record !== undefined && record.startedAt >= new Date(this.now() - this.windowMs).toISOString();
    if (kept && !inWindow) {
      // A kept visit left the list (visits are never deleted, but stay exact): an older one may move up.
      this.visits = null;
      return;
    }
    if (!inWindow) return;
    const next = kept ? this.visits.filter((v) => v.visitId !== visitId) : [...this.visits];
    const at = next.findIndex((v) => newerFirst(record, v) < 0);
    if (at >= 0) next.splice(at, 0, record);
    // Older than every kept visit: it belongs at the end only while the list is not full (then it holds every visit of the window).
    else if (next.length < this.limit) next.push(record);
    this.visits = next.length > this.limit ? next.slice(0, this.limit) : next;
  }

  close(): void {
    this.off();
  }
}
