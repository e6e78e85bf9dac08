import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmationStore } from '../confirmation/ConfirmationStore.ts';
import { testServiceDatabases } from '../../test/harness/testServiceDatabases.ts';
import type { ConfirmationFacts } from '../medical/decideMedicalAccess.ts';
import { IdempotencyStore } from './IdempotencyStore.ts';

const CLINIC = '1310000001';
const NOW = new Date('2026-12-01T09:00:00Z');
const FACTS: ConfirmationFacts = { classification: '2', refused: false, identityMethod: null, certificateStanding: null, wrongLinkageSuspected: false, consent: null, validity: '1', readerId: null, certificateSerial: null };

describe('idempotency records', () => {
  const databases = testServiceDatabases();
  afterEach(() => databases.cleanup());

  it('a recorded confirmation’s answer is kept once: the record points at it, and the replay is the answer as sent', async () => {
    const db = await databases.open();
    const confirmations = new ConfirmationStore(db.sql);
    const store = new IdempotencyStore(db.sql, confirmations);
    const body = { MessageBody: { QualificationValidity: '1', ResultList: [{ Name: '山田　太郎' }] }, assessment: { referenceNumber: 'ref-1' } };
    await confirmations.record({ clinicCode: CLINIC, terminalId: 't' } as never, 'ref-1', FACTS, ['P-1'], body, NOW);
    await store.save(CLINIC, 'key-1', 'insurance.confirm', 'hash', { ok: true, body }, NOW, 'ref-1');
    await store.save(CLINIC, 'key-2', 'card.challenge', 'hash2', { ok: true, body: { challengeId: 'c' } }, NOW);
    const reply = async (key: string) => (await db.get<{ reply: string }>('SELECT reply FROM idempotency WHERE key = ?', [key]))!.reply;
    expect(await reply('key-1')).not.toContain('山田');
    expect(await store.find(CLINIC, 'key-1')).toEqual({ requestType: 'insurance.confirm', requestHash: 'hash', outcome: { ok: true, body } });
    // Anything else is stored whole, as before.
    expect(JSON.parse(await reply('key-2'))).toEqual({ ok: true, body: { challengeId: 'c' } });
    expect((await store.find(CLINIC, 'key-2'))?.outcome).toEqual({ ok: true, body: { challengeId: 'c' } });
    expect(await store.find('2710000002', 'key-1')).toBeUndefined();
  });
});
