import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceDatabase } from '../db/Sql.ts';
import { testServiceDatabases } from '../../test/harness/testServiceDatabases.ts';
import { CardChallenges, CHALLENGE_TTL_MS, loadChallengeKey } from './CardChallenges.ts';

const CLINIC_A = '1310000001';
const CLINIC_B = '2710000002';
const T0 = new Date('2026-12-01T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const count = async (db: ServiceDatabase, table: string) => (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
const challengesOn = async (db: ServiceDatabase) => new CardChallenges(db.sql, await loadChallengeKey(db.sql));

describe('stateless card challenges', () => {
  const databases = testServiceDatabases();
  const open = () => databases.open();
  afterEach(() => databases.cleanup());

  it('issuing writes nothing; the one use is a row, and a second use is CHALLENGE_USED', async () => {
    const db = await open();
    const challenges = (await challengesOn(db));
    const issued = challenges.issue(CLINIC_A, T0);
    expect(issued.challenge).toHaveLength(32);
    expect(issued.challengeId.length).toBeLessThanOrEqual(64);
    expect(issued.expiresAt).toEqual(at(CHALLENGE_TTL_MS));
    expect((await count(db, 'used_challenges')) + (await count(db, 'challenges'))).toBe(0);
    expect(await challenges.consume(CLINIC_A, issued.challengeId, at(1000))).toEqual({ ok: true, challenge: issued.challenge });
    expect(await count(db, 'used_challenges')).toBe(1);
    expect(await challenges.consume(CLINIC_A, issued.challengeId, at(2000))).toMatchObject({ ok: false, code: 'CHALLENGE_USED' });
  });

  it('answers only the clinic it was issued to: another clinic gets CHALLENGE_UNKNOWN, on the record as another clinic’s, and the challenge stays usable', async () => {
    const challenges = (await challengesOn(await open()));
    const issued = challenges.issue(CLINIC_A, T0);
    expect(await challenges.consume(CLINIC_B, issued.challengeId, at(1000))).toMatchObject({ ok: false, code: 'CHALLENGE_UNKNOWN', issuedToAnotherClinic: true });
    expect((await challenges.consume(CLINIC_A, issued.challengeId, at(2000))).ok).toBe(true);
  });

  it('an id changed in any way (clinic, expiry, nonce, MAC) or made up is CHALLENGE_UNKNOWN', async () => {
    const challenges = (await challengesOn(await open()));
    const { challengeId } = challenges.issue(CLINIC_A, T0);
    const [clinic, body] = challengeId.split('.') as [string, string];
    const bytes = Buffer.from(body, 'base64url');
    const flipped = (i: number) => {
      const b = Buffer.from(bytes);
      b[i]! ^= 1;
      return `${clinic}.${b.toString('base64url')}`;
    };
    // Relabelled for clinic B: the MAC covers the clinic, so B cannot take A's challenge as its own.
    expect(await challenges.consume(CLINIC_B, `${CLINIC_B}.${body}`, at(1000))).toMatchObject({ code: 'CHALLENGE_UNKNOWN', issuedToAnotherClinic: false });
    for (const i of [1, 6, 7, 18, 19, bytes.length - 1]) expect(await challenges.consume(CLINIC_A, flipped(i), at(1000))).toMatchObject({ code: 'CHALLENGE_UNKNOWN' });
    expect(await challenges.consume(CLINIC_A, `${CLINIC_A}.not-base64-at-all!`, at(1000))).toMatchObject({ code: 'CHALLENGE_UNKNOWN' });
    expect(await challenges.consume(CLINIC_A, '0f9d2c1e-0000-4000-8000-000000000000', at(1000))).toMatchObject({ code: 'CHALLENGE_UNKNOWN' });
    expect((await challenges.consume(CLINIC_A, challengeId, at(1000))).ok).toBe(true);
  });

  it('expires after 5 minutes (CHALLENGE_EXPIRED), and is forgotten a day later (CHALLENGE_UNKNOWN)', async () => {
    const challenges = (await challengesOn(await open()));
    const issued = challenges.issue(CLINIC_A, T0);
    expect(await challenges.consume(CLINIC_A, issued.challengeId, at(CHALLENGE_TTL_MS + 1))).toMatchObject({ code: 'CHALLENGE_EXPIRED' });
    expect(await challenges.consume(CLINIC_A, issued.challengeId, at(CHALLENGE_TTL_MS + 25 * 3_600_000))).toMatchObject({ code: 'CHALLENGE_UNKNOWN' });
    const fresh = challenges.issue(CLINIC_A, T0);
    expect((await challenges.consume(CLINIC_A, fresh.challengeId, at(CHALLENGE_TTL_MS))).ok).toBe(true);
  });

  it('survives a restart: a challenge issued before it answers after it, with the same bytes, and its use is remembered', async () => {
    const first = await open();
    const issued = (await challengesOn(first)).issue(CLINIC_A, T0);
    const used = (await challengesOn(first)).issue(CLINIC_A, T0);
    expect((await (await challengesOn(first)).consume(CLINIC_A, used.challengeId, at(1000))).ok).toBe(true);
    await first.close();
    const again = (await challengesOn(await open()));
    expect(await again.consume(CLINIC_A, issued.challengeId, at(60_000))).toEqual({ ok: true, challenge: issued.challenge });
    expect(await again.consume(CLINIC_A, used.challengeId, at(60_000))).toMatchObject({ code: 'CHALLENGE_USED' });
  });

  it('a challenge issued before the upgrade (a row in challenges) still answers once', async () => {
    const db = await open();
    const legacy = Buffer.alloc(32, 7);
    await db.run('INSERT INTO challenges (id, clinic_code, challenge, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)', ['0f9d2c1e-0000-4000-8000-000000000001', CLINIC_A, legacy, T0.toISOString(), at(CHALLENGE_TTL_MS).toISOString()]);
    const challenges = (await challengesOn(db));
    expect(await challenges.consume(CLINIC_B, '0f9d2c1e-0000-4000-8000-000000000001', at(1000))).toMatchObject({ code: 'CHALLENGE_UNKNOWN', issuedToAnotherClinic: true });
    expect(await challenges.consume(CLINIC_A, '0f9d2c1e-0000-4000-8000-000000000001', at(1000))).toEqual({ ok: true, challenge: legacy });
    expect(await challenges.consume(CLINIC_A, '0f9d2c1e-0000-4000-8000-000000000001', at(2000))).toMatchObject({ code: 'CHALLENGE_USED' });
  });

  it('a use inside a confirmation that rolls back is not recorded: the challenge can still be used', async () => {
    const db = await open();
    const challenges = (await challengesOn(db));
    const issued = challenges.issue(CLINIC_A, T0);
    const key = await loadChallengeKey(db.sql);
    await expect(
      db.transaction(async (sql) => {
        expect((await new CardChallenges(sql, key).consume(CLINIC_A, issued.challengeId, at(1000))).ok).toBe(true);
        throw new Error('the confirmation failed after the challenge was consumed');
      }),
    ).rejects.toThrow(/confirmation failed/);
    expect((await challenges.consume(CLINIC_A, issued.challengeId, at(2000))).ok).toBe(true);
  });
});
