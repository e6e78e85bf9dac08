import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentChoice } from '../../protocol/eligibility/ClientMessage.ts';
import type { EligibilityResult } from '../../protocol/eligibility/EligibilityResult.ts';
import { presentCard, type PresentedCard } from '../../test/harness/presentCard.ts';
import { openRawTerminal, type RawTerminal } from '../../test/harness/rawTerminal.ts';
import { startTestService, type TestService } from '../../test/harness/startTestService.ts';
import { demoClinic } from '../seed/demoClinic.ts';

const HOUR = 3_600_000;
const NO_CONSENT: ConsentChoice = { pharmacy: false, diagnosis: false, operation: false, checkups: false, limitApplication: false };
const clinic = demoClinic();

let now = Date.now();
let service: TestService;
let card: PresentedCard;
let terminal: RawTerminal;
let n = 0;
const frameId = () => `f${(n += 1)}`;
const rows = () => service.auditRows(clinic.code, 500);

beforeAll(async () => {
  service = await startTestService({ now: () => new Date(now) });
  card = await presentCard('yamada-taro');
  terminal = await openRawTerminal(service.server.url, service.clinic(0));
});
afterAll(async () => {
  terminal.close();
  await service.dispose();
});

/** A card.confirm frame for yamada-taro, the card and this clinic's reader on the service's clock. */
async function confirmationFrame(consent: ConsentChoice): Promise<Record<string, unknown>> {
  const issued = (await terminal.send({ v: 1, type: 'card.challenge', id: frameId(), idempotencyKey: randomUUID() })).body as { challengeId: string; challenge: string };
  const challenge = { challengeId: issued.challengeId, challenge: new Uint8Array(Buffer.from(issued.challenge, 'base64')), expiresAt: new Date() };
  return {
    v: 1,
    type: 'card.confirm',
    idempotencyKey: randomUUID(),
    challengeId: issued.challengeId,
    certificate: Buffer.from(card.certificate).toString('base64'),
    signature: Buffer.from(await card.sign(challenge.challenge)).toString('base64'),
    attestation: await service.attestation({ challenge, certificate: card.certificate, identityMethod: 'face' }, { signedAt: new Date(now).toISOString() }),
    identityMethod: 'face',
    consent,
  };
}

describe('an idempotent replay of personal data is judged again and audited', () => {
  it('a medical.read replayed with its key after the consent expired gets the consent code, not the records, and both are audited', async () => {
    const confirm = await confirmationFrame({ ...NO_CONSENT, pharmacy: true });
    const result = (await terminal.send({ ...confirm, id: frameId() })).body as EligibilityResult;
    const read = { v: 1, type: 'medical.read', idempotencyKey: randomUUID(), referenceNumber: result.assessment.referenceNumber, item: 'pharmacy' };

    const first = await terminal.send({ ...read, id: frameId() });
    expect(first).toMatchObject({ type: 'reply', replayed: false, body: { item: 'pharmacy' } });
    now += 2 * HOUR;
    expect(await terminal.send({ ...read, id: frameId() })).toMatchObject({ type: 'reply', replayed: true, body: first.body as object });
    expect((await rows())[0]).toMatchObject({ action: 'medical.read', subjectPersonId: 'P-yamada-taro', result: 'shown', detail: { replayed: true, records: 3 } });

    now += 23 * HOUR; // 25 h after the consent
    const late = await terminal.send({ ...read, id: frameId() });
    expect(late).toMatchObject({ type: 'error', code: 'MEDICAL_INFORMATION_BLOCKED', details: { blockedBy: ['consentExpired'], replayed: true } });
    expect(late.body).toBeUndefined();
    expect((await rows())[0]).toMatchObject({ action: 'medical.read', subjectPersonId: 'P-yamada-taro', result: 'blocked', detail: { blockedBy: ['consentExpired'], replayed: true } });
  });

  it('a card.confirm replayed with its key is audited as the access it is, and refused once its consent (24 h) is over', async () => {
    const confirm = await confirmationFrame(NO_CONSENT);
    const first = await terminal.send({ ...confirm, id: frameId() });
    const before = (await rows()).length;
    const again = await terminal.send({ ...confirm, id: frameId() });
    expect(again).toMatchObject({ type: 'reply', replayed: true, body: first.body as object });
    expect((await rows()).length).toBe(before + 1);
    expect((await rows())[0]).toMatchObject({ action: 'card.confirm', subjectPersonId: 'P-yamada-taro', result: 'replayed', detail: { replayed: true } });

    now += 25 * HOUR;
    const late = await terminal.send({ ...confirm, id: frameId() });
    expect(late).toMatchObject({ type: 'error', code: 'REPLAY_REFUSED', details: { reasons: ['consentExpired'], replayed: true } });
    expect((await rows())[0]).toMatchObject({ action: 'card.confirm', subjectPersonId: null, result: 'refused:REPLAY_REFUSED' });
  });

  it('insurance.confirm and outage.lookup replays are audited like the first answer', async () => {
    const search = { InsurerNumber: '06131234', InsuredIdentificationNumber: '50021', Birthdate: '19850228', LimitApplicationCertificateRelatedConsFlg: '0' };
    const byNumber = { v: 1, type: 'insurance.confirm', idempotencyKey: randomUUID(), search };
    await terminal.send({ ...byNumber, id: frameId() });
    expect(await terminal.send({ ...byNumber, id: frameId() })).toMatchObject({ replayed: true });
    expect((await rows())[0]).toMatchObject({ action: 'insurance.confirm', subjectPersonId: 'P-ito-kenichi', result: 'replayed' });

    await terminal.send({ v: 1, type: 'outage.enable', id: frameId(), idempotencyKey: randomUUID(), reason: 'cardDefect', contactPerson: '受付 山本' });
    const lookup = { v: 1, type: 'outage.lookup', idempotencyKey: randomUUID(), cardFace: { name: '山田　太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都千代田区霞が関１丁目２番２号' } };
    await terminal.send({ ...lookup, id: frameId() });
    expect(await terminal.send({ ...lookup, id: frameId() })).toMatchObject({ replayed: true });
    expect((await rows())[0]).toMatchObject({ action: 'outage.lookup', subjectPersonId: 'P-yamada-taro', result: 'replayed' });
  });
});

describe('refused reads are audited', () => {
  it('a medical.read of another clinic’s reference answers REFERENCE_UNKNOWN and leaves a row in the asking clinic’s log, naming nobody', async () => {
    const other = await openRawTerminal(service.server.url, service.clinic(1));
    try {
      const confirm = await confirmationFrame({ ...NO_CONSENT, pharmacy: true });
      const result = (await terminal.send({ ...confirm, id: frameId() })).body as EligibilityResult;
      const referenceNumber = result.assessment.referenceNumber;
      const refused = await other.send({ v: 1, type: 'medical.read', id: frameId(), idempotencyKey: randomUUID(), referenceNumber, item: 'pharmacy' });
      expect(refused).toMatchObject({ type: 'error', code: 'REFERENCE_UNKNOWN' });
    } finally {
      other.close();
    }
    const theirs = await service.auditRows(service.clinic(1).code, 10);
    expect(theirs[0]).toMatchObject({ action: 'medical.read', result: 'refused:REFERENCE_UNKNOWN', subjectPersonId: null, detail: { item: 'pharmacy' } });
    // マイナポータル lists views, not refusals.
    const operator = service.operator();
    expect((await operator.whoViewed('P-yamada-taro')).some((v) => v.medicalInstitutionCode === service.clinic(1).code)).toBe(false);
  });
});

describe('a revoked reader', () => {
  it('a card.confirm replayed after its reader was revoked is refused', async () => {
    const confirm = await confirmationFrame(NO_CONSENT);
    await terminal.send({ ...confirm, id: frameId() });
    await service.revokeReader(service.readerId(0), new Date(now));
    expect(await terminal.send({ ...confirm, id: frameId() })).toMatchObject({ type: 'error', code: 'REPLAY_REFUSED', details: { reasons: ['readerRevoked'] } });
  });
});
