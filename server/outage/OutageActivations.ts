import type { Sql } from '../db/Sql.ts';

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
  constructor(private readonly sql: Sql) {}

  async record(activation: OutageActivationRecord): Promise<void> {
    await this.sql.run('INSERT INTO outage_activations (id, clinic_code, reason, contact_person, enabled_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
      activation.id,
      activation.clinicCode,
      activation.reason,
      activation.contactPerson,
      activation.enabledAt.toISOString(),
      activation.expiresAt.toISOString(),
    ]);
  }

  /** The id of the clinic's newest activation in force at `now`, or null when the mode is off. */
  async activeFor(clinicCode: string, now: Date): Promise<string | null> {
    const row = await this.sql.get<{ id: string }>('SELECT id FROM outage_activations WHERE clinic_code = ? AND enabled_at <= ? AND expires_at > ? ORDER BY enabled_at DESC LIMIT 1', [clinicCode, now.toISOString(), now.toISOString()]);
    return row?.id ?? null;
  }
}
