import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCentralSystem, type RunningCentralSystem } from '../../app/startCentralSystem.ts';
import { EligibilityClient, type EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import type { ConsentChoice } from '../../protocol/eligibility/ClientMessage.ts';
import { presentCard, type PresentedCard } from '../harness/presentCard.ts';
import { openRawTerminal, type RawTerminal } from '../harness/rawTerminal.ts';
import { testServiceStore } from '../harness/serviceStore.ts';
import { OPERATOR_SECRET, startTestService, type TestService } from '../harness/startTestService.ts';

const CONSENT: ConsentChoice = { pharmacy: true, diagnosis: false, operation: false, checkups: false, limitApplication: true };

/** Two service instances on one PostgreSQL database: `a` (the test harness's) and `b`, started beside it. */
let a: TestService;
let b: RunningCentralSystem;
let bDir: string;
let card: PresentedCard;
const closers: { close(): Promise<void> | void }[] = [];

/** One card signs one challenge at a time, as on a reader. */
let signing: Promise<unknown> = Promise.resolve();
const sign = (challenge: Uint8Array) => {
  const next = signing.then(() => card.sign(challenge));
  signing = next.catch(() => undefined);
  return next;
};

const terminalAt = (url: string, terminalId: string) => {
  const c = a.clinic(0);
  const client = new EligibilityClient({ url, medicalInstitutionCode: c.code, secret: c.secret, terminalId, deadlineMs: 10_000 });
  closers.push(client);
  return client;
};
const rawAt = async (url: string) => {
  const raw = await openRawTerminal(url, a.clinic(0));
  closers.push(raw);
  return raw;
};

beforeAll(async () => {
  if (testServiceStore() !== 'postgres') throw new Error('Several instances share a PostgreSQL database: run this file in the service-postgres project (npx vitest run --project service-postgres).');
  // A clinic key is locked out at its third failed hello (ours is ten), so the test below needs few.
  a = await startTestService({ helloThrottle: { lockoutAfter: 3 } });
  bDir = mkdtempSync(join(tmpdir(), 'instance-b-'));
  b = await startCentralSystem({ database: a.database, dataDir: bDir, seed: false, port: 0, operatorSecret: OPERATOR_SECRET, helloThrottle: { lockoutAfter: 3 }, log: () => undefined });
  card = await presentCard('yamada-taro');
});
afterAll(async () => {
  for (const c of closers.splice(0)) await c.close();
  await b?.close();
  await a?.dispose();
  if (bDir) rmSync(bDir, { recursive: true, force: true });
});

/** One hello and the frame that answers it (welcome or error), as any terminal sees it. */
async function hello(url: string, code: string, secret: string): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const answer = new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
  socket.send(JSON.stringify({ v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: code, secret, terminalId: 'guess' }));
  const frame = await answer;
  socket.terminate();
  return frame;
}

async function confirmationFrame(raw: RawTerminal, id: string): Promise<Record<string, unknown>> {
  const issued = (await raw.send({ v: 1, type: 'card.challenge', id: `${id}-challenge`, idempotencyKey: randomUUID() })).body as { challengeId: string; challenge: string; expiresAt: string };
  const challenge = { challengeId: issued.challengeId, challenge: new Uint8Array(Buffer.from(issued.challenge, 'base64')), expiresAt: new Date(issued.expiresAt) };
  return {
    v: 1,
    type: 'card.confirm',
    id,
    idempotencyKey: randomUUID(),
    challengeId: challenge.challengeId,
    certificate: Buffer.from(card.certificate).toString('base64'),
    signature: Buffer.from(await sign(challenge.challenge)).toString('base64'),
    attestation: await a.attestation({ challenge, certificate: card.certificate, identityMethod: 'pin' }),
    identityMethod: 'pin',
    consent: CONSENT,
  };
}

describe('two service instances on one PostgreSQL', () => {
  it('a challenge issued by one instance is confirmed at the other; the terminal that moves gets the same answer, and the challenge stays used at both', async () => {
    const atA = await rawAt(a.server.url);
    const atB = await rawAt(b.server.url);
    const frame = await confirmationFrame(atA, 'c1');
    const first = await atB.send(frame);
    expect(first).toMatchObject({ type: 'reply', replayed: false, body: { MessageBody: { ProcessingResultStatus: '1', QualificationValidity: '1', ResultList: [{ Name: '山田　太郎' }] } } });
    // The kiosk lost its connection before the answer and reconnected to the other instance: the same key, the same answer.
    const again = await atA.send({ ...frame, id: 'c1-again' });
    expect(again).toMatchObject({ type: 'reply', replayed: true });
    expect((again.body as EligibilityResult).assessment.referenceNumber).toBe((first.body as EligibilityResult).assessment.referenceNumber);
    // The same challenge under a new key: used, at either instance.
    expect(await atA.send({ ...frame, id: 'c1-new-key-a', idempotencyKey: randomUUID() })).toMatchObject({ type: 'error', code: 'CHALLENGE_USED' });
    expect(await atB.send({ ...frame, id: 'c1-new-key-b', idempotencyKey: randomUUID() })).toMatchObject({ type: 'error', code: 'CHALLENGE_USED' });
  });

  it('medical information of a confirmation made at one instance is read at the other, under the consent given there', async () => {
    const result = await terminalAt(a.server.url, 'kiosk-a').confirmWithCard({ certificate: card.certificate, identityMethod: 'pin', consent: CONSENT, sign, attest: a.attest(0) });
    const atB = terminalAt(b.server.url, 'kiosk-b');
    const pharmacy = await atB.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy');
    expect(pharmacy).toMatchObject({ referenceNumber: result.assessment.referenceNumber, item: 'pharmacy' });
    expect(pharmacy.records.length).toBeGreaterThan(0);
    // Consent was not given for 診療情報: refused at this instance as it would be at the first.
    await expect(atB.readMedicalInformation(result.assessment.referenceNumber, 'diagnosis')).rejects.toMatchObject({ code: 'MEDICAL_INFORMATION_BLOCKED' });
  });

  it('confirmations at both instances at once make one audit chain: no fork, no gap, verified by either', async () => {
    const before = (await a.db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
    const clients = [terminalAt(a.server.url, 'load-a'), terminalAt(b.server.url, 'load-b')];
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => clients[i % 2]!.confirmWithCard({ certificate: card.certificate, identityMethod: 'pin', consent: CONSENT, sign, attest: a.attest(0) })),
    );
    expect(results.every((r) => r.MessageBody.ProcessingResultStatus === '1')).toBe(true);
    expect(new Set(results.map((r) => r.assessment.referenceNumber)).size).toBe(80);
    const chain = (await a.db.get<{ rows: number; top: number; links: number }>('SELECT count(*) AS rows, max(seq) AS top, count(DISTINCT prev_hash) AS links FROM audit_log'))!;
    expect(chain.rows).toBeGreaterThanOrEqual(before + 80);
    expect(chain.top).toBe(chain.rows); // no gap
    expect(chain.links).toBe(chain.rows); // no two rows follow the same one: no fork
    for (const url of [a.server.url, b.server.url]) {
      const operator = new OperatorClient({ url, secret: OPERATOR_SECRET, deadlineMs: 10_000 });
      closers.push(operator);
      expect(await operator.verifyAudit()).toEqual({ ok: true, rows: chain.rows, problem: null });
    }
  });

  // Last: it leaves this address with failed hellos counted at both instances.
  it('failed hellos for one 医療機関コード count across instances: guessed at both, locked out at both, and cleared by the operator at either', async () => {
    const target = a.clinic(1);
    expect(await hello(a.server.url, target.code, 'wrong-1')).toMatchObject({ type: 'error', code: 'AUTH_FAILED' });
    expect(await hello(a.server.url, target.code, 'wrong-2')).toMatchObject({ type: 'error', code: 'AUTH_FAILED' });
    // The third failure, at the other instance, is the clinic key's third: locked out.
    expect(await hello(b.server.url, target.code, 'wrong-3')).toMatchObject({ type: 'error', code: 'AUTH_FAILED' });
    // Now even the right secret is not checked, at either instance.
    for (const url of [a.server.url, b.server.url]) expect(await hello(url, target.code, target.secret)).toMatchObject({ type: 'error', code: 'AUTH_LOCKED', details: { scope: 'clinic' } });
    const operator = new OperatorClient({ url: a.server.url, secret: OPERATOR_SECRET, deadlineMs: 10_000 });
    closers.push(operator);
    expect(await operator.lockouts()).toContainEqual(expect.objectContaining({ scope: 'clinic', key: target.code, lockedOut: true }));
    expect(await operator.clearLockout('clinic', target.code)).toBe(true);
    expect(await hello(b.server.url, target.code, target.secret)).toMatchObject({ type: 'welcome', medicalInstitutionCode: target.code });
  });
});
