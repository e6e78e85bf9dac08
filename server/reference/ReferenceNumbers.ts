import type { Sql } from '../db/Sql.ts';

/** 照会番号 by (clinic, insured person): the clinic's own patient number, as it registered it. */
export class ReferenceNumbers {
  constructor(private readonly sql: Sql) {}

  /** A second registration for the same person replaces the first: a clinic has one number per patient. */
  async register(clinicCode: string, personId: string, referenceNumber: string, now: Date): Promise<void> {
    await this.sql.run(
      `INSERT INTO reference_numbers (clinic_code, person_id, reference_number, registered_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (clinic_code, person_id) DO UPDATE SET reference_number = excluded.reference_number, registered_at = excluded.registered_at`,
      [clinicCode, personId, referenceNumber, now.toISOString()],
    );
  }

  async find(clinicCode: string, personId: string): Promise<string | null> {
    const row = await this.sql.get<{ reference_number: string }>('SELECT reference_number FROM reference_numbers WHERE clinic_code = ? AND person_id = ?', [clinicCode, personId]);
    return row?.reference_number ?? null;
  }

  /** This clinic's numbers for these people, read before a result is built (which is synchronous). */
  async of(clinicCode: string, personIds: readonly string[]): Promise<(personId: string) => string | null> {
    const found = new Map<string, string | null>();
    for (const id of personIds) found.set(id, await this.find(clinicCode, id));
    return (personId) => found.get(personId) ?? null;
  }
}
