import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError, type EligibilityClient, type EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { ConsentChoice } from '../../protocol/eligibility/ClientMessage.ts';
import { createTestReader, presentCard, testReader, type PresentedCard } from '../../test/harness/presentCard.ts';
import { openRawTerminal } from '../../test/harness/rawTerminal.ts';
import { startTestService, type TestService } from '../../test/harness/startTestService.ts';

const NO_CONSENT: ConsentChoice = { pharmacy: false, diagnosis: false, operation: false, checkups: false, limitApplication: false };

let service: TestService;
let kiosk: EligibilityClient;
let card: PresentedCard;
const auditRows = (clinic: string) => service.auditRows(clinic, 500);

beforeAll(async () => {
  service = await startTestService();
  kiosk = service.terminal(0);
  card = await presentCard('yamada-taro');
});
afterAll(async () => service.dispose());

/** A valid card.confirm of clinic A, as it crosses the wire: what someone capturing traffic would hold. */
async function capturedConfirmation(identityMethod: 'face' | 'pin' = 'face'): Promise<Record<string, unknown>> {
  const challenge = await kiosk.requestChallenge();
  return {
    v: 1,
    type: 'card.confirm',
    id: randomUUID(),
    idempotencyKey: randomUUID(),
    challengeId: challenge.challengeId,
    certificate: Buffer.from(card.certificate).toString('base64'),
    signature: Buffer.from(await card.sign(challenge.challenge)).toString('base64'),
    attestation: await service.attestation({ challenge, certificate: card.certificate, identityMethod }),
    identityMethod,
    consent: { ...NO_CONSENT, pharmacy: true },
  };
}

const codeOf = (body: unknown) => (body as EligibilityResult).MessageBody.ProcessingResultCode;

describe('every confirmation proves the card is present', () => {
  it('a captured, valid confirmation of clinic A replayed from clinic B is refused and audited, with its own challenge or with A’s', async () => {
    const frame = await capturedConfirmation();
    const atA = await openRawTerminal(service.server.url, service.clinic(0));
    const atB = await openRawTerminal(service.server.url, service.clinic(1));
    try {
      // Replayed as captured (before or after A uses it): the challenge is A's, so B gets nothing.
      const asIs = await atB.send({ ...frame, id: 'b1' });
      expect(asIs).toMatchObject({ type: 'error', code: 'CHALLENGE_UNKNOWN' });
      expect((await atA.send({ ...frame, id: 'a1' })).type).toBe('reply');
      // With a fresh challenge of B's: the card's signature and the reader's are over A's challenge.
      const own = (await atB.send({ v: 1, type: 'card.challenge', id: 'b2', idempotencyKey: randomUUID() })).body as { challengeId: string };
      const withOwnChallenge = await atB.send({ ...frame, id: 'b3', idempotencyKey: randomUUID(), challengeId: own.challengeId });
      expect(withOwnChallenge).toMatchObject({ type: 'reply', body: { MessageBody: { ProcessingResultStatus: '2', ProcessingResultCode: 'E04', ResultList: [] } } });
      // At A again, under a new key: used up.
      expect(await atA.send({ ...frame, id: 'a2', idempotencyKey: randomUUID() })).toMatchObject({ type: 'error', code: 'CHALLENGE_USED' });
    } finally {
      atA.close();
      atB.close();
    }
    const atBRows = (await auditRows(service.clinic(1).code)).filter((r) => r.action === 'card.confirm');
    expect(atBRows.map((r) => r.result)).toEqual(['refused:E04', 'refused:CHALLENGE_UNKNOWN']);
    expect(atBRows[1]!.detail).toMatchObject({ challengeId: frame.challengeId, reason: 'challenge issued to another clinic' });
    expect(atBRows.every((r) => r.subjectPersonId === null)).toBe(true);
    expect((await auditRows(service.clinic(0).code)).some((r) => r.result === 'refused:CHALLENGE_USED')).toBe(true);
  });

  it('a certificate-only confirmation (the public certificate, no card signature, no reader) is refused with E04 and audited', async () => {
    const peer = await openRawTerminal(service.server.url, service.clinic(0));
    try {
      const challenge = (await peer.send({ v: 1, type: 'card.challenge', id: 'c', idempotencyKey: randomUUID() })).body as { challengeId: string };
      // The frame of issue 12, as the old protocol allowed it for face and 目視.
      const answer = await peer.send({ v: 1, type: 'card.confirm', id: 'r', idempotencyKey: randomUUID(), challengeId: challenge.challengeId, certificate: Buffer.from(card.certificate).toString('base64'), signature: null, identityMethod: 'face', consent: NO_CONSENT });
      expect(answer).toMatchObject({ type: 'reply', body: { MessageBody: { ProcessingResultStatus: '2', ProcessingResultCode: 'E04', ResultList: [] }, assessment: { medicalInformation: { available: false } } } });
    } finally {
      peer.close();
    }
    expect((await auditRows(service.clinic(0).code))[0]).toMatchObject({ action: 'card.confirm', result: 'refused:E04', subjectPersonId: null, detail: { reason: 'no card signature', identityMethod: 'face' } });
  });

  const confirmWith = (attest: Parameters<EligibilityClient['confirmWithCard']>[0]['attest'], identityMethod: 'face' | 'pin' | 'visual' = 'face', client = kiosk) =>
    client.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest, identityMethod, consent: NO_CONSENT });
  const lastRefusal = async (clinic = service.clinic(0).code) => (await auditRows(clinic)).find((r) => r.action === 'card.confirm')!;

  it('the card’s signature without a reader’s attestation is refused with E06', async () => {
    expect(codeOf(await confirmWith(null, 'pin'))).toBe('E06');
    expect(await lastRefusal()).toMatchObject({ result: 'refused:E06', detail: { reason: 'no reader attestation' } });
  });

  it('an attestation signed with another key than the registered reader’s is refused with E06', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    expect(codeOf(await confirmWith(service.attest(0, { key: stranger })))).toBe('E06');
    expect(await lastRefusal()).toMatchObject({ result: 'refused:E06', detail: { reason: 'reader signature does not verify', readerId: service.readerId(0) } });
  });

  it('an attestation from the reader of another clinic is refused with E07, even with that reader’s own key', async () => {
    expect(codeOf(await confirmWith(service.attest(1)))).toBe('E07');
    expect(await lastRefusal()).toMatchObject({ result: 'refused:E07', detail: { reason: 'reader registered to another clinic', readerId: service.readerId(1) } });
  });

  it('a reader nobody registered is refused with E07', async () => {
    const unknown = async (request: Parameters<NonNullable<Parameters<typeof confirmWith>[0]>>[0]) => ({ ...(await service.attest(0)(request)), readerId: randomUUID() });
    expect(codeOf(await confirmWith(unknown))).toBe('E07');
    expect(await lastRefusal()).toMatchObject({ result: 'refused:E07', detail: { reason: 'reader not registered' } });
  });

  it('a revoked reader is refused with E07, and so are reads of what it confirmed before', async () => {
    const own = await startTestService();
    try {
      const client = own.terminal(0);
      const before = await client.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest: own.attest(0), identityMethod: 'face', consent: { ...NO_CONSENT, pharmacy: true } });
      expect(before.assessment.medicalInformation.available).toBe(true);
      await own.revokeReader(own.readerId(0));

      const after = await client.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest: own.attest(0), identityMethod: 'face', consent: NO_CONSENT });
      expect(codeOf(after)).toBe('E07');
      const error = await client.readMedicalInformation(before.assessment.referenceNumber, 'pharmacy').catch((e: unknown) => e);
      expect(isServiceError(error, 'MEDICAL_INFORMATION_BLOCKED') && error.details?.blockedBy).toEqual(['readerRevoked']);
      const rows = await own.auditRows(service.clinic(0).code, 10);
      expect(rows.find((r) => r.action === 'card.confirm')).toMatchObject({ result: 'refused:E07', detail: { reason: expect.stringMatching(/^reader revoked on /) } });
      expect(rows.some((r) => r.action === 'reader.revoke' && r.actor === 'operator')).toBe(true);
    } finally {
      await own.dispose();
    }
  });

  it('the attestation must match the identity method: a face score at or above its threshold, the staff member for 目視', async () => {
    expect(codeOf(await confirmWith(service.attest(0, { faceScore: 0.41 })))).toBe('E06');
    expect((await lastRefusal()).detail.reason).toBe('face score 0.41 below the threshold 0.8');
    expect(codeOf(await confirmWith(service.attest(0, { faceScore: null })))).toBe('E06');
    expect(codeOf(await confirmWith(service.attest(0, { visualConfirmedBy: null }), 'visual'))).toBe('E06');
    expect((await lastRefusal()).detail.reason).toBe('a 目視 confirmation without who confirmed');
    expect(codeOf(await confirmWith(service.attest(0), 'visual'))).toBeNull();
  });

  it('an attestation signed more than 5 minutes away from the service’s clock is refused with E06', async () => {
    expect(codeOf(await confirmWith(service.attest(0, { signedAt: new Date(Date.now() - 6 * 60_000).toISOString() })))).toBe('E06');
    expect((await lastRefusal()).detail.reason).toMatch(/more than 5 minutes/);
  });

  it('an attestation for another certificate than the one sent does not verify (E06)', async () => {
    const other = await presentCard('sato-hanako');
    const challenge = await kiosk.requestChallenge();
    const attestation = await service.attestation({ challenge, certificate: other.certificate, identityMethod: 'face' });
    const result = await kiosk.confirmByCard({ challengeId: challenge.challengeId, certificate: card.certificate, signature: await card.sign(challenge.challenge), attestation, identityMethod: 'face', consent: NO_CONSENT });
    expect(codeOf(result)).toBe('E06');
  });

  it('with the card’s signature and the clinic’s own reader, face, PIN and 目視 all confirm, the reader named in the audit row', async () => {
    for (const method of ['face', 'pin', 'visual'] as const) expect(codeOf(await confirmWith(service.attest(0), method))).toBeNull();
    expect((await auditRows(service.clinic(0).code))[0]).toMatchObject({ action: 'card.confirm', result: 'validity:1', detail: { readerId: service.readerId(0), proof: 'card and reader' } });
  });
});

describe('challenges', () => {
  it('a challenge expired more than a day before a restart is forgotten: it answers CHALLENGE_UNKNOWN, not CHALLENGE_EXPIRED', async () => {
    let now = Date.now();
    const clocked = await startTestService({ now: () => new Date(now) });
    try {
      const client = clocked.terminal(0, { reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
      const stale = await client.requestChallenge();
      const confirm = (challenge: typeof stale) => client.confirmByCard({ challengeId: challenge.challengeId, certificate: card.certificate, signature: new Uint8Array(256), attestation: null, identityMethod: 'pin', consent: NO_CONSENT });
      const codeOfError = (p: Promise<unknown>) => p.then(() => 'answered', (e: unknown) => (isServiceError(e) ? e.code : String(e)));
      now += 10 * 60_000;
      expect(await codeOfError(confirm(stale))).toBe('CHALLENGE_EXPIRED');
      const later = await client.requestChallenge();
      now += 25 * 3_600_000;
      await clocked.restart(); // pruned at start-up
      expect(await codeOfError(confirm(later))).toBe('CHALLENGE_UNKNOWN');
    } finally {
      await clocked.dispose();
    }
  });
});

describe('reader.register', () => {
  it('registers a kiosk’s key for the clinic of the connection, answers the same reader for the same key, and audits it once', async () => {
    const reader = createTestReader('受付 2');
    const first = await kiosk.registerReader({ publicKey: reader.publicKeySpki, name: reader.name });
    const again = await kiosk.registerReader({ publicKey: reader.publicKeySpki, name: 'another name' });
    expect(again).toEqual(first);
    expect(first.name).toBe('受付 2');
    expect((await auditRows(service.clinic(0).code)).filter((r) => r.action === 'reader.register' && r.detail.readerId === first.readerId)).toHaveLength(1);
  });

  it('refuses another clinic’s reader key, and a key that is not ECDSA P-256', async () => {
    const error = await kiosk.registerReader({ publicKey: testReader(1).publicKeySpki, name: 'stolen' }).catch((e: unknown) => e);
    expect(isServiceError(error, 'READER_KEY_REFUSED')).toBe(true);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    expect(isServiceError(await kiosk.registerReader({ publicKey: rsa, name: 'rsa' }).catch((e: unknown) => e), 'READER_KEY_INVALID')).toBe(true);
    expect(isServiceError(await kiosk.registerReader({ publicKey: new Uint8Array([1, 2, 3]), name: 'junk' }).catch((e: unknown) => e), 'READER_KEY_INVALID')).toBe(true);
  });
});
