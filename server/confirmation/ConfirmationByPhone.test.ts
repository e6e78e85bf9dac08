import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EligibilityClient, EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { CardIdentityMethod, ConsentChoice } from '../../protocol/eligibility/ClientMessage.ts';
import { presentCard, type PresentedCard } from '../../test/harness/presentCard.ts';
import { startTestService, type TestService } from '../../test/harness/startTestService.ts';
import { AuditLog } from '../audit/AuditLog.ts';

const CONSENT: ConsentChoice = { pharmacy: true, diagnosis: false, operation: false, checkups: false, limitApplication: true };

let service: TestService;
let kiosk: EligibilityClient;
beforeAll(async () => {
  service = await startTestService();
  kiosk = service.terminal(0);
});
afterAll(async () => service.dispose());

const confirm = (credential: PresentedCard, identityMethod: CardIdentityMethod): Promise<EligibilityResult> =>
  kiosk.confirmWithCard({ certificate: credential.certificate, sign: (c) => credential.sign(c), attest: service.attest(), identityMethod, consent: CONSENT });

const recorded = (referenceNumber: string) => service.db.get<{ identity_method: string; credential: string; certificate_serial: string }>('SELECT identity_method, credential, certificate_serial FROM confirmations WHERE reference_number = ?', [referenceNumber]);

describe('the service and the スマホ用電子証明書', () => {
  it('an Android phone’s own certificate finds its holder (有効), and the confirmation is recorded as by phone', async () => {
    const result = await confirm(await presentCard('phone-android-yamada'), 'pin');
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
    expect(result.MessageBody.ResultList[0]).toMatchObject({ Name: '山田　太郎' });
    expect(result.assessment).toMatchObject({ credential: 'androidPhone', medicalInformation: { available: true } });
    expect(await recorded(result.assessment.referenceNumber)).toEqual({ identity_method: 'pin', credential: 'androidPhone', certificate_serial: 'F100000000000001' });
    const row = (await service.db.read((sql) => new AuditLog(sql).listForClinic(service.clinic(0).code, 10))).find((r) => r.action === 'card.confirm')!;
    expect(row.detail).toMatchObject({ credential: 'androidPhone', identityMethod: 'pin' });
  });

  it('an iPhone after Face ID on the phone: identity method device, medical information available with consent', async () => {
    const result = await confirm(await presentCard('phone-iphone-sato'), 'device');
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
    expect(result.assessment).toMatchObject({ credential: 'iPhone', medicalInformation: { available: true } });
    expect(await recorded(result.assessment.referenceNumber)).toMatchObject({ identity_method: 'device', credential: 'iPhone' });
  });

  it('the card is recorded as the card', async () => {
    const result = await confirm(await presentCard('yamada-taro'), 'pin');
    expect(result.assessment.credential).toBe('card');
    expect((await recorded(result.assessment.referenceNumber))?.credential).toBe('card');
  });

  it('a phone certificate expired 30 days ago is refused at once (E02, no grace), while the holder’s card in its grace still answers', async () => {
    const phone = await confirm(await presentCard('phone-android-expired'), 'pin');
    expect(phone.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E02', ResultList: [] });
    expect(phone.assessment).toMatchObject({ credential: 'androidPhone', certificateStanding: 'expiredBeyondGrace' });
    const card = await confirm(await presentCard('expired-in-grace'), 'pin');
    expect(card.MessageBody).toMatchObject({ ProcessingResultStatus: '1', ProcessingResultCode: 'W02' });
    expect(card.assessment.certificateStanding).toBe('expiredInGrace');
  });

  it('identity method device (Face ID) with a card or an Android phone is refused as the reader’s word (E06)', async () => {
    expect((await confirm(await presentCard('yamada-taro'), 'device')).MessageBody.ProcessingResultCode).toBe('E06');
    expect((await confirm(await presentCard('phone-android-yamada'), 'device')).MessageBody.ProcessingResultCode).toBe('E06');
  });
});
