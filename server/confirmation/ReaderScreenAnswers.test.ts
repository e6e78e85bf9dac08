import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardConfirmation, EligibilityClient, EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { ConsentChoice } from '../../protocol/eligibility/ClientMessage.ts';
import { presentCard, profileForResident } from '../../test/harness/presentCard.ts';
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

type Answers = Pick<CardConfirmation, 'prescriptionIssueSelect' | 'medicalSubsidy' | 'registerInsuranceUse'>;
async function confirm(profile: string, answers: Answers = {}): Promise<EligibilityResult> {
  const card = await presentCard(profile);
  return kiosk.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest: service.attest(), identityMethod: 'pin', consent: CONSENT, ...answers });
}

describe('what the reader’s newer screens put in the result', () => {
  it('処方箋発行形態: the patient’s choice on the reader is in every entry of the ResultList; not asked, the record’s value (1) stays', async () => {
    const paper = await confirm('yamada-taro', { prescriptionIssueSelect: '2' });
    expect(paper.MessageBody.ResultList.map((e) => e.PrescriptionIssueSelect)).toEqual(['2']);
    const electronic = await confirm('yamada-taro', { prescriptionIssueSelect: '1' });
    expect(electronic.MessageBody.ResultList.map((e) => e.PrescriptionIssueSelect)).toEqual(['1']);
    const notAsked = await confirm('yamada-taro');
    expect(notAsked.MessageBody.ResultList[0]?.PrescriptionIssueSelect).toBe('1');
  });

  it('PMH 「利用する」: the 受給者証 in force that day (an expired one left out); 「利用しない」: the answer and no data; not asked: nothing', async () => {
    const used = await confirm('sato-hanako', { medicalSubsidy: 'use' });
    expect(used.MessageBody.MedicalSubsidy).toEqual({
      Answer: '1',
      CertificateList: [{ PublicExpenseBurdenNumber: '81270100', RecipientNumber: '7654321', CertificateName: 'ひとり親家庭医療費受給資格証', ValidFrom: '20260401', ValidTo: null, MaxCopaymentAmount: null }],
    });
    expect((await confirm('sato-hanako', { medicalSubsidy: 'decline' })).MessageBody.MedicalSubsidy).toEqual({ Answer: '0', CertificateList: [] });
    expect((await confirm('sato-hanako')).MessageBody.MedicalSubsidy).toBeUndefined();
    // A patient with no 受給者証 in PMH who answers 利用する gets an empty list, not an error.
    expect((await confirm('expiring-soon', { medicalSubsidy: 'use' })).MessageBody.MedicalSubsidy).toEqual({ Answer: '1', CertificateList: [] });
  });

  it('利用登録 on the spot: E05, then 「登録する」 registers the card holder (recorded, audited) and answers 有効, and so does the next query', async () => {
    const first = await confirm('not-registered');
    expect(first.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E05' });
    const registering = await confirm('not-registered', { registerInsuranceUse: true });
    expect(registering.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
    expect(registering.assessment.insuranceUseRegisteredNow).toBe(true);
    const next = await confirm('not-registered');
    expect(next.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
    expect(next.assessment.insuranceUseRegisteredNow).toBeUndefined();
    const stored = await service.db.all('SELECT resident_id, clinic_code, certificate_serial, credential FROM insurance_use_registrations');
    expect(stored).toEqual([{ resident_id: 'R-nakamura-kenichi', clinic_code: service.clinic(0).code, certificate_serial: 'A100000000000005', credential: 'card' }]);
    const rows = await service.db.read((sql) => new AuditLog(sql).listForClinic(service.clinic(0).code, 20));
    expect(rows.filter((r) => r.action === 'insurance.registerUse').map((r) => r.result)).toEqual(['registered']);
  });

  it('a certificate J-LIS links to no card holder cannot be registered: still E05, nothing recorded', async () => {
    const stranger = profileForResident({ id: 'R-none', profile: null, certificateSerial: 'EEEE000000000001', name: '無名　太郎', nameKana: 'ムメイ　タロウ', birthDate: '1990-01-01', sex: 'male', address: '東京都', insuranceUseRegistered: false, phoneCertificates: [] });
    const card = await presentCard(stranger);
    const answer = await kiosk.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest: service.attest(), identityMethod: 'pin', consent: CONSENT, registerInsuranceUse: true });
    expect(answer.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E05' });
    expect(await service.db.get("SELECT count(*) AS n FROM insurance_use_registrations WHERE certificate_serial = 'EEEE000000000001'")).toEqual({ n: 0 });
  });
});
