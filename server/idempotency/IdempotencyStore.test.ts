import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmationStore } from '../confirmation/ConfirmationStore.ts';
import { openEligibilityDatabase, type EligibilityDatabase } from '../db/openEligibilityDatabase.ts';
import type { ConfirmationFacts } from '../medical/decideMedicalAccess.ts';
import { IdempotencyStore } from './IdempotencyStore.ts';

const CLINIC = '1310000001';
const NOW = new Date('2026-12-01T09:00:00Z');
const FACTS: ConfirmationFacts = { classification: '2', refused: false, identityMethod: null, certificateStanding: null, wrongLinkageSuspected: false, consent: null, validity: '1', readerId: null, certificateSerial: null };

describe('idempotency records', () => {
  let dir: string | undefined;
  let db: EligibilityDatabase | undefined;
  afterEach(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = dir = undefined;
  });

  it('a recorded confirmation’s answer is kept once: the record points at it, and the replay is the answer as sent', () => {
    dir = mkdtempSync(join(tmpdir(), 'idempotency-'));
    db = openEligibilityDatabase(join(dir, 'eligibility.sqlite'));
    const confirmations = new ConfirmationStore(db);
    const store = new IdempotencyStore(db, confirmations);
    const body = { MessageBody: { QualificationValidity: '1', ResultList: [{ Name: '山田　太郎' }] }, assessment: { referenceNumber: 'ref-1' } };
    confirmations.record({ clinicCode: CLINIC, terminalId: 't' } as never, 'ref-1', FACTS, ['P-1'], body, NOW);
    store.save(CLINIC, 'key-1', 'insurance.confirm', 'hash', { ok: true, body }, NOW, 'ref-1');
    store.save(CLINIC, 'key-2', 'card.challenge', 'hash2', { ok: true, body: { challengeId: 'c' } }, NOW);
    const reply = (key: string) => (db!.prepare('SELECT reply FROM idempotency WHERE key = ?').get(key) as { reply: string }).reply;
    expect(reply('key-1')).not.toContain('山田');
    expect(store.find(CLINIC, 'key-1')).toEqual({ requestType: 'insurance.confirm', requestHash: 'hash', outcome: { ok: true, body } });
    // Anything else is stored whole, as before.
    expect(JSON.parse(reply('key-2'))).toEqual({ ok: true, body: { challengeId: 'c' } });
    expect(store.find(CLINIC, 'key-2')?.outcome).toEqual({ ok: true, body: { challengeId: 'c' } });
    expect(store.find('2710000002', 'key-1')).toBeUndefined();
  });
});
