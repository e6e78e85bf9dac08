import { createHash } from 'node:crypto';
import type { Sql } from '../db/Sql.ts';
import type { AuditEntry, AuditVerification, ViewRecord } from '../../protocol/eligibility/ServerMessage.ts';

export type AuditAction = 'card.confirm' | 'insurance.confirm' | 'insurance.bulk' | 'reference.register' | 'outage.enable' | 'outage.lookup' | 'medical.read' | 'linkage.resolve' | 'reader.register' | 'reader.revoke' | 'insurance.registerUse';

export interface AuditAppend {
  at: Date;
  clinicCode: string | null;
  /** Who did it: the terminal id within the clinic, or `operator`. */
  actor: string;
  action: AuditAction;
  subjectPersonId: string | null;
  result: string;
  detail: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
/** Actions that show a person's data to a clinic: what マイナポータル lists as 閲覧. */
const ACCESS_ACTIONS = ['card.confirm', 'insurance.confirm', 'insurance.bulk', 'outage.lookup', 'medical.read'] as const satisfies readonly AuditAction[];

export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** A clinic's access to the data of some people: one row each, or one row with no subject when it found nobody. */
export type AccessAppend = Omit<AuditAppend, 'action' | 'subjectPersonId'> & { action: AccessAction; people: readonly string[] };

interface AuditRow {
  seq: number;
  at: string;
  clinic_code: string | null;
  actor: string;
  action: string;
  subject_person_id: string | null;
  result: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

function rowHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  // Every column, the sequence number included, so an edit, a swap of two rows or a renumbering all change a hash.
  const canonical = JSON.stringify([row.seq, row.at, row.clinic_code, row.actor, row.action, row.subject_person_id, row.result, row.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * The append-only access log: each row carries the hash of the one before, and audit_head holds the
 * newest, so editing, removing, reordering or cutting off rows is found by verify().
 */
export class AuditLog {
  constructor(private readonly sql: Sql) {}

  /**
   * Append one row; call inside the transaction that does the work, so the log and the work commit
   * together. Writing transactions are serialised (ServiceDatabase), so the head read here is the chain's.
   */
  async append(entry: AuditAppend): Promise<number> {
    const head = await this.sql.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
    const row = {
      seq: (head?.seq ?? 0) + 1,
      at: entry.at.toISOString(),
      clinic_code: entry.clinicCode,
      actor: entry.actor,
      action: entry.action,
      subject_person_id: entry.subjectPersonId,
      result: entry.result,
      detail: JSON.stringify(entry.detail),
    };
    const prev = head?.hash ?? GENESIS;
    const hash = rowHash(prev, row);
    await this.sql.run('INSERT INTO audit_log (seq, at, clinic_code, actor, action, subject_person_id, result, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      row.seq,
      row.at,
      row.clinic_code,
      row.actor,
      row.action,
      row.subject_person_id,
      row.result,
      row.detail,
      prev,
      hash,
    ]);
    await this.sql.run('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash', [row.seq, hash]);
    return row.seq;
  }

  /** Append an access, one row per person whose data the clinic saw (or tried to); inside the work's transaction, as append. */
  async appendAccess(entry: AccessAppend): Promise<void> {
    const { people, ...row } = entry;
    for (const subjectPersonId of people.length > 0 ? people : [null]) await this.append({ ...row, subjectPersonId });
  }

  /**
   * Check the chain from genesis, or only past a point already trusted (`from`, e.g. the last checkpoint):
   * then `rows` counts the rows checked after it. Read in pages, so a long log needs little memory.
   */
  async verify(from: { seq: number; hash: string } | null = null): Promise<AuditVerification> {
    let prev = from?.hash ?? GENESIS;
    let rows = 0;
    let last: Pick<AuditRow, 'seq' | 'hash'> | undefined = from ?? undefined;
    for (;;) {
      const page = await this.sql.all<AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 5000', [last?.seq ?? 0]);
      for (const row of page) {
        if (row.prev_hash !== prev) return { ok: false, rows, problem: { seq: row.seq, kind: 'removedOrReordered' } };
        if (rowHash(prev, row) !== row.hash) return { ok: false, rows, problem: { seq: row.seq, kind: 'edited' } };
        prev = row.hash;
        rows += 1;
        last = row;
      }
      if (page.length < 5000) break;
    }
    const head = await this.sql.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
    if ((head?.hash ?? GENESIS) !== (last?.hash ?? GENESIS)) return { ok: false, rows, problem: { seq: (last?.seq ?? 0) + 1, kind: 'truncated' } };
    return { ok: true, rows, problem: null };
  }

  /** The newest row's sequence number and hash as the table itself has them (not audit_head), or null when empty. */
  async tip(): Promise<{ seq: number; hash: string } | null> {
    return (await this.sql.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')) ?? null;
  }

  /** The hash of row `seq`, or null when there is no such row. */
  async hashAt(seq: number): Promise<string | null> {
    return (await this.sql.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [seq]))?.hash ?? null;
  }

  /** A clinic's own rows, newest first. */
  async listForClinic(clinicCode: string, limit: number, beforeSeq: number | null = null): Promise<AuditEntry[]> {
    const rows = await this.sql.all<AuditRow>('SELECT * FROM audit_log WHERE clinic_code = ? AND seq < ? ORDER BY seq DESC LIMIT ?', [clinicCode, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit]);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      medicalInstitutionCode: r.clinic_code,
      actor: r.actor,
      action: r.action,
      subjectPersonId: r.subject_person_id,
      result: r.result,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  /** "Who viewed my data": every clinic access to one person, oldest first, as マイナポータル lists it. */
  async whoViewed(personId: string): Promise<ViewRecord[]> {
    const placeholders = ACCESS_ACTIONS.map(() => '?').join(', ');
    const rows = await this.sql.all<{ at: string; clinic_code: string; clinic_name: string; action: string; detail: string }>(
      `SELECT a.at, a.clinic_code, coalesce(c.name, '') AS clinic_name, a.action, a.detail FROM audit_log a LEFT JOIN clinics c ON c.code = a.clinic_code
       WHERE a.subject_person_id = ? AND a.action IN (${placeholders}) AND a.clinic_code IS NOT NULL AND a.result <> 'blocked' AND a.result NOT LIKE 'refused:%' ORDER BY a.seq`,
      [personId, ...ACCESS_ACTIONS],
    );
    return rows.map((r) => {
      const detail = JSON.parse(r.detail) as { item?: unknown };
      return { at: r.at, medicalInstitutionCode: r.clinic_code, clinicName: r.clinic_name, action: r.action, item: typeof detail.item === 'string' ? detail.item : null };
    });
  }
}
