import type { BulkConfirmUnit } from '../../protocol/eligibility/BulkQuery.ts';
import type { QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import type { Sql } from '../db/Sql.ts';

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
  constructor(private readonly sql: Sql) {}

  /** A new reception; its number (ours) is QB, the Japanese day, and the row id in 8 digits. */
  async open(clinicCode: string, terminalId: string, qualificationDate: string, now: Date): Promise<BulkReceptionRow> {
    const inserted = await this.sql.get<{ id: number }>("INSERT INTO bulk_receptions (reception_number, clinic_code, terminal_id, qualification_date, received_at) VALUES ('', ?, ?, ?, ?) RETURNING id", [clinicCode, terminalId, qualificationDate, now.toISOString()]);
    const id = Number(inserted!.id);
    const receptionNumber = `QB${formatOqsDate(now)}${String(id).padStart(8, '0')}`;
    await this.sql.run('UPDATE bulk_receptions SET reception_number = ? WHERE id = ?', [receptionNumber, id]);
    return { id, receptionNumber, clinicCode, qualificationDate, receivedAt: now, units: 0, sealedAt: null, readyAt: null, normal: null, errors: null };
  }

  /** A reception of this clinic; another clinic's number finds nothing. */
  async find(receptionNumber: string, clinicCode: string): Promise<BulkReceptionRow | null> {
    const row = await this.sql.get<Row>('SELECT * FROM bulk_receptions WHERE reception_number = ? AND clinic_code = ?', [receptionNumber, clinicCode]);
    return row ? toReception(row) : null;
  }

  async addUnits(reception: BulkReceptionRow, searches: QualificationConfirmSearchInfo[]): Promise<void> {
    for (const [i, search] of searches.entries()) await this.sql.run('INSERT INTO bulk_units (reception_id, seq, search) VALUES (?, ?, ?)', [reception.id, reception.units + i, JSON.stringify(search)]);
    await this.sql.run('UPDATE bulk_receptions SET units = units + ? WHERE id = ?', [searches.length, reception.id]);
  }

  async searches(reception: BulkReceptionRow): Promise<QualificationConfirmSearchInfo[]> {
    return (await this.sql.all<{ seq: number; search: string }>('SELECT seq, search FROM bulk_units WHERE reception_id = ? ORDER BY seq', [reception.id])).map((r) => JSON.parse(r.search) as QualificationConfirmSearchInfo);
  }

  async answer(reception: BulkReceptionRow, seq: number, unit: BulkConfirmUnit): Promise<void> {
    await this.sql.run('UPDATE bulk_units SET answer = ? WHERE reception_id = ? AND seq = ?', [JSON.stringify(unit), reception.id, seq]);
  }

  async seal(reception: BulkReceptionRow, sealedAt: Date, readyAt: Date, counts: { normal: number; errors: number }): Promise<void> {
    await this.sql.run('UPDATE bulk_receptions SET sealed_at = ?, ready_at = ?, normal = ?, errors = ? WHERE id = ?', [sealedAt.toISOString(), readyAt.toISOString(), counts.normal, counts.errors, reception.id]);
  }

  /** Receptions are kept 7 days after they were received (ours), like idempotency records: long past any retry. Inside a transaction. */
  async prune(now: Date): Promise<number> {
    const before = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    await this.sql.run('DELETE FROM bulk_units WHERE reception_id IN (SELECT id FROM bulk_receptions WHERE received_at < ?)', [before]);
    return this.sql.run('DELETE FROM bulk_receptions WHERE received_at < ?', [before]);
  }

  async page(reception: BulkReceptionRow, offset: number, limit: number): Promise<BulkConfirmUnit[]> {
    return (await this.sql.all<{ answer: string }>('SELECT answer FROM bulk_units WHERE reception_id = ? ORDER BY seq LIMIT ? OFFSET ?', [reception.id, limit, offset])).map((r) => JSON.parse(r.answer) as BulkConfirmUnit);
  }
}
