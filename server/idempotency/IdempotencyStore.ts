import { createHash } from 'node:crypto';
import type { ServiceErrorCode } from '../../protocol/eligibility/ServiceError.ts';
import type { Sql } from '../db/Sql.ts';

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

/** Where the body of a stored answer is kept when it is not in the idempotency row itself (ours). */
export interface StoredBodies {
  /** The JSON of the answer recorded as this confirmation of this clinic, or null. */
  resultJson(referenceNumber: string, clinicCode: string): Promise<string | null>;
}

/** A reply row that points at the confirmation holding its body: `{"ok":true,"confirmation":"<reference number>"}`. */
interface ConfirmationPointer {
  ok: true;
  confirmation: string;
}

/**
 * Answers by (clinic, idempotency key). The row is written in the same transaction as the work it
 * answers for, so either both survive a crash or neither does: a retry then gets the original answer
 * or does the work for the first time, never twice. An answer that is a recorded confirmation (the
 * confirmation row holds it, written in the same transaction) is kept once: the row points at it.
 */
export class IdempotencyStore {
  constructor(
    private readonly sql: Sql,
    private readonly bodies: StoredBodies,
  ) {}

  async find(clinicCode: string, key: string): Promise<StoredReply | undefined> {
    const row = await this.sql.get<{ request_type: string; request_hash: string; reply: string }>('SELECT request_type, request_hash, reply FROM idempotency WHERE clinic_code = ? AND key = ?', [clinicCode, key]);
    if (!row) return undefined;
    const reply = JSON.parse(row.reply) as StoredOutcome | ConfirmationPointer;
    const outcome: StoredOutcome = 'confirmation' in reply ? { ok: true, body: JSON.parse((await this.bodies.resultJson(reply.confirmation, clinicCode))!) } : reply;
    return { requestType: row.request_type, requestHash: row.request_hash, outcome };
  }

  /** `confirmation`: the reference number under which the outcome's body was just recorded, so the row only points at it. */
  async save(clinicCode: string, key: string, requestType: string, requestHash: string, outcome: StoredOutcome, now: Date, confirmation?: string): Promise<void> {
    const reply: StoredOutcome | ConfirmationPointer = confirmation && outcome.ok ? { ok: true, confirmation } : outcome;
    await this.sql.run('INSERT INTO idempotency (clinic_code, key, request_type, request_hash, reply, created_at) VALUES (?, ?, ?, ?, ?, ?)', [clinicCode, key, requestType, requestHash, JSON.stringify(reply), now.toISOString()]);
  }

  /** Keys are kept 7 days (ours): far longer than any terminal keeps retrying. */
  prune(now: Date): Promise<number> {
    return this.sql.run('DELETE FROM idempotency WHERE created_at < ?', [new Date(now.getTime() - 7 * 86_400_000).toISOString()]);
  }
}
