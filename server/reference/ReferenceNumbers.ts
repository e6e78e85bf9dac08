import type Database from 'better-sqlite3';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

/** 照会番号 by (clinic, insured person): the clinic's own patient number, as it registered it. */
export class ReferenceNumbers {
  private readonly upsert: Database.Statement;
  private readonly select: Database.Statement;

  constructor(db: EligibilityDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO reference_numbers (clinic_code, person_id, reference_number, registered_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (clinic_code, person_id) DO UPDATE SET reference_number = excluded.reference_number, registered_at = excluded.registered_at`,
    );
    this.select = db.prepare('SELECT reference_number FROM reference_numbers WHERE clinic_code = ? AND person_id = ?');
  }

  /** A second registration for the same person replaces the first: a clinic has one number per patient. */
  register(clinicCode: string, personId: string, referenceNumber: string, now: Date): void {
    this.upsert.run(clinicCode, personId, referenceNumber, now.toISOString());
  }

  find(clinicCode: string, personId: string): string | null {
    const row = this.select.get(clinicCode, personId) as { reference_number: string } | undefined;
    return row?.reference_number ?? null;
  }

  /** The lookup a result builder needs: this clinic's number for a person, or null. */
  of(clinicCode: string): (personId: string) => string | null {
    return (personId) => this.find(clinicCode, personId);
  }
}
