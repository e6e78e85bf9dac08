import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError, type EligibilityClient } from '../protocol/eligibility/client/EligibilityClient.ts';
import { isEligible, PROCESSING_RESULT_CODES, QualificationValiditySchema, type EligibilityResult } from '../protocol/eligibility/EligibilityResult.ts';
import type { ConsentChoice } from '../protocol/eligibility/ClientMessage.ts';
import { loadSeedPopulation } from './seed/loadSeedPopulation.ts';
import { presentCard, profileForResident } from '../test/harness/presentCard.ts';
import { startTestService, type TestService } from '../test/harness/startTestService.ts';

const ALL_CONSENT: ConsentChoice = { pharmacy: true, diagnosis: true, operation: true, checkups: true, limitApplication: true };
const NO_CONSENT: ConsentChoice = { pharmacy: false, diagnosis: false, operation: false, checkups: false, limitApplication: false };
const population = loadSeedPopulation();

function residentCard(id: string) {
  const resident = population.residents.find((r) => r.id === id);
  if (!resident) throw new Error(`no resident ${id} in the seed`);
  return profileForResident(resident);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isServiceError(error) ? error.code : String(error);
}

let service: TestService;
let kiosk: EligibilityClient;
let otherClinic: EligibilityClient;

async function confirmCard(card: Parameters<typeof presentCard>[0], options: { identityMethod?: 'face' | 'pin' | 'visual' | 'none'; consent?: ConsentChoice; sign?: boolean; client?: EligibilityClient } = {}): Promise<EligibilityResult> {
  const presented = await presentCard(card);
  const client = options.client ?? kiosk;
  return client.confirmWithCard({
    certificate: presented.certificate,
    sign: options.sign === false ? null : (challenge) => presented.sign(challenge),
    attest: service.attest(client === otherClinic ? 1 : 0),
    identityMethod: options.identityMethod ?? 'pin',
    consent: options.consent ?? ALL_CONSENT,
  });
}

beforeAll(async () => {
  service = await startTestService();
  kiosk = service.terminal(0);
  otherClinic = service.terminal(1);
});
afterAll(async () => service.dispose());

describe('confirmation by card (照会区分 1)', () => {
  it('yamada-taro, PIN-verified and consenting, is 有効 with his 協会けんぽ qualification and medical information available', async () => {
    const result = await confirmCard('yamada-taro');
    expect(isEligible(result)).toBe(true);
    expect(result.MessageHeader).toMatchObject({ ReferenceClassification: '1', SegmentOfResult: '1', MedicalInstitutionCode: '1310000001' });
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '1', ProcessingResultCode: null, QualificationValidity: '1' });
    expect(result.MessageBody.ResultList).toHaveLength(1);
    expect(result.MessageBody.ResultList[0]).toMatchObject({
      InsurerNumber: '01130012',
      InsuredCardSymbol: '21200041',
      InsuredIdentificationNumber: '123',
      InsuredBranchNumber: '00',
      PersonalFamilyClassification: '1',
      Name: '山田　太郎',
      NameKana: 'ヤマダ　タロウ',
      Sex1: '1',
      Birthdate: '19800217',
      InsuredPartialContributionRatio: '30',
      PharmacistsInfoConsFlg: '1',
    });
    expect(result.assessment).toMatchObject({ certificateStanding: 'valid', wrongLinkageSuspected: false, medicalInformation: { available: true, blockedBy: [] } });
  });

  it('sato-hanako is a 家族 whose 限度額適用認定証 and 特定疾病 details appear only with the 限度額 consent', async () => {
    const withConsent = await confirmCard('sato-hanako');
    const shown = withConsent.MessageBody.ResultList[0]!;
    expect(shown).toMatchObject({ PersonalFamilyClassification: '2', InsuredName: '佐藤　一郎', LimitApplicationCertificateRelatedConsFlg: '1' });
    expect(shown.LimitApplicationCertificateRelatedInfo).toMatchObject({ LimitApplicationCertificateClassification: '01', LimitApplicationCertificateClassificationFlag: 'A01' });
    expect(shown.SpecificDiseasesCertificateList).toHaveLength(1);

    const without = (await confirmCard('sato-hanako', { consent: { ...ALL_CONSENT, limitApplication: false } })).MessageBody.ResultList[0]!;
    expect(without.LimitApplicationCertificateRelatedConsFlg).toBe('0');
    expect(without.LimitApplicationCertificateRelatedInfo).toBeNull();
    expect(without.SpecificDiseasesCertificateList).toEqual([]);
  });

  it('a certificate expiring within 3 months still confirms, with the renewal notice W01', async () => {
    const result = await confirmCard('expiring-soon');
    expect(isEligible(result)).toBe(true);
    expect(result.MessageBody.ProcessingResultCode).toBe('W01');
    expect(result.assessment.certificateStanding).toBe('expiringSoon');
  });

  it('a certificate expired within the 3-month grace gives the qualification only: W02 and no medical information', async () => {
    const result = await confirmCard('expired-in-grace');
    expect(isEligible(result)).toBe(true);
    expect(result.MessageBody.ProcessingResultCode).toBe('W02');
    expect(result.assessment.medicalInformation).toEqual({ available: false, blockedBy: ['certificateInGrace'] });
    expect(await codeOf(kiosk.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy'))).toBe('MEDICAL_INFORMATION_BLOCKED');
  });

  it('a certificate expired beyond the grace is refused with E02', async () => {
    const result = await confirmCard('expired-beyond-grace');
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E02', QualificationValidity: null, ResultList: [] });
    expect(isEligible(result)).toBe(false);
  });

  it('a revoked certificate is refused with E01 even though the card still signs', async () => {
    const result = await confirmCard('revoked');
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E01' });
    expect(result.assessment.certificateStanding).toBe('revoked');
  });

  it('a signature over something else than the challenge is refused with E04', async () => {
    const card = await presentCard('yamada-taro');
    const challenge = await kiosk.requestChallenge();
    const result = await kiosk.confirmByCard({
      challengeId: challenge.challengeId,
      certificate: card.certificate,
      signature: await card.sign(new TextEncoder().encode('not the challenge')),
      attestation: await service.attestation({ challenge, certificate: card.certificate, identityMethod: 'pin' }),
      identityMethod: 'pin',
      consent: NO_CONSENT,
    });
    expect(result.MessageBody.ProcessingResultCode).toBe('E04');
  });

  it('a confirmation without the card’s signature is refused with E04 on every identity method, face and 目視 included', async () => {
    for (const identityMethod of ['pin', 'none', 'face', 'visual'] as const) {
      expect((await confirmCard('yamada-taro', { sign: false, identityMethod })).MessageBody.ProcessingResultCode).toBe('E04');
    }
  });

  it('a confirmation without a registered reader’s attestation is refused with E06, one attested by another clinic’s reader with E07', async () => {
    const card = await presentCard('yamada-taro');
    const confirm = (attest: Parameters<EligibilityClient['confirmWithCard']>[0]['attest']) => kiosk.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest, identityMethod: 'face', consent: NO_CONSENT });
    expect((await confirm(null)).MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E06', ResultList: [] });
    expect((await confirm(service.attest(1))).MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E07', ResultList: [] });
  });

  it('a certificate not issued by the JPKI CA is refused with E03', async () => {
    const card = await presentCard('yamada-taro');
    const challenge = await kiosk.requestChallenge();
    const forged = Uint8Array.from(card.certificate);
    forged[forged.length - 10]! ^= 0xff; // break the CA's signature over the certificate
    const attestation = await service.attestation({ challenge, certificate: forged, identityMethod: 'pin' });
    const result = await kiosk.confirmByCard({ challengeId: challenge.challengeId, certificate: forged, signature: await card.sign(challenge.challenge), attestation, identityMethod: 'pin', consent: NO_CONSENT });
    expect(result.MessageBody.ProcessingResultCode).toBe('E03');
  });

  it('a challenge answers one confirmation only, and only for the clinic it was issued to', async () => {
    const card = await presentCard('yamada-taro');
    const challenge = await kiosk.requestChallenge();
    const signature = await card.sign(challenge.challenge);
    const attestation = await service.attestation({ challenge, certificate: card.certificate, identityMethod: 'pin' });
    const input = { challengeId: challenge.challengeId, certificate: card.certificate, signature, attestation, identityMethod: 'pin' as const, consent: NO_CONSENT };
    expect(await codeOf(otherClinic.confirmByCard(input))).toBe('CHALLENGE_UNKNOWN');
    expect(isEligible(await kiosk.confirmByCard(input))).toBe(true);
    expect(await codeOf(kiosk.confirmByCard(input))).toBe('CHALLENGE_USED');
  });

  it('a card whose holder lost the qualification with nothing newer registered is 無効 (2), the lost one shown with its 喪失事由', async () => {
    const result = await confirmCard(residentCard('R-yoshida-kenichi'));
    expect(result.MessageBody.QualificationValidity).toBe('2');
    expect(result.MessageBody.ResultList[0]).toMatchObject({ InsuredCardExpirationDate: '20250401', ReasonOfLoss: '03' });
  });

  it('a card linked to no insurer record is 該当資格なし (4): the 資格情報なし case', async () => {
    const result = await confirmCard(residentCard('R-tanaka-yui'));
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '4', ResultList: [] });
  });

  it('無効 (2) and 該当資格なし (4) do not answer medical information available (it used to say true and then read nothing)', async () => {
    for (const resident of ['R-yoshida-kenichi', 'R-tanaka-yui']) {
      const result = await confirmCard(residentCard(resident));
      expect(result.assessment.medicalInformation).toEqual({ available: false, blockedBy: ['noQualificationInForce'] });
      const error = await kiosk.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy').catch((e: unknown) => e);
      expect(isServiceError(error, 'MEDICAL_INFORMATION_BLOCKED') && error.details?.blockedBy).toEqual(['noQualificationInForce']);
    }
  });

  it('a card linked to two records that are both in force is 複数該当 (5) and lists both', async () => {
    const result = await confirmCard(residentCard('R-ito-yoko'));
    expect(result.MessageBody.QualificationValidity).toBe('5');
    expect(result.MessageBody.ResultList.map((r) => r.InsurerNumber).sort()).toEqual(['00270017', '01270016']);
  });

  it('a card not registered for 保険証 use is refused with E05', async () => {
    const result = await confirmCard(residentCard('R-nakamura-kenichi'));
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E05' });
  });
});

describe('the wrong-linkage guard', () => {
  it('flags a card linked to another person’s record (W03) and blocks medical information until an insurer resolves it', async () => {
    const result = await confirmCard(residentCard('R-watanabe-yui'));
    expect(result.MessageBody.ProcessingResultCode).toBe('W03');
    expect(result.assessment.wrongLinkageSuspected).toBe(true);
    expect(result.assessment.medicalInformation.blockedBy).toContain('wrongLinkageSuspected');
    expect(await codeOf(kiosk.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy'))).toBe('MEDICAL_INFORMATION_BLOCKED');

    const operator = service.operator();
    await operator.resolveLinkage('P-watanabe-yoko', 'unlinked');
    const after = await confirmCard(residentCard('R-watanabe-yui'));
    expect(after.assessment.wrongLinkageSuspected).toBe(false);
    expect(after.MessageBody.QualificationValidity).toBe('4');
  });

  it('does not flag records that differ only by tolerated spellings, but names the tolerances', async () => {
    expect((await confirmCard('kuro-maru-name')).assessment).toMatchObject({ wrongLinkageSuspected: false, linkageTolerances: ['kuroMaru'] });
    expect((await confirmCard('itaiji-name')).assessment).toMatchObject({ wrongLinkageSuspected: false, linkageTolerances: ['itaiji'] });
    expect((await confirmCard('expiring-soon')).assessment).toMatchObject({ wrongLinkageSuspected: false, linkageTolerances: ['kanaVariant'] });
  });
});

describe('confirmation by 被保険者番号 (照会区分 2)', () => {
  const search = { LimitApplicationCertificateRelatedConsFlg: '1' as const };

  it('finds a 資格確認書 holder by 保険者番号, 記号, 番号, 枝番 and birth date, echoing the query', async () => {
    const query = { ...search, InsurerNumber: '06131234', InsuredCardSymbol: '12', InsuredIdentificationNumber: '50021', InsuredBranchNumber: '00', Birthdate: '19850228' };
    const result = await kiosk.confirmByInsuranceNumber(query);
    expect(result.MessageHeader.ReferenceClassification).toBe('2');
    expect(result.MessageBody.QualificationValidity).toBe('1');
    expect(result.MessageBody.QualificationConfirmSearchInfo).toEqual(query);
    expect(result.assessment.medicalInformation.blockedBy).toEqual(['notACardConfirmation']);
  });

  it('answers the old numbers of someone who changed jobs with 無効（新しい資格あり） (3), old first, then the new one', async () => {
    const result = await kiosk.confirmByInsuranceNumber({ ...search, InsurerNumber: '01130012', InsuredCardSymbol: '21200102', InsuredIdentificationNumber: '31', Birthdate: '19850228' });
    expect(result.MessageBody.QualificationValidity).toBe('3');
    expect(result.MessageBody.ResultList.map((r) => r.InsurerNumber)).toEqual(['01130012', '06131234']);
  });

  it('answers a qualification lost to 生活保護 with 無効 (2)', async () => {
    const result = await kiosk.confirmByInsuranceNumber({ ...search, InsurerNumber: '270017', InsuredCardSymbol: '北', InsuredIdentificationNumber: '300412', Birthdate: '19580315' });
    expect(result.MessageBody.QualificationValidity).toBe('2');
    expect(result.MessageBody.ResultList[0]?.ReasonOfLoss).toBe('02');
  });

  it('answers numbers without a match, or with the wrong birth date, with 該当資格なし (4)', async () => {
    const wrongBirth = await kiosk.confirmByInsuranceNumber({ ...search, InsurerNumber: '06131234', InsuredIdentificationNumber: '50021', Birthdate: '19850301' });
    expect(wrongBirth.MessageBody.QualificationValidity).toBe('4');
  });

  it('answers twins’ shared 記号・番号 without 枝番 with 複数該当 (5), and with 枝番 with one of them', async () => {
    const twins = { ...search, InsurerNumber: '01130012', InsuredCardSymbol: '21200135', InsuredIdentificationNumber: '72', Birthdate: '20210820' };
    const both = await kiosk.confirmByInsuranceNumber(twins);
    expect(both.MessageBody.QualificationValidity).toBe('5');
    expect(both.MessageBody.ResultList.map((r) => r.Name).sort()).toEqual(['吉田　大', '吉田　翔']);
    const one = await kiosk.confirmByInsuranceNumber({ ...twins, InsuredBranchNumber: '03' });
    expect(one.MessageBody.QualificationValidity).toBe('1');
    expect(one.MessageBody.ResultList[0]).toMatchObject({ Name: '吉田　大', PreschoolClassification: '1', InsuredPartialContributionRatio: '20' });
  });
});

describe('システム障害時モード', () => {
  const deadChipFace = { name: '山﨑　翔太', birthDate: '1953-05-09', sex: 'male' as const, address: '福岡県福岡市博多区博多駅前１丁目１７番８号' };

  it('refuses a lookup until the clinic has asked for the mode, and records the request', async () => {
    const client = service.terminal(1);
    expect(await codeOf(client.lookupDuringOutage(deadChipFace))).toBe('OUTAGE_MODE_NOT_ENABLED');
    const activation = await client.enableOutageMode({ reason: 'cardDefect', contactPerson: '受付 山本' });
    expect(Date.parse(activation.expiresAt)).toBeGreaterThan(Date.parse(activation.enabledAt));
    const entries = await client.listAuditLog();
    expect(entries.some((e) => e.action === 'outage.enable' && e.detail.contactPerson === '受付 山本')).toBe(true);
  });

  it('finds the dead-chip patient by the 4 card-face items through 異体字 and address-notation tolerances, marked for confirmation', async () => {
    await kiosk.enableOutageMode({ reason: 'cardDefect', contactPerson: '受付 山本' });
    const lookup = await kiosk.lookupDuringOutage(deadChipFace);
    expect(lookup.ambiguous).toBe(false);
    expect(lookup.candidates).toHaveLength(1);
    expect(lookup.candidates[0]!.match).toEqual({ tolerances: ['itaiji', 'addressNotation'], confirmWithPatient: true });
    expect(lookup.candidates[0]!.QualificationValidity).toBe('1');
    expect(lookup.candidates[0]!.ResultList[0]?.ElderlyRecipientCertificateInfo?.ElderlyRecipientContributionRatio).toBe('20');
  });

  it('matches a ● in the name only when every other item is exact', async () => {
    const face = { name: '●田　恵美', birthDate: '1975-06-30', sex: 'female' as const, address: '宮城県名取市増田４丁目５番６号' };
    const exact = await kiosk.lookupDuringOutage(face);
    expect(exact.candidates.map((c) => c.match.tolerances)).toEqual([['kuroMaru']]);
    const notation = await kiosk.lookupDuringOutage({ ...face, address: '宮城県名取市増田4-5-6' });
    expect(notation.candidates).toEqual([]);
  });

  it('marks a match that needed the address-notation tolerance, and leaves an exact one unmarked', async () => {
    const lookup = await kiosk.lookupDuringOutage({ name: '山田 太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都千代田区霞が関1-2-2' });
    expect(lookup.candidates[0]!.match).toEqual({ tolerances: ['addressNotation'], confirmWithPatient: true });
    const exact = await kiosk.lookupDuringOutage({ name: '山田　太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都千代田区霞が関１丁目２番２号' });
    expect(exact.candidates[0]!.match).toEqual({ tolerances: [], confirmWithPatient: false });
  });

  it('returns several candidates rather than a guess when two records match', async () => {
    const lookup = await kiosk.lookupDuringOutage({ name: '伊藤　陽子', birthDate: '1969-10-10', sex: 'female', address: '大阪府大阪市北区梅田２丁目４番９号' });
    expect(lookup.ambiguous).toBe(true);
    expect(lookup.candidates).toHaveLength(2);
    expect(lookup.candidates.every((c) => c.match.confirmWithPatient)).toBe(true);
  });

  it('finds nobody when the birth date differs', async () => {
    const lookup = await kiosk.lookupDuringOutage({ ...deadChipFace, birthDate: '1953-05-10' });
    expect(lookup.candidates).toEqual([]);
  });
});

describe('consent and medical information', () => {
  it('shows 薬剤情報 with consent, and refuses 特定健診情報 the patient did not consent to', async () => {
    const result = await confirmCard('yamada-taro', { consent: { ...NO_CONSENT, pharmacy: true } });
    const pharmacy = await kiosk.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy');
    expect(pharmacy.item).toBe('pharmacy');
    expect(pharmacy.records.length).toBe(3);
    const error = await kiosk.readMedicalInformation(result.assessment.referenceNumber, 'checkups').catch((e: unknown) => e);
    expect(isServiceError(error, 'MEDICAL_INFORMATION_BLOCKED') && error.details?.blockedBy).toEqual(['noConsent']);
  });

  it('blocks medical information when the holder’s identity was not checked', async () => {
    const result = await confirmCard('yamada-taro', { identityMethod: 'none' });
    expect(result.assessment.medicalInformation.blockedBy).toEqual(['identityNotVerified']);
  });

  it('a staff 目視 check counts as a verified identity', async () => {
    const result = await confirmCard('face-auth-card', { identityMethod: 'visual' });
    expect(result.assessment.medicalInformation).toEqual({ available: true, blockedBy: [] });
  });

  it('never shows medical information of another clinic’s confirmation', async () => {
    const result = await confirmCard('yamada-taro');
    expect(await codeOf(otherClinic.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy'))).toBe('REFERENCE_UNKNOWN');
  });
});

describe('the access log', () => {
  it('answers “who viewed my data” for one person with each clinic’s views, and a clinic sees only its own rows', async () => {
    const mine = await confirmCard('sato-hanako', { client: otherClinic });
    await otherClinic.readMedicalInformation(mine.assessment.referenceNumber, 'pharmacy');
    const operator = service.operator();
    const views = await operator.whoViewed('P-sato-hanako');
    expect(views.some((v) => v.medicalInstitutionCode === '2710000002' && v.action === 'medical.read' && v.item === 'pharmacy')).toBe(true);
    expect(views.some((v) => v.medicalInstitutionCode === '1310000001' && v.action === 'card.confirm')).toBe(true);
    const kioskRows = await kiosk.listAuditLog({ limit: 500 });
    expect(kioskRows.length).toBeGreaterThan(0);
    expect(kioskRows.every((r) => r.medicalInstitutionCode === '1310000001')).toBe(true);
    expect((await operator.verifyAudit()).ok).toBe(true);
  });
});

describe('the seed data', () => {
  it('made every QualificationValidity and every ProcessingResultCode appear in the confirmations above', async () => {
    const results = (await service.db.all<{ result: string }>("SELECT result FROM confirmations WHERE classification IN ('1', '2')")).map((r) => JSON.parse(r.result) as EligibilityResult);
    const validities = new Set(results.map((r) => r.MessageBody.QualificationValidity).filter((v) => v !== null));
    const codes = new Set(results.flatMap((r) => [r.MessageBody.ProcessingResultCode, ...r.assessment.notices]).filter((c) => c !== null));
    expect([...validities].sort()).toEqual(QualificationValiditySchema.options);
    expect([...codes].sort()).toEqual(Object.keys(PROCESSING_RESULT_CODES).sort());
  });
});

describe('consent validity', () => {
  it('lets a clinic read consented medical information for 24 hours, then answers consentExpired until a new confirmation', async () => {
    let now = Date.now();
    const clocked = await startTestService({ now: () => new Date(now) });
    try {
      const client = clocked.terminal(0);
      const card = await presentCard('yamada-taro');
      const result = await client.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest: clocked.attest(0, { signedAt: new Date(now).toISOString() }), identityMethod: 'face', consent: { ...NO_CONSENT, checkups: true } });
      const consentTime = result.MessageBody.ResultList[0]!.SpecificHealthCheckupsInfoConsTime!;
      expect(result.MessageBody.ResultList[0]!.SpecificHealthCheckupsInfoAvailableTime).not.toBe(consentTime);
      now += 23 * 3_600_000;
      expect((await client.readMedicalInformation(result.assessment.referenceNumber, 'checkups')).records).toHaveLength(2);
      now += 2 * 3_600_000;
      const error = await client.readMedicalInformation(result.assessment.referenceNumber, 'checkups').catch((e: unknown) => e);
      expect(isServiceError(error, 'MEDICAL_INFORMATION_BLOCKED') && error.details?.blockedBy).toEqual(['consentExpired']);
      const renewed = await client.confirmWithCard({ certificate: card.certificate, sign: (c) => card.sign(c), attest: clocked.attest(0, { signedAt: new Date(now).toISOString() }), identityMethod: 'face', consent: { ...NO_CONSENT, checkups: true } });
      expect((await client.readMedicalInformation(renewed.assessment.referenceNumber, 'checkups')).records).toHaveLength(2);
    } finally {
      await clocked.dispose();
    }
  });
});
