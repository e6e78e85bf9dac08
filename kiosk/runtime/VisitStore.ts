import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { EventHub } from '../../foundation/EventHub.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';
import type { VisitRecord } from '../protocol/VisitRecord.ts';
import type { CardFaceItems } from '../protocol/UiEvent.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS visits (
  visit_id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  certificate_serial TEXT,
  card_face TEXT,
  draft TEXT
);
CREATE TABLE IF NOT EXISTS rechecks (
  visit_id TEXT PRIMARY KEY REFERENCES visits(visit_id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  updated_at TEXT NOT NULL
);
`;

/**
 * Schema changes after the first (PRAGMA user_version counts them):
 * 1. visits.progress: what was known while the visit was open (an answered query), kept by the crash sweep;
 *    rechecks.idempotency_key: the re-check's own key, so a retry after a lost answer is a replay at the
 *    service; rechecks.next_attempt_at: when a postponed re-check is due again (back-off).
 */
const UPGRADES = [
  `ALTER TABLE visits ADD COLUMN progress TEXT;
   ALTER TABLE rechecks ADD COLUMN idempotency_key TEXT;
   ALTER TABLE rechecks ADD COLUMN next_attempt_at TEXT;
   UPDATE rechecks SET idempotency_key = lower(hex(randomblob(16))), next_attempt_at = updated_at WHERE idempotency_key IS NULL;`,
  // 2. The staff list reads the newest visits by start time: an index, so a 5,000-visit day reads 50 rows, not 5,000.
  `CREATE INDEX IF NOT EXISTS visits_by_start ON visits (started_at DESC, visit_id DESC);`,
];

const RECORD_SELECT = 'SELECT v.*, r.status AS r_status, r.result AS r_result, r.updated_at AS r_at FROM visits v LEFT JOIN rechecks r USING (visit_id)';

interface VisitRow {
  visit_id: string;
  started_at: string;
  ended_at: string | null;
  certificate_serial: string | null;
  card_face: string | null;
  draft: string | null;
  r_status: 'pending' | 'done' | 'failed' | null;
  r_result: string | null;
  r_at: string | null;
}

function toVisitRecord(row: VisitRow): VisitRecord {
  const draft = (row.draft ? JSON.parse(row.draft) : { started: true, outcome: null }) as VisitDraft;
  return {
    ...draft,
    visitId: row.visit_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    certificateSerial: row.certificate_serial,
    cardFace: row.card_face ? (JSON.parse(row.card_face) as CardFaceItems) : null,
    recheck: row.r_status ? { status: row.r_status, result: row.r_result, at: row.r_at } : null,
  };
}

/** A re-check that is due: the visit, its own idempotency key, and how often it was tried. */
export interface DueRecheck {
  visit: VisitRecord;
  idempotencyKey: string;
  attempts: number;
}

/** What may be known of a visit while it is open: kept if the kiosk dies before it is closed. */
export type VisitProgress = Partial<Pick<VisitDraft, 'identityMethod' | 'certificateStanding' | 'eligibility' | 'outageCase' | 'consents' | 'copayPercent'>>;

/**
 * The kiosk's own record of every visit, in SQLite (WAL). A visit row is opened when a patient
 * starts and closed before the kiosk moves on; a re-check row is written in the same transaction
 * as the close, so a crash can never leave one without the other.
 */
export class VisitStore {
  private readonly db: Database.Database;
  private readonly events = new EventHub<{ changed: (visitId: string) => void; recheckDue: (visitId: string) => void }>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < UPGRADES.length; v++) {
      this.db.transaction(() => {
        this.db.exec(UPGRADES[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** Prepared once per statement text: compiling SQL on every call cost more than running it. */
  private readonly statements = new Map<string, Database.Statement>();
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** A re-check was created (a visit closed with one pending): the scheduler runs it without waiting for a reconnect. */
  onRecheckDue(listener: (visitId: string) => void): () => void {
    return this.events.on('recheckDue', listener);
  }

  /** Called after every write, with the visit it touched: the staff view's list follows the store, never polls it. */
  onChange(listener: (visitId: string) => void): () => void {
    return this.events.on('changed', listener);
  }

  openVisit(visitId: string, startedAt: Date): void {
    this.sql('INSERT OR IGNORE INTO visits (visit_id, started_at, status) VALUES (?, ?, ?)').run(visitId, startedAt.toISOString(), 'open');
    this.events.emit('changed', visitId);
  }

  noteCard(visitId: string, certificateSerial: string | null, cardFace: CardFaceItems | null): void {
    this.sql('UPDATE visits SET certificate_serial = COALESCE(?, certificate_serial), card_face = COALESCE(?, card_face) WHERE visit_id = ?').run(certificateSerial, cardFace ? JSON.stringify(cardFace) : null, visitId);
    this.events.emit('changed', visitId);
  }

  /** What became known of the open visit (an answered query, the identity method…), merged into what was noted before. */
  noteProgress(visitId: string, progress: VisitProgress): void {
    this.db.transaction(() => {
      const row = this.sql("SELECT progress FROM visits WHERE visit_id = ? AND status = 'open'").get(visitId) as { progress: string | null } | undefined;
      if (!row) return;
      const merged = { ...(row.progress ? (JSON.parse(row.progress) as VisitProgress) : {}), ...progress };
      this.sql('UPDATE visits SET progress = ? WHERE visit_id = ?').run(JSON.stringify(merged), visitId);
    })();
  }

  /** Close a visit with its final draft; idempotent (a retried persist changes nothing twice). */
  closeVisit(visitId: string, draft: VisitDraft, endedAt: Date): void {
    let recheck = false;
    this.db.transaction(() => {
      const changed = this.sql("UPDATE visits SET status = 'closed', ended_at = ?, draft = ? WHERE visit_id = ? AND status = 'open'").run(endedAt.toISOString(), JSON.stringify(draft), visitId).changes;
      if (changed && draft.pendingRecheck) {
        const at = endedAt.toISOString();
        recheck = this.sql("INSERT OR IGNORE INTO rechecks (visit_id, status, updated_at, idempotency_key, next_attempt_at) VALUES (?, 'pending', ?, ?, ?)").run(visitId, at, randomUUID(), at).changes === 1;
      }
    })();
    this.events.emit('changed', visitId);
    if (recheck) this.events.emit('recheckDue', visitId);
  }

  /**
   * After a crash or power loss: every visit still open is closed as interrupted, keeping what was known of
   * it (an eligibility result the service had confirmed stays on the record). Returns how many.
   */
  closeInterrupted(now: Date): number {
    const open = this.sql("SELECT visit_id, progress FROM visits WHERE status = 'open'").all() as { visit_id: string; progress: string | null }[];
    for (const { visit_id, progress } of open) {
      const known = progress ? (JSON.parse(progress) as VisitProgress) : {};
      const draft: Partial<VisitDraft> = { ...known, started: true, outcome: 'interrupted', pendingRecheck: false };
      this.sql("UPDATE visits SET status = 'closed', ended_at = ?, draft = ? WHERE visit_id = ? AND status = 'open'").run(now.toISOString(), JSON.stringify(draft), visit_id);
    }
    return open.length;
  }

  /** Re-checks still pending, oldest first; with `dueBy`, only those due by then (a postponed one waits out its back-off). */
  pendingRechecks(dueBy?: Date): DueRecheck[] {
    const rows = (
      dueBy
        ? this.sql("SELECT visit_id, idempotency_key, attempts FROM rechecks WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY updated_at").all(dueBy.toISOString())
        : this.sql("SELECT visit_id, idempotency_key, attempts FROM rechecks WHERE status = 'pending' ORDER BY updated_at").all()
    ) as { visit_id: string; idempotency_key: string; attempts: number }[];
    return rows.map((r) => ({ visit: this.get(r.visit_id)!, idempotencyKey: r.idempotency_key, attempts: r.attempts }));
  }

  /** When the next postponed re-check is due, or null when none is pending. */
  nextRecheckDue(): Date | null {
    const row = this.sql("SELECT min(next_attempt_at) AS at FROM rechecks WHERE status = 'pending'").get() as { at: string | null };
    return row.at ? new Date(row.at) : null;
  }

  /** The service could not answer this re-check now: try again at `retryAt` (the key stays, so the retry is a replay). */
  postponeRecheck(visitId: string, retryAt: Date, reason: string): void {
    this.sql("UPDATE rechecks SET attempts = attempts + 1, next_attempt_at = ?, result = ? WHERE visit_id = ? AND status = 'pending'").run(retryAt.toISOString(), `postponed: ${reason}`, visitId);
    this.events.emit('changed', visitId);
  }

  /** Record the re-check's answer exactly once: only a pending re-check can be settled. */
  settleRecheck(visitId: string, status: 'done' | 'failed', result: string, claim: { claimRoute: VisitDraft['claimRoute']; claimInsurerNumber: string | null } | null, at: Date): boolean {
    const settled = this.db.transaction(() => {
      const changed = this.sql("UPDATE rechecks SET status = ?, result = ?, attempts = attempts + 1, updated_at = ? WHERE visit_id = ? AND status = 'pending'").run(status, result, at.toISOString(), visitId).changes;
      if (changed) {
        // Settled either way: no longer pending on the record; a found qualification also moves the claim.
        const row = this.sql('SELECT draft FROM visits WHERE visit_id = ?').get(visitId) as { draft: string };
        const draft = { ...(JSON.parse(row.draft) as VisitDraft), ...(claim ?? {}), pendingRecheck: false };
        this.sql('UPDATE visits SET draft = ? WHERE visit_id = ?').run(JSON.stringify(draft), visitId);
      }
      return changed === 1;
    })();
    if (settled) this.events.emit('changed', visitId);
    return settled;
  }

  get(visitId: string): VisitRecord | undefined {
    const row = this.sql(`${RECORD_SELECT} WHERE visit_id = ?`).get(visitId) as VisitRow | undefined;
    return row ? toVisitRecord(row) : undefined;
  }

  /** Visits started on or after `since`, newest first (ties by visit id): the staff view's 本日の受付. */
  list(since: Date = new Date(0)): VisitRecord[] {
    return (this.sql(`${RECORD_SELECT} WHERE started_at >= ? ORDER BY started_at DESC, visit_id DESC`).all(since.toISOString()) as VisitRow[]).map(toVisitRecord);
  }

  /** The `limit` newest visits started on or after `since`, in `list`'s order: one indexed read, however long the day. */
  newest(since: Date, limit: number): VisitRecord[] {
    return (this.sql(`${RECORD_SELECT} WHERE started_at >= ? ORDER BY started_at DESC, visit_id DESC LIMIT ?`).all(since.toISOString(), limit) as VisitRow[]).map(toVisitRecord);
  }

  close(): void {
    this.db.close();
  }
}
