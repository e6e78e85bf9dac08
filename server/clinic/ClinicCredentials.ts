import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../../foundation/CodedError.ts';
import type { Sql } from '../db/Sql.ts';

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
  constructor(private readonly sql: Sql) {}

  /** Register a clinic (or replace its secret) and return the secret to hand to its terminals. */
  async register(code: string, name: string, secret = randomBytes(32).toString('base64url')): Promise<string> {
    if (!/^\d{10}$/.test(code)) throw new ClinicRegistrationError('CLINIC_CODE_INVALID', `医療機関コード must be 10 digits, got ${JSON.stringify(code)}.`);
    await this.sql.run(
      `INSERT INTO clinics (code, name, secret_hash, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, secret_hash = excluded.secret_hash`,
      [code, name, hashSecret(secret).toString('hex'), new Date().toISOString()],
    );
    return secret;
  }

  /** Register a clinic with a generated secret unless it exists (then only its name is updated): the new secret, or null. */
  async registerIfAbsent(code: string, name: string): Promise<string | null> {
    if (await this.sql.get('SELECT code FROM clinics WHERE code = ?', [code])) {
      await this.sql.run('UPDATE clinics SET name = ? WHERE code = ?', [name, code]);
      return null;
    }
    return this.register(code, name);
  }

  /** The clinic, if the code is known and the secret is its secret; the comparison takes constant time. */
  async authenticate(code: string, secret: string): Promise<Clinic | null> {
    const row = await this.sql.get<{ code: string; name: string; secret_hash: string }>('SELECT code, name, secret_hash FROM clinics WHERE code = ?', [code]);
    const given = hashSecret(secret);
    const stored = row ? Buffer.from(row.secret_hash, 'hex') : Buffer.alloc(given.length);
    const same = timingSafeEqual(given, stored);
    return row && same ? { code: row.code, name: row.name } : null;
  }

  list(): Promise<Clinic[]> {
    return this.sql.all<Clinic>('SELECT code, name FROM clinics ORDER BY code');
  }
}
