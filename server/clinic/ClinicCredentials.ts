import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

export interface Clinic {
  code: string;
  name: string;
}

/*
 * Secrets are issued by the service as 256 random bits, so a plain SHA-256 is enough to store them:
 * a slow password hash defends guessable secrets, and a service-issued one is not guessable. A slow
 * hash would also cost ~50 ms of CPU per connection, which 1,000 terminals reconnecting cannot afford.
 */
function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Register a clinic (or replace its secret) and return the secret to hand to its terminals. */
export function registerClinic(db: EligibilityDatabase, code: string, name: string, secret = randomBytes(32).toString('base64url')): string {
  if (!/^\d{10}$/.test(code)) throw new Error(`医療機関コード must be 10 digits, got ${JSON.stringify(code)}.`);
  db.prepare(
    `INSERT INTO clinics (code, name, secret_hash, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, secret_hash = excluded.secret_hash`,
  ).run(code, name, hashSecret(secret).toString('hex'), new Date().toISOString());
  return secret;
}

/** The clinic, if the code is known and the secret is its secret; the comparison takes constant time. */
export function authenticateClinic(db: EligibilityDatabase, code: string, secret: string): Clinic | null {
  const row = db.prepare('SELECT code, name, secret_hash FROM clinics WHERE code = ?').get(code) as { code: string; name: string; secret_hash: string } | undefined;
  const given = hashSecret(secret);
  const stored = row ? Buffer.from(row.secret_hash, 'hex') : Buffer.alloc(given.length);
  const same = timingSafeEqual(given, stored);
  return row && same ? { code: row.code, name: row.name } : null;
}

export function listClinics(db: EligibilityDatabase): Clinic[] {
  return db.prepare('SELECT code, name FROM clinics ORDER BY code').all() as Clinic[];
}
