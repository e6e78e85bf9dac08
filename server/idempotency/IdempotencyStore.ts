import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ServiceErrorCode } from '../../protocol/eligibility/ServiceError.ts';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

/** What was answered the first time: a body, or an error that is itself part of the record (e.g. a blocked view). */
export type StoredOutcome = { ok: true; body: unknown } | { ok: false; code: ServiceErrorCode; message: string; details?: Record<string, unknown> };

export interface StoredReply {
  requestType: string;
  requestHash: string;
  outcome: StoredOutcome;
}

/** A request's fingerprint without its envelope, so a retry (new id, same key) is recognised as the same request. */
export function requestFingerprint(request: { id: string; v: number; idempotencyKey?: string }): string {
  const { id: _id, v: _v, idempotencyKey: _key, ...payload } = request;
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

/**
 * Answers by (clinic, idempotency key). The row is written in the same transaction as the work it
 * answers for, so either both survive a crash or neither does: a retry then gets the original answer
 * or does the work for the first time, never twice.
 */
export class IdempotencyStore {
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(private readonly db: EligibilityDatabase) {
    this.select = db.prepare('SELECT request_type, request_hash, reply FROM idempotency WHERE clinic_code = ? AND key = ?');
    this.insert = db.prepare('INSERT INTO idempotency (clinic_code, key, request_type, request_hash, reply, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  }

  find(clinicCode: string, key: string): StoredReply | undefined {
    const row = this.select.get(clinicCode, key) as { request_type: string; request_hash: string; reply: string } | undefined;
    return row && { requestType: row.request_type, requestHash: row.request_hash, outcome: JSON.parse(row.reply) as StoredOutcome };
  }

  save(clinicCode: string, key: string, requestType: string, requestHash: string, outcome: StoredOutcome, now: Date): void {
    this.insert.run(clinicCode, key, requestType, requestHash, JSON.stringify(outcome), now.toISOString());
  }

  /** Keys are kept 7 days (ours): far longer than any terminal keeps retrying. */
  prune(now: Date): number {
    return this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(new Date(now.getTime() - 7 * 86_400_000).toISOString()).changes;
  }
}
