import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceDatabase } from '../db/Sql.ts';
import { testServiceDatabases } from '../../test/harness/testServiceDatabases.ts';
import { AuditLog } from './AuditLog.ts';

const databases = testServiceDatabases();
let db: ServiceDatabase;
let log: AuditLog;

beforeEach(async () => {
  db = await databases.open();
  log = new AuditLog(db.sql);
  for (let i = 0; i < 5; i += 1) {
    await log.append({ at: new Date(Date.UTC(2026, 0, 1, 9, i)), clinicCode: '1310000001', actor: 'kiosk-1', action: 'card.confirm', subjectPersonId: `P-${i}`, result: 'validity:1', detail: { i } });
  }
});
afterEach(() => databases.cleanup());

describe('the hash-chained audit log', () => {
  it('verifies an untouched log', async () => {
    expect(await log.verify()).toEqual({ ok: true, rows: 5, problem: null });
  });

  it('finds an edited row', async () => {
    await db.run("UPDATE audit_log SET subject_person_id = 'P-someone-else' WHERE seq = 3");
    expect(await log.verify()).toEqual({ ok: false, rows: 2, problem: { seq: 3, kind: 'edited' } });
  });

  it('finds a removed row', async () => {
    await db.run('DELETE FROM audit_log WHERE seq = 2');
    expect(await log.verify()).toMatchObject({ ok: false, problem: { seq: 3, kind: 'removedOrReordered' } });
  });

  it('finds two rows swapped, even with their sequence numbers swapped back', async () => {
    await db.transaction(async (sql) => {
      await sql.run('UPDATE audit_log SET seq = -2 WHERE seq = 2');
      await sql.run('UPDATE audit_log SET seq = 2 WHERE seq = 4');
      await sql.run('UPDATE audit_log SET seq = 4 WHERE seq = -2');
    });
    expect((await log.verify()).ok).toBe(false);
  });

  it('finds rows cut off the end', async () => {
    await db.run('DELETE FROM audit_log WHERE seq >= 4');
    expect(await log.verify()).toEqual({ ok: false, rows: 3, problem: { seq: 4, kind: 'truncated' } });
  });

  it('keeps working after a tampered row is put back exactly as it was', async () => {
    const row = (await db.get<{ result: string }>('SELECT result FROM audit_log WHERE seq = 1'))!;
    await db.run("UPDATE audit_log SET result = 'refused' WHERE seq = 1");
    expect((await log.verify()).ok).toBe(false);
    await db.run('UPDATE audit_log SET result = ? WHERE seq = 1', [row.result]);
    expect((await log.verify()).ok).toBe(true);
  });
});
