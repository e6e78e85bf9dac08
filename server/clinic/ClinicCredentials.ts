import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CodedError } from '../../foundation/CodedError.ts';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

export interface Clinic {
  code: string;
  name: string;
}

export class ClinicRegistrationError extends CodedError<'CLINIC_CODE_INVALID'> {
  override readonly name = 'ClinicRegistrationError';
}

/*
 * Secrets are issued by the service as 256 random bits, so a plain SHA-256 is enough to store them:
 * a slow password hash defends guessable secrets, and a service-issued one is not guessable. A slow
 * hash would also cost ~50 ms of CPU per connection, which 1,000 terminals reconnecting cannot afford.
 */
function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** The clinics that may connect, each with the hash of the secret its terminals say hello with. */
export class ClinicCredentials {
  private readonly upsert: Database.Statement;
  private readonly selectOne: Database.Statement;
  private readonly selectAll: Database.Statement;
  private readonly rename: Database.Statement;

  constructor(db: EligibilityDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO clinics (code, name, secret_hash, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, secret_hash = excluded.secret_hash`,
    );
    this.selectOne = db.prepare('SELECT code, name, secret_hash FROM clinics WHERE code = ?');
    this.rename = db.prepare('UPDATE clinics SET name = ? WHERE code = ?');
    this.selectAll = db.prepare('SELECT code, name FROM clinics ORDER BY code');
  }

  /** Register a clinic (or replace its secret) and return the secret to hand to its terminals. */
  register(code: string, name: string, secret = randomBytes(32).toString('base64url')): string {
    if (!/^\d{10}$/.test(code)) throw new ClinicRegistrationError('CLINIC_CODE_INVALID', `医療機関コード must be 10 digits, got ${JSON.stringify(code)}.`);
    this.upsert.run(code, name, hashSecret(secret).toString('hex'), new Date().toISOString());
    return secret;
  }

  /** Register a clinic with a generated secret unless it exists (then only its name is updated): the new secret, or null. */
  registerIfAbsent(code: string, name: string): string | null {
    if (this.selectOne.get(code)) {
      this.rename.run(name, code);
      return null;
    }
    return this.register(code, name);
  }

  /** The clinic, if the code is known and the secret is its secret; the comparison takes constant time. */
  authenticate(code: string, secret: string): Clinic | null {
    const row = this.selectOne.get(code) as { code: string; name: string; secret_hash: string } | undefined;
    const given = hashSecret(secret);
    const stored = row ? Buffer.from(row.secret_hash, 'hex') : Buffer.alloc(given.length);
    const same = timingSafeEqual(given, stored);
    return row && same ? { code: row.code, name: row.name } : null;
  }

  list(): Clinic[] {
    return this.selectAll.all() as Clinic[];
  }
}
