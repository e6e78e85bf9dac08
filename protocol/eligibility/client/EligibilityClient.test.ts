import { afterEach, describe, expect, it } from 'vitest';
import { presentCard } from '../../../test/harness/presentCard.ts';
import { startTestService, type TestService } from '../../../test/harness/startTestService.ts';
import { isServiceError, ServiceError } from './EligibilityClient.ts';

const NO_CONSENT = { pharmacy: false, diagnosis: false, operation: false, checkups: false, limitApplication: false };
const services: TestService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});
async function start(options: Parameters<typeof startTestService>[0] = {}): Promise<TestService> {
  const s = await startTestService(options);
  services.push(s);
  return s;
}
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}
const count = async (s: TestService) => (await s.db.get<{ n: number }>('SELECT count(*) AS n FROM confirmations'))!.n;

describe('EligibilityClient', () => {
  it('connects and authenticates, answering with the clinic’s name', async () => {
    const service = await start();
    const client = service.terminal(0);
    expect((await client.connect()).clinicName).toBe('霞が関内科クリニック');
    expect(client.state).toBe('connected');
  });

  it('rejects a wrong secret with AUTH_FAILED and stops trying', async () => {
    const service = await start();
    const client = service.terminal(0, { secret: 'wrong-secret-for-this-clinic' });
    const error = await rejection(client.connect());
    expect(error).toBeInstanceOf(ServiceError);
    expect(isServiceError(error, 'AUTH_FAILED')).toBe(true);
    expect(client.state).toBe('failed');
    expect(isServiceError(await rejection(client.ping()), 'AUTH_FAILED')).toBe(true);
  });

  it('turns the service’s refusals into ServiceErrors with a code, never bare strings', async () => {
    const service = await start();
    const client = service.terminal(0);
    const error = await rejection(client.lookupDuringOutage({ name: '山田　太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都' }));
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('OUTAGE_MODE_NOT_ENABLED');
    expect((error as ServiceError).retryable).toBe(false);
  });

  it('reconnects by itself after the service restarts, and the next call succeeds', async () => {
    const service = await start();
    const client = service.terminal(0, { reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
    await client.connect();
    const states: string[] = [];
    client.onStateChange((s) => states.push(s));
    await service.restart();
    expect(await client.ping()).toBeInstanceOf(Date);
    expect(states).toContain('reconnecting');
    expect(client.state).toBe('connected');
  });

  it('retries a confirmation whose answer was lost after the commit with the same idempotency key, across a restart: one record, the original answer', async () => {
    const service = await start();
    const client = service.terminal(0, { deadlineMs: 15_000, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, maxAttempts: 100 });
    const card = await presentCard('yamada-taro');
    const challenge = await client.requestChallenge();
    const signature = await card.sign(challenge.challenge);
    const attestation = await service.attestation({ challenge, certificate: card.certificate, identityMethod: 'pin' });
    const before = (await count(service));
    await service.operator().setFaults({ dropBeforeReply: true });

    const pending = client.confirmByCard({ challengeId: challenge.challengeId, certificate: card.certificate, signature, attestation, identityMethod: 'pin', consent: NO_CONSENT });
    while ((await count(service)) === before) await new Promise((r) => setTimeout(r, 10));
    await service.restart(); // the restarted service has no faults, and everything it knew is in the SQLite file
    const result = await pending;

    expect(result.MessageBody.QualificationValidity).toBe('1');
    expect((await count(service))).toBe(before + 1);
    const stored = (await service.db.get<{ reference_number: string }>('SELECT reference_number FROM confirmations ORDER BY created_at DESC LIMIT 1'))!;
    expect(result.assessment.referenceNumber).toBe(stored.reference_number);
  });

  it('retries after RATE_LIMITED, waiting as long as the service advises', async () => {
    const service = await start({ limits: { requestsPerSecond: 10, burst: 1 } });
    const client = service.terminal(0);
    await client.ping();
    expect(await client.ping()).toBeInstanceOf(Date);
  });

  it('gives up with TIMEOUT when the deadline passes before the answer', async () => {
    const service = await start();
    const client = service.terminal(0);
    await client.connect();
    await service.operator().setFaults({ delayMs: 2_000 });
    const started = Date.now();
    const error = await rejection(client.ping({ deadlineMs: 300 }));
    expect(isServiceError(error, 'TIMEOUT')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('gives up with TIMEOUT, naming the cause, when the service is down for longer than the deadline', async () => {
    const service = await start();
    await service.operator().setFaults({ down: true });
    const client = service.terminal(0, { reconnect: { initialDelayMs: 20, maxDelayMs: 50 } });
    const error = await rejection(client.ping({ deadlineMs: 400 }));
    expect(isServiceError(error, 'TIMEOUT')).toBe(true);
    expect(isServiceError((error as ServiceError).cause, 'SERVICE_DOWN')).toBe(true);
  });

  it('rejects calls still waiting when it is closed, with CLIENT_CLOSED', async () => {
    const service = await start();
    const client = service.terminal(0);
    await client.connect();
    await service.operator().setFaults({ delayMs: 2_000 });
    const pending = rejection(client.ping());
    await client.close();
    expect(isServiceError(await pending, 'CLIENT_CLOSED')).toBe(true);
    expect(client.state).toBe('closed');
  });
});
