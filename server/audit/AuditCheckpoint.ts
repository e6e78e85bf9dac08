import { sign, verify, type KeyObject } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CodedError } from '../../foundation/CodedError.ts';
import type { AuditLog } from './AuditLog.ts';
import { keyIdOf, type ServiceSigningKey } from './ServiceSigningKey.ts';

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export class AuditCheckpointError extends CodedError<'CHAIN_BROKEN' | 'CHECKPOINT_UNREADABLE'> {
  override readonly name = 'AuditCheckpointError';
}

/** The newest row of the audit chain at a moment, signed by the service's own key (ours). */
export const AuditCheckpointSchema = z
  .object({
    v: z.literal(1),
    seq: z.number().int().nonnegative(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.string().datetime({ offset: true }),
    keyId: z.string().regex(/^[0-9a-f]{64}$/),
    /** Ed25519 over checkpointPayload(...), base64. */
    signature: z.string(),
  })
  .strict();
export type AuditCheckpoint = z.infer<typeof AuditCheckpointSchema>;

const payload = (c: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at' | 'keyId'>) => Buffer.from(JSON.stringify(['myna-kiosk audit checkpoint v1', c.seq, c.hash, c.at, c.keyId]));

/** What a checkpoint says about the chain as it is now. */
export type CheckpointVerdict =
  | { ok: true; seq: number }
  | { ok: false; seq: number; kind: 'otherKey' | 'badSignature' | 'truncated' | 'rewritten' };

/**
 * Sign the chain's newest row, after checking the chain up to it (from `since`, an earlier checkpoint,
 * when there is one): a checkpoint vouches only for a chain that verified when it was made. Empty chain:
 * seq 0 and the genesis hash.
 */
export async function createAuditCheckpoint(audit: AuditLog, key: ServiceSigningKey, now: Date, since: Pick<AuditCheckpoint, 'seq' | 'hash'> | null = null): Promise<AuditCheckpoint> {
  const verification = await audit.verify(since && since.seq > 0 ? since : null);
  if (!verification.ok) throw new AuditCheckpointError('CHAIN_BROKEN', `The audit chain is broken at row ${verification.problem!.seq} (${verification.problem!.kind}): no checkpoint vouches for it.`);
  const tip = (await audit.tip()) ?? { seq: 0, hash: '0'.repeat(64) };
  const unsigned = { v: 1 as const, seq: tip.seq, hash: tip.hash, at: now.toISOString(), keyId: key.keyId };
  return { ...unsigned, signature: sign(null, payload(unsigned), key.privateKey).toString('base64') };
}

/**
 * Judge the chain against a checkpoint made earlier: made by this key and unaltered, and the row it names
 * still there with the same hash. A tail cut off after the checkpoint was exported is found even when
 * audit_head was rewritten to match, since the checkpoint lives outside the database.
 */
export async function verifyAgainstCheckpoint(audit: AuditLog, checkpoint: AuditCheckpoint, publicKey: KeyObject): Promise<CheckpointVerdict> {
  const seq = checkpoint.seq;
  if (checkpoint.keyId !== keyIdOf(publicKey)) return { ok: false, seq, kind: 'otherKey' };
  let signed = false;
  try {
    signed = verify(null, payload(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, seq, kind: 'badSignature' };
  if (seq === 0) return { ok: true, seq };
  const hash = await audit.hashAt(seq);
  if (hash === null) return { ok: false, seq, kind: 'truncated' };
  if (hash !== checkpoint.hash) return { ok: false, seq, kind: 'rewritten' };
  return { ok: true, seq };
}

/** Append a checkpoint to the data directory's append-only file (one JSON line each, 0600). */
export function appendAuditCheckpoint(dataDir: string, checkpoint: AuditCheckpoint): string {
  const file = join(dataDir, CHECKPOINT_FILE);
  appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return file;
}

/** Read checkpoints from a file: one exported checkpoint (JSON) or a checkpoint file (JSON lines). */
export function readAuditCheckpoints(file: string): AuditCheckpoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AuditCheckpointError('CHECKPOINT_UNREADABLE', `Cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  // One exported checkpoint (perhaps pretty-printed), or the checkpoint file's JSON lines.
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  const lines = whole !== undefined ? [JSON.stringify(whole)] : text.split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    try {
      return AuditCheckpointSchema.parse(JSON.parse(line));
    } catch (cause) {
      throw new AuditCheckpointError('CHECKPOINT_UNREADABLE', `${file}${lines.length > 1 ? ` line ${i + 1}` : ''} is not an audit checkpoint.`, { cause });
    }
  });
}
