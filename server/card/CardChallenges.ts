import { randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

/** Ours: long enough for a patient to choose face or PIN and answer the consent screen. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface IssuedChallenge {
  challengeId: string;
  challenge: Buffer;
  expiresAt: Date;
}

/** A challenge used up for one confirmation, or why it cannot be: an answer to record and audit, not a throw. */
export type ConsumedChallenge =
  | { ok: true; challenge: Buffer }
  | { ok: false; code: 'CHALLENGE_UNKNOWN' | 'CHALLENGE_EXPIRED' | 'CHALLENGE_USED'; message: string; issuedToAnotherClinic: boolean };

/**
 * One-time challenges for the card to sign. They live in the database, so one issued before a
 * restart can still be answered after it.
 */
export class CardChallenges {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly markUsed: Database.Statement;

  constructor(private readonly db: EligibilityDatabase) {
    this.insert = db.prepare('INSERT INTO challenges (id, clinic_code, challenge, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    this.select = db.prepare('SELECT clinic_code, challenge, expires_at, used_at FROM challenges WHERE id = ?');
    this.markUsed = db.prepare('UPDATE challenges SET used_at = ? WHERE id = ?');
  }

  issue(clinicCode: string, now: Date): IssuedChallenge {
    const challengeId = randomUUID();
    const challenge = randomBytes(32);
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
    this.insert.run(challengeId, clinicCode, challenge, now.toISOString(), expiresAt.toISOString());
    return { challengeId, challenge, expiresAt };
  }

  /**
   * Use a challenge up: it answers exactly one confirmation, and only for the clinic it was issued to.
   * Another clinic's challenge is CHALLENGE_UNKNOWN to the asking clinic (it learns nothing new), but the
   * refusal says so, for the audit row.
   */
  consume(clinicCode: string, challengeId: string, now: Date): ConsumedChallenge {
    const row = this.select.get(challengeId) as { clinic_code: string; challenge: Buffer; expires_at: string; used_at: string | null } | undefined;
    if (!row || row.clinic_code !== clinicCode) {
      return { ok: false, code: 'CHALLENGE_UNKNOWN', message: 'No such challenge was issued to this clinic: ask for a new one (card.challenge).', issuedToAnotherClinic: row !== undefined };
    }
    if (row.used_at !== null) return { ok: false, code: 'CHALLENGE_USED', message: 'This challenge has already been answered: ask for a new one for a new confirmation.', issuedToAnotherClinic: false };
    if (Date.parse(row.expires_at) < now.getTime()) return { ok: false, code: 'CHALLENGE_EXPIRED', message: 'The challenge expired: ask for a new one and have the card sign it.', issuedToAnotherClinic: false };
    this.markUsed.run(now.toISOString(), challengeId);
    return { ok: true, challenge: row.challenge };
  }

  /** Forget challenges a day past their expiry; called at start-up. A forgotten one answers CHALLENGE_UNKNOWN, not CHALLENGE_EXPIRED. */
  prune(now: Date): number {
    return this.db.prepare('DELETE FROM challenges WHERE expires_at < ?').run(new Date(now.getTime() - 24 * 3_600_000).toISOString()).changes;
  }
}
