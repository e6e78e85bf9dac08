import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyVisit } from '../protocol/VisitDraft.ts';
import { RecentVisits } from './RecentVisits.ts';
import { VisitStore } from './VisitStore.ts';

const HOUR = 3600_000;
const LIMIT = 50;

/** A seeded generator, so a failure replays the same day. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('the staff list of today’s visits, kept incrementally', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('equals a full reload of the store after every write of a long day, as the 24-hour window slides', () => {
    dir = mkdtempSync(join(tmpdir(), 'recent-visits-'));
    const store = new VisitStore(join(dir, 'kiosk.sqlite'));
    let now = Date.parse('2026-12-01T00:00:00Z');
    const recent = new RecentVisits(store, LIMIT, 24 * HOUR, () => now);
    const next = random(17);
    const open: string[] = [];
    const pending: string[] = [];
    const fullReload = () => store.list(new Date(now - 24 * HOUR)).slice(0, LIMIT);
    expect(recent.current()).toEqual([]);
    try {
      for (let step = 0; step < 1500; step++) {
        const roll = next();
        // Visits start every few minutes over a day and a half (some in the same millisecond), so the window slides and drops old ones.
        if (roll < 0.45 || open.length === 0) {
          now += next() < 0.1 ? 0 : Math.floor(next() * 4 * 60_000);
          const id = `v${String(step).padStart(5, '0')}`;
          store.openVisit(id, new Date(now));
          open.push(id);
        } else if (roll < 0.6) {
          store.noteCard(open.at(-1)!, `serial-${step}`, null);
        } else if (roll < 0.85) {
          const id = open.splice(Math.floor(next() * open.length), 1)[0]!;
          const recheck = next() < 0.3;
          store.closeVisit(id, { ...emptyVisit(), started: true, outcome: 'completed', pendingRecheck: recheck }, new Date(now));
          if (recheck) pending.push(id);
        } else if (pending.length > 0) {
          // A re-check settles a visit that may already be out of the list (or out of the window).
          const id = pending.splice(Math.floor(next() * pending.length), 1)[0]!;
          store.settleRecheck(id, 'done', 'found', { claimRoute: 'current', claimInsurerNumber: '06139999' }, new Date(now));
        }
        if (step % 7 === 0) expect(recent.current()).toEqual(fullReload());
      }
      expect(recent.current()).toEqual(fullReload());
      expect(recent.current()).toHaveLength(LIMIT);
      // A quiet night: the window slides past everything, and the list empties without a write.
      now += 25 * HOUR;
      expect(recent.current()).toEqual([]);
      expect(fullReload()).toEqual([]);
    } finally {
      recent.close();
      store.close();
    }
  });

  it('reads only the newest visits from the store: the indexed read matches the full list', () => {
    dir = mkdtempSync(join(tmpdir(), 'recent-visits-'));
    const store = new VisitStore(join(dir, 'kiosk.sqlite'));
    try {
      const start = Date.parse('2026-12-01T08:00:00Z');
      for (let i = 0; i < 300; i++) store.openVisit(`visit-${i}`, new Date(start + Math.floor(i / 3) * 1000));
      const since = new Date(start + 20_000);
      expect(store.newest(since, LIMIT)).toEqual(store.list(since).slice(0, LIMIT));
      expect(store.newest(since, LIMIT)[0]!.visitId).toBe('visit-299');
    } finally {
      store.close();
    }
  });
});
