import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestService } from '../../test/harness/startTestService.ts';
import type { ServiceDatabase } from '../db/Sql.ts';
import { testServiceDatabases } from '../../test/harness/testServiceDatabases.ts';
import { openServiceDatabase } from '../db/openServiceDatabase.ts';
import { appendAuditCheckpoint, CHECKPOINT_FILE, createAuditCheckpoint, readAuditCheckpoints, verifyAgainstCheckpoint } from './AuditCheckpoint.ts';
import { AuditLog } from './AuditLog.ts';
import { loadOrCreateServiceSigningKey, SIGNING_KEY_FILE } from './ServiceSigningKey.ts';

let dir: string;
let db: ServiceDatabase;
const databases = testServiceDatabases();
let log: AuditLog;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'checkpoint-'));
  db = await databases.open();
  log = new AuditLog(db.sql);
  for (let i = 0; i < 6; i += 1) await log.append({ at: new Date(Date.UTC(2026, 0, 1, 9, i)), clinicCode: '1310000001', actor: 'kiosk-1', action: 'card.confirm', subjectPersonId: `P-${i}`, result: 'validity:1', detail: { i } });
});
afterEach(async () => {
  await databases.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** What someone with write access to the SQLite file can do: cut the tail and make audit_head agree. */
async function cutTailAndRewriteHead(fromSeq: number): Promise<void> {
  await db.run('DELETE FROM audit_log WHERE seq >= ?', [fromSeq]);
  const tip = (await db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'))!;
  await db.run('UPDATE audit_head SET seq = ?, hash = ?', [tip.seq, tip.hash]);
}

describe('audit checkpoints anchor the chain outside the database', () => {
  it('finds rows removed from the tail after an exported checkpoint, even when audit_head was rewritten to match', async () => {
    const key = loadOrCreateServiceSigningKey(dir);
    const exported = await createAuditCheckpoint(log, key, new Date());
    expect(exported).toMatchObject({ seq: 6, keyId: key.keyId });
    await cutTailAndRewriteHead(5);
    expect(await log.verify()).toEqual({ ok: true, rows: 4, problem: null }); // the chain alone cannot tell
    expect(await verifyAgainstCheckpoint(log, exported, key.publicKey)).toEqual({ ok: false, seq: 6, kind: 'truncated' });
  });

  it('finds a chain rewritten consistently from an edited row onwards', async () => {
    const key = loadOrCreateServiceSigningKey(dir);
    const exported = await createAuditCheckpoint(log, key, new Date());
    // Edit row 2 and recompute every later hash and audit_head, as the hashes are not keyed.
    await db.run("UPDATE audit_log SET subject_person_id = 'P-someone-else' WHERE seq = 2");
    let prev = (await db.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 1'))!.hash;
    for (const row of await db.all<Record<string, string | number | null>>('SELECT * FROM audit_log WHERE seq >= 2 ORDER BY seq')) {
      const canonical = JSON.stringify([row.seq, row.at, row.clinic_code, row.actor, row.action, row.subject_person_id, row.result, row.detail]);
      const hash = createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
      await db.run('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', [prev, hash, row.seq!]);
      prev = hash;
    }
    await db.run('UPDATE audit_head SET hash = ?', [prev]);
    expect((await log.verify()).ok).toBe(true);
    expect(await verifyAgainstCheckpoint(log, exported, key.publicKey)).toMatchObject({ ok: false, kind: 'rewritten' });
  });

  it('refuses a checkpoint that was altered, or signed by another key', async () => {
    const key = loadOrCreateServiceSigningKey(dir);
    const exported = await createAuditCheckpoint(log, key, new Date());
    await cutTailAndRewriteHead(4);
    expect(await verifyAgainstCheckpoint(log, { ...exported, seq: 3, hash: (await log.tip())!.hash }, key.publicKey)).toMatchObject({ ok: false, kind: 'badSignature' });
    const other = loadOrCreateServiceSigningKey(mkdtempSync(join(tmpdir(), 'other-key-')));
    expect(await verifyAgainstCheckpoint(log, await createAuditCheckpoint(log, other, new Date()), key.publicKey)).toMatchObject({ ok: false, kind: 'otherKey' });
  });

  it('will not vouch for a chain that is already broken', async () => {
    await db.run("UPDATE audit_log SET result = 'refused' WHERE seq = 3");
    await expect(createAuditCheckpoint(log, loadOrCreateServiceSigningKey(dir), new Date())).rejects.toThrow(/broken at row 3/);
  });

  it('keeps the key in the data directory with mode 0600, refuses one others may read, and appends checkpoints to a 0600 file', async () => {
    const key = loadOrCreateServiceSigningKey(dir);
    expect(statSync(key.file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateServiceSigningKey(dir).keyId).toBe(key.keyId);
    const first = await createAuditCheckpoint(log, key, new Date());
    const file = appendAuditCheckpoint(dir, first);
    await log.append({ at: new Date(), clinicCode: null, actor: 'operator', action: 'linkage.resolve', subjectPersonId: 'P-1', result: 'unlinked', detail: {} });
    appendAuditCheckpoint(dir, await createAuditCheckpoint(log, key, new Date(), first));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readAuditCheckpoints(file).map((c) => c.seq)).toEqual([6, 7]);
    chmodSync(key.file, 0o644);
    expect(() => loadOrCreateServiceSigningKey(dir)).toThrow(/readable by others/);
  });
});

describe('a running service', () => {
  it('checkpoints its chain at start and at close, beside its database', async () => {
    const service = await startTestService();
    const dataDir = service.dataDir;
    const file = join(dataDir, CHECKPOINT_FILE);
    expect(existsSync(join(dataDir, SIGNING_KEY_FILE))).toBe(true);
    const before = readAuditCheckpoints(file).length;
    await service.close();
    const checkpoints = readAuditCheckpoints(file);
    expect(checkpoints.length).toBe(before + 1); // the test readers' registration rows came after the first
    const reopened = await openServiceDatabase(service.database);
    try {
      const key = loadOrCreateServiceSigningKey(dataDir);
      const verdicts = await reopened.read(async (sql) => Promise.all(checkpoints.map((c) => verifyAgainstCheckpoint(new AuditLog(sql), c, key.publicKey))));
      expect(verdicts.every((v) => v.ok)).toBe(true);
    } finally {
      await reopened.close();
      await service.dispose();
    }
  });
});
