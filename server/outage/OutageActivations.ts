import type Database from 'better-sqlite3';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

export interface OutageActivationRecord {
  id: string;
  clinicCode: string;
  /** Why the clinic asked, and who at the clinic spoke to the call centre. */
  reason: string;
  contactPerson: string;
  enabledAt: Date;
  expiresAt: Date;
}

/** The システム障害時モード activations of each clinic, as the call centre records them. */
export class OutageActivations {
  private readonly insert: Database.Statement;
  private readonly selectActive: Database.Statement;

  constructor(db: EligibilityDatabase) {
    this.insert = db.prepare('INSERT INTO outage_activations (id, clinic_code, reason, contact_person, enabled_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.selectActive = db.prepare('SELECT id FROM outage_activations WHERE clinic_code = ? AND enabled_at <= ? AND expires_at > ? ORDER BY enabled_at DESC LIMIT 1');
  }

  record(activation: OutageActivationRecord): void {
    this.insert.run(activation.id, activation.clinicCode, activation.reason, activation.contactPerson, activation.enabledAt.toISOString(), activation.expiresAt.toISOString());
  }

  /** The id of the clinic's newest activation in force at `now`, or null when the mode is off. */
  activeFor(clinicCode: string, now: Date): string | null {
    const row = this.selectActive.get(clinicCode, now.toISOString(), now.toISOString()) as { id: string } | undefined;
    return row?.id ?? null;
  }
}
