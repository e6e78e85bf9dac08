import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEligibilityDatabase, type EligibilityDatabase } from '../db/openEligibilityDatabase.ts';
import { AuditLog } from './AuditLog.ts';

let dir: string;
let db: EligibilityDatabase;
let log: AuditLog;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-'));
  db = openEligibilityDatabase(join(dir, 'audit.sqlite'));
  log = new AuditLog(db);
  for (let i = 0; i < 5; i += 1) {
    log.append({ at: new Date(Date.UTC(2026, 0, 1, 9, i)), clinicCode: '1310000001', actor: 'kiosk-1', action: 'card.confirm', subjectPersonId: `P-${i}`, result: 'validity:1', detail: { i } });
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the hash-chained audit log', () => {
  it('verifies an untouched log', () => {
    expect(log.verify()).toEqual({ ok: true, rows: 5, problem: null });
  });

  it('finds an edited row', () => {
    db.prepare("UPDATE audit_log SET subject_person_id = 'P-someone-else' WHERE seq = 3").run();
    expect(log.verify()).toEqual({ ok: false, rows: 2, problem: { seq: 3, kind: 'edited' } });
  });

  it('finds a removed row', () => {
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(log.verify()).toMatchObject({ ok: false, problem: { seq: 3, kind: 'removedOrReordered' } });
  });

  it('finds two rows swapped, even with their sequence numbers swapped back', () => {
    db.transaction(() => {
      db.prepare('UPDATE audit_log SET seq = -2 WHERE seq = 2').run();
      db.prepare('UPDATE audit_log SET seq = 2 WHERE seq = 4').run();
      db.prepare('UPDATE audit_log SET seq = 4 WHERE seq = -2').run();
    })();
    expect(log.verify().ok).toBe(false);
  });

  it('finds rows cut off the end', () => {
    db.prepare('DELETE FROM audit_log WHERE seq >= 4').run();
    expect(log.verify()).toEqual({ ok: false, rows: 3, problem: { seq: 4, kind: 'truncated' } });
  });

  it('keeps working after a tampered row is put back exactly as it was', () => {
    const row = db.prepare('SELECT result FROM audit_log WHERE seq = 1').get() as { result: string };
    db.prepare("UPDATE audit_log SET result = 'refused' WHERE seq = 1").run();
    expect(log.verify().ok).toBe(false);
    db.prepare('UPDATE audit_log SET result = ? WHERE seq = 1').run(row.result);
    expect(log.verify().ok).toBe(true);
  });
});
