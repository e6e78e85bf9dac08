import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../db/Sql.ts';

/** Ours: long enough for a patient to choose face or PIN and answer the consent screen. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** A challenge expired longer ago than this is forgotten: CHALLENGE_UNKNOWN, not CHALLENGE_EXPIRED (ours). */
export const CHALLENGE_FORGOTTEN_AFTER_MS = 24 * 3_600_000;

export interface IssuedChallenge {
  challengeId: string;
  challenge: Buffer;
  expiresAt: Date;
}

/** A challenge used up for one confirmation, or why it cannot be: an answer to record and audit, not a throw. */
export type ConsumedChallenge =
  | { ok: true; challenge: Buffer }
  | { ok: false; code: 'CHALLENGE_UNKNOWN' | 'CHALLENGE_EXPIRED' | 'CHALLENGE_USED'; message: string; issuedToAnotherClinic: boolean };

const KEY_NAME = 'card-challenge-hmac';
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 12;
/** version (1) + expiry in ms (6) + nonce + tag, base64url after `<clinic code>.`: 53 characters for a 10-digit code, within the protocol's 64. */
const BODY_BYTES = 1 + 6 + NONCE_BYTES + TAG_BYTES;

const UNKNOWN = (issuedToAnotherClinic: boolean): ConsumedChallenge => ({ ok: false, code: 'CHALLENGE_UNKNOWN', message: 'No such challenge was issued to this clinic: ask for a new one (card.challenge).', issuedToAnotherClinic });
const USED: ConsumedChallenge = { ok: false, code: 'CHALLENGE_USED', message: 'This challenge has already been answered: ask for a new one for a new confirmation.', issuedToAnotherClinic: false };
const EXPIRED: ConsumedChallenge = { ok: false, code: 'CHALLENGE_EXPIRED', message: 'The challenge expired: ask for a new one and have the card sign it.', issuedToAnotherClinic: false };

/**
 * One-time challenges for the card to sign, issued without a write: the id is `<clinic code>.<body>`,
 * the body holding the expiry, a random nonce and a MAC (HMAC-SHA-256 under the service's challenge key,
 * kept in the database) over clinic, expiry and nonce; the challenge bytes are an HMAC of the id. So the
 * service can tell, from the id alone, that it issued it, to which clinic, and until when, after a
 * restart too. Its single use is recorded when a confirmation consumes it, in that confirmation's
 * transaction. Challenges issued before this scheme (UUID ids with a row in `challenges`) still answer.
 */
export class CardChallenges {
  /** `key`: loadChallengeKey's, read once at start; every instance on the same database has the same. */
  constructor(
    private readonly sql: Sql,
    private readonly key: Buffer,
  ) {}

  issue(clinicCode: string, now: Date): IssuedChallenge {
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
    const body = Buffer.alloc(BODY_BYTES);
    body.writeUInt8(VERSION, 0);
    body.writeUIntBE(expiresAt.getTime(), 1, 6);
    randomBytes(NONCE_BYTES).copy(body, 7);
    this.tag(clinicCode, body).copy(body, 7 + NONCE_BYTES);
    const challengeId = `${clinicCode}.${body.toString('base64url')}`;
    return { challengeId, challenge: this.challengeBytes(challengeId), expiresAt };
  }

  /**
   * Use a challenge up: it answers exactly one confirmation, and only for the clinic it was issued to.
   * Another clinic's challenge is CHALLENGE_UNKNOWN to the asking clinic (it learns nothing new), but the
   * refusal says so, for the audit row. Call it inside the confirmation's transaction: the use is a write of it.
   */
  async consume(clinicCode: string, challengeId: string, now: Date): Promise<ConsumedChallenge> {
    const dot = challengeId.indexOf('.');
    if (dot < 0) return this.consumeLegacy(clinicCode, challengeId, now);
    const issuedTo = challengeId.slice(0, dot);
    const body = Buffer.from(challengeId.slice(dot + 1), 'base64url');
    if (body.length !== BODY_BYTES || body.readUInt8(0) !== VERSION || body.toString('base64url') !== challengeId.slice(dot + 1)) return UNKNOWN(false);
    const expected = this.tag(issuedTo, body);
    if (!timingSafeEqual(expected, body.subarray(7 + NONCE_BYTES))) return UNKNOWN(false);
    if (issuedTo !== clinicCode) return UNKNOWN(true);
    const expiresAt = body.readUIntBE(1, 6);
    if (expiresAt + CHALLENGE_FORGOTTEN_AFTER_MS < now.getTime()) return UNKNOWN(false);
    if ((await this.sql.get('SELECT 1 AS used FROM used_challenges WHERE id = ?', [challengeId])) !== undefined) return USED;
    if (expiresAt < now.getTime()) return EXPIRED;
    await this.sql.run('INSERT INTO used_challenges (id, clinic_code, used_at, expires_at) VALUES (?, ?, ?, ?)', [challengeId, clinicCode, now.toISOString(), new Date(expiresAt).toISOString()]);
    return { ok: true, challenge: this.challengeBytes(challengeId) };
  }

  /** Forget used challenges (and pre-HMAC ones) a day past their expiry; called at start-up. */
  async prune(now: Date): Promise<number> {
    const before = new Date(now.getTime() - CHALLENGE_FORGOTTEN_AFTER_MS).toISOString();
    return (await this.sql.run('DELETE FROM used_challenges WHERE expires_at < ?', [before])) + (await this.sql.run('DELETE FROM challenges WHERE expires_at < ?', [before]));
  }

  /** The MAC over clinic, version, expiry and nonce (the body's first bytes). */
  private tag(clinicCode: string, body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(`card-challenge-id\0${clinicCode}\0`).update(body.subarray(0, 7 + NONCE_BYTES)).digest().subarray(0, TAG_BYTES);
  }

  /** The 32 bytes the card signs: unpredictable without the key, the same for the same id. */
  private challengeBytes(challengeId: string): Buffer {
    return createHmac('sha256', this.key).update(`card-challenge-bytes\0${challengeId}`).digest();
  }

  /** A challenge issued with a row of its own, before challenges were stateless. */
  private async consumeLegacy(clinicCode: string, challengeId: string, now: Date): Promise<ConsumedChallenge> {
    const row = await this.sql.get<{ clinic_code: string; challenge: Buffer; expires_at: string; used_at: string | null }>('SELECT clinic_code, challenge, expires_at, used_at FROM challenges WHERE id = ?', [challengeId]);
    if (!row || row.clinic_code !== clinicCode) return UNKNOWN(row !== undefined);
    if (row.used_at !== null) return USED;
    if (Date.parse(row.expires_at) < now.getTime()) return EXPIRED;
    await this.sql.run('UPDATE challenges SET used_at = ? WHERE id = ?', [now.toISOString(), challengeId]);
    return { ok: true, challenge: row.challenge };
  }
}

/** The service's challenge key: made by the first instance that starts on the database, read by every later one. */
export async function loadChallengeKey(sql: Sql): Promise<Buffer> {
  await sql.run('INSERT INTO service_secrets (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [KEY_NAME, randomBytes(32), new Date().toISOString()]);
  return (await sql.get<{ secret: Buffer }>('SELECT secret FROM service_secrets WHERE name = ?', [KEY_NAME]))!.secret;
}
