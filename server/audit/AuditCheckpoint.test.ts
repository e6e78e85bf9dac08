import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestService } from '../../test/harness/startTestService.ts';
import { openEligibilityDatabase, type EligibilityDatabase } from '../db/openEligibilityDatabase.ts';
import { appendAuditCheckpoint, CHECKPOINT_FILE, createAuditCheckpoint, readAuditCheckpoints, verifyAgainstCheckpoint } from './AuditCheckpoint.ts';
import { AuditLog } from './AuditLog.ts';
import { loadOrCreateServiceSigningKey, SIGNING_KEY_FILE } from './ServiceSigningKey.ts';

let dir: string;
let db: EligibilityDatabase;
let log: AuditLog;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'checkpoint-'));
  db = openEligibilityDatabase(join(dir, 'eligibility.sqlite'));
  log = new AuditLog(db);
  for (let i = 0; i < 6; i += 1) log.append({ at: new Date(Date.UTC(2026, 0, 1, 9, i)), clinicCode: '1310000001', actor: 'kiosk-1', action: 'card.confirm', subjectPersonId: `P-${i}`, result: 'validity:1', detail: { i } });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What someone with write access to the SQLite file can do: cut the tail and make audit_head agree. */
function cutTailAndRewriteHead(fromSeq: number): void {
  db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(fromSeq);
  const tip = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(tip.seq, tip.hash);
}

describe('audit checkpoints anchor the chain outside the database', () => {
  it('finds rows removed from the tail after an exported checkpoint, even when audit_head was rewritten to match', () => {
    const key = loadOrCreateServiceSigningKey(dir);
    const exported = createAuditCheckpoint(log, key, new Date());
    expect(exported).toMatchObject({ seq: 6, keyId: key.keyId });
    cutTailAndRewriteHead(5);
    expect(log.verify()).toEqual({ ok: true, rows: 4, problem: null }); // the chain alone cannot tell
    expect(verifyAgainstCheckpoint(log, exported, key.publicKey)).toEqual({ ok: false, seq: 6, kind: 'truncated' });
  });

  it('finds a chain rewritten consistently from an edited row onwards', () => {
    const key = loadOrCreateServiceSigningKey(dir);
    const exported = createAuditCheckpoint(log, key, new Date());
    // Edit row 2 and recompute every later hash and audit_head, as the hashes are not keyed.
    db.prepare("UPDATE audit_log SET subject_person_id = 'P-someone-else' WHERE seq = 2").run();
    let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = 1').get() as { hash: string }).hash;
    for (const row of db.prepare('SELECT * FROM audit_log WHERE seq >= 2 ORDER BY seq').all() as Record<string, string | number | null>[]) {
      const canonical = JSON.stringify([row.seq, row.at, row.clinic_code, row.actor, row.action, row.subject_person_id, row.result, row.detail]);
      const hash = createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
      prev = hash;
    }
    db.prepare('UPDATE audit_head SET hash = ?').run(prev);
    expect(log.verify().ok).toBe(true);
    expect(verifyAgainstCheckpoint(log, exported, key.publicKey)).toMatchObject({ ok: false, kind: 'rewritten' });
  });

  it('refuses a checkpoint that was altered, or signed by another key', () => {
    const key = loadOrCreateServiceSigningKey(dir);
    const exported = createAuditCheckpoint(log, key, new Date());
    cutTailAndRewriteHead(4);
    expect(verifyAgainstCheckpoint(log, { ...exported, seq: 3, hash: log.tip()!.hash }, key.publicKey)).toMatchObject({ ok: false, kind: 'badSignature' });
    const other = loadOrCreateServiceSigningKey(mkdtempSync(join(tmpdir(), 'other-key-')));
    expect(verifyAgainstCheckpoint(log, createAuditCheckpoint(log, other, new Date()), key.publicKey)).toMatchObject({ ok: false, kind: 'otherKey' });
  });

  it('will not vouch for a chain that is already broken', () => {
    db.prepare("UPDATE audit_log SET result = 'refused' WHERE seq = 3").run();
    expect(() => createAuditCheckpoint(log, loadOrCreateServiceSigningKey(dir), new Date())).toThrow(/broken at row 3/);
  });

  it('keeps the key in the data directory with mode 0600, refuses one others may read, and appends checkpoints to a 0600 file', () => {
    const key = loadOrCreateServiceSigningKey(dir);
    expect(statSync(key.file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateServiceSigningKey(dir).keyId).toBe(key.keyId);
    const first = createAuditCheckpoint(log, key, new Date());
    const file = appendAuditCheckpoint(dir, first);
    log.append({ at: new Date(), clinicCode: null, actor: 'operator', action: 'linkage.resolve', subjectPersonId: 'P-1', result: 'unlinked', detail: {} });
    appendAuditCheckpoint(dir, createAuditCheckpoint(log, key, new Date(), first));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readAuditCheckpoints(file).map((c) => c.seq)).toEqual([6, 7]);
    chmodSync(key.file, 0o644);
    expect(() => loadOrCreateServiceSigningKey(dir)).toThrow(/readable by others/);
  });
});

describe('a running service', () => {
  it('checkpoints its chain at start and at close, beside its database', async () => {
    const service = await startTestService();
    const dataDir = join(service.dbFile, '..');
    const file = join(dataDir, CHECKPOINT_FILE);
    expect(existsSync(join(dataDir, SIGNING_KEY_FILE))).toBe(true);
    const before = readAuditCheckpoints(file).length;
    await service.close();
    const checkpoints = readAuditCheckpoints(file);
    expect(checkpoints.length).toBe(before + 1); // the test readers' registration rows came after the first
    const reopened = openEligibilityDatabase(service.dbFile);
    try {
      const key = loadOrCreateServiceSigningKey(dataDir);
      expect(checkpoints.every((c) => verifyAgainstCheckpoint(new AuditLog(reopened), c, key.publicKey).ok)).toBe(true);
    } finally {
      reopened.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
