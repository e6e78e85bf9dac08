import type Database from 'better-sqlite3';
import type { BulkConfirmUnit } from '../../protocol/eligibility/BulkQuery.ts';
import type { QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

/** A 一括照会 reception as stored: who asked, for which day, how far it got. */
export interface BulkReceptionRow {
  id: number;
  receptionNumber: string;
  clinicCode: string;
  qualificationDate: string;
  receivedAt: Date;
  units: number;
  sealedAt: Date | null;
  readyAt: Date | null;
  normal: number | null;
  errors: number | null;
}

interface Row {
  id: number;
  reception_number: string;
  clinic_code: string;
  qualification_date: string;
  received_at: string;
  units: number;
  sealed_at: string | null;
  ready_at: string | null;
  normal: number | null;
  errors: number | null;
}

const toReception = (r: Row): BulkReceptionRow => ({
  id: r.id,
  receptionNumber: r.reception_number,
  clinicCode: r.clinic_code,
  qualificationDate: r.qualification_date,
  receivedAt: new Date(r.received_at),
  units: r.units,
  sealedAt: r.sealed_at ? new Date(r.sealed_at) : null,
  readyAt: r.ready_at ? new Date(r.ready_at) : null,
  normal: r.normal,
  errors: r.errors,
});

/** The 一括照会 receptions and their units: all the SQL of the bulk query. */
export class BulkReceptions {
  private readonly insert: Database.Statement;
  private readonly setNumber: Database.Statement;
  private readonly select: Database.Statement;
  private readonly insertUnit: Database.Statement;
  private readonly countUnits: Database.Statement;
  private readonly selectUnits: Database.Statement;
  private readonly setAnswer: Database.Statement;
  private readonly sealRow: Database.Statement;
  private readonly pageUnits: Database.Statement;

  constructor(private readonly db: EligibilityDatabase) {
    this.insert = db.prepare("INSERT INTO bulk_receptions (reception_number, clinic_code, terminal_id, qualification_date, received_at) VALUES ('', ?, ?, ?, ?)");
    this.setNumber = db.prepare('UPDATE bulk_receptions SET reception_number = ? WHERE id = ?');
    this.select = db.prepare('SELECT * FROM bulk_receptions WHERE reception_number = ? AND clinic_code = ?');
    this.insertUnit = db.prepare('INSERT INTO bulk_units (reception_id, seq, search) VALUES (?, ?, ?)');
    this.countUnits = db.prepare('UPDATE bulk_receptions SET units = units + ? WHERE id = ?');
    this.selectUnits = db.prepare('SELECT seq, search FROM bulk_units WHERE reception_id = ? ORDER BY seq');
    this.setAnswer = db.prepare('UPDATE bulk_units SET answer = ? WHERE reception_id = ? AND seq = ?');
    this.sealRow = db.prepare('UPDATE bulk_receptions SET sealed_at = ?, ready_at = ?, normal = ?, errors = ? WHERE id = ?');
    this.pageUnits = db.prepare('SELECT answer FROM bulk_units WHERE reception_id = ? ORDER BY seq LIMIT ? OFFSET ?');
  }

  /** A new reception; its number (ours) is QB, the Japanese day, and the row id in 8 digits. */
  open(clinicCode: string, terminalId: string, qualificationDate: string, now: Date): BulkReceptionRow {
    const id = Number(this.insert.run(clinicCode, terminalId, qualificationDate, now.toISOString()).lastInsertRowid);
    const receptionNumber = `QB${formatOqsDate(now)}${String(id).padStart(8, '0')}`;
    this.setNumber.run(receptionNumber, id);
    return { id, receptionNumber, clinicCode, qualificationDate, receivedAt: now, units: 0, sealedAt: null, readyAt: null, normal: null, errors: null };
  }

  /** A reception of this clinic; another clinic's number finds nothing. */
  find(receptionNumber: string, clinicCode: string): BulkReceptionRow | null {
    const row = this.select.get(receptionNumber, clinicCode) as Row | undefined;
    return row ? toReception(row) : null;
  }

  addUnits(reception: BulkReceptionRow, searches: QualificationConfirmSearchInfo[]): void {
    searches.forEach((search, i) => this.insertUnit.run(reception.id, reception.units + i, JSON.stringify(search)));
    this.countUnits.run(searches.length, reception.id);
  }

  searches(reception: BulkReceptionRow): QualificationConfirmSearchInfo[] {
    return (this.selectUnits.all(reception.id) as { seq: number; search: string }[]).map((r) => JSON.parse(r.search) as QualificationConfirmSearchInfo);
  }

  answer(reception: BulkReceptionRow, seq: number, unit: BulkConfirmUnit): void {
    this.setAnswer.run(JSON.stringify(unit), reception.id, seq);
  }

  seal(reception: BulkReceptionRow, sealedAt: Date, readyAt: Date, counts: { normal: number; errors: number }): void {
    this.sealRow.run(sealedAt.toISOString(), readyAt.toISOString(), counts.normal, counts.errors, reception.id);
  }

  /** Receptions are kept 7 days after they were received (ours), like idempotency records: long past any retry. */
  prune(now: Date): number {
    const before = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const db = this.db;
    return db.transaction(() => {
      db.prepare('DELETE FROM bulk_units WHERE reception_id IN (SELECT id FROM bulk_receptions WHERE received_at < ?)').run(before);
      return db.prepare('DELETE FROM bulk_receptions WHERE received_at < ?').run(before).changes;
    })();
  }

  page(reception: BulkReceptionRow, offset: number, limit: number): BulkConfirmUnit[] {
    return (this.pageUnits.all(reception.id, limit, offset) as { answer: string }[]).map((r) => JSON.parse(r.answer) as BulkConfirmUnit);
  }
}
