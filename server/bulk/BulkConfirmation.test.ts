import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError, type EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import { startTestService, type TestService } from '../../test/harness/startTestService.ts';

let service: TestService;
let clinic: EligibilityClient;
let otherClinic: EligibilityClient;

const ito = (branch: string | null, birthdate = '19850228'): QualificationConfirmSearchInfo => ({
  InsurerNumber: '01130012',
  InsuredCardSymbol: '21200102',
  InsuredIdentificationNumber: '31',
  InsuredBranchNumber: branch,
  Birthdate: birthdate,
  LimitApplicationCertificateRelatedConsFlg: '0',
});
const today = formatOqsDate(new Date());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return isServiceError(error) ? error.code : String(error);
}

beforeAll(async () => {
  service = await startTestService({ bulkProcessingMs: 300 });
  clinic = service.terminal(0);
  otherClinic = service.terminal(1);
});
afterAll(async () => service.dispose());

describe('一括照会 (insurance.bulkSubmit, insurance.bulkResult)', () => {
  it('answers processing until the delay has passed, then every unit in order, page by page', async () => {
    const first = await clinic.submitBulkPart({ receptionNumber: null, qualificationConfirmationDate: today, searches: [ito('00'), ito('00', '19990101')], last: false });
    expect(first).toMatchObject({ units: 2, sealed: false });
    expect(first.receptionNumber).toMatch(/^QB\d{16}$/);
    expect((await clinic.bulkResult(first.receptionNumber)).status).toBe('open');
    const second = await clinic.submitBulkPart({ receptionNumber: first.receptionNumber, qualificationConfirmationDate: today, searches: [ito('00')], last: true });
    expect(second).toMatchObject({ receptionNumber: first.receptionNumber, units: 3, sealed: true });
    expect(await clinic.bulkResult(first.receptionNumber)).toMatchObject({ status: 'processing', units: [], total: 3, normal: null });
    await new Promise((r) => setTimeout(r, 350));
    const page1 = await clinic.bulkResult(first.receptionNumber, { limit: 2 });
    expect(page1).toMatchObject({ status: 'complete', total: 3, normal: 3, errors: 0, nextOffset: 2 });
    expect(page1.units.map((u) => u.QualificationValidity)).toEqual(['3', '4']);
    expect(page1.units[0]!.ResultOfQualificationConfirmation.map((r) => r.InsurerNumber)).toEqual(['01130012', '06131234']);
    const page2 = await clinic.bulkResult(first.receptionNumber, { offset: 2, limit: 2 });
    expect(page2).toMatchObject({ nextOffset: null });
    expect(page2.units).toHaveLength(1);
  });

  it('answers for the day asked about: the old numbers were still 有効 before they were lost', async () => {
    const r = await clinic.submitBulkPart({ receptionNumber: null, qualificationConfirmationDate: '20250901', searches: [ito('00')], last: true });
    await new Promise((r) => setTimeout(r, 350));
    expect((await clinic.bulkResult(r.receptionNumber)).units[0]!.QualificationValidity).toBe('1');
  });

  it('refuses another clinic\'s 受付番号, a part after the last, and a date that does not exist', async () => {
    const r = await clinic.submitBulkPart({ receptionNumber: null, qualificationConfirmationDate: today, searches: [ito('00')], last: true });
    expect(await codeOf(otherClinic.bulkResult(r.receptionNumber))).toBe('RECEPTION_UNKNOWN');
    expect(await codeOf(clinic.submitBulkPart({ receptionNumber: r.receptionNumber, qualificationConfirmationDate: today, searches: [ito('00')], last: true }))).toBe('RECEPTION_SEALED');
    expect(await codeOf(clinic.submitBulkPart({ receptionNumber: null, qualificationConfirmationDate: '20260231', searches: [ito('00')], last: true }))).toBe('INVALID_MESSAGE');
    expect(await codeOf(clinic.bulkResult('QB00000000000000000'))).toBe('INVALID_MESSAGE');
  });

  it('a resent part with the same idempotency key is the same part: no second reception', async () => {
    const part = { receptionNumber: null, qualificationConfirmationDate: today, searches: [ito('00')], last: true };
    const a = await clinic.submitBulkPart(part, { idempotencyKey: 'bulk-part-retry-0001' });
    const b = await clinic.submitBulkPart(part, { idempotencyKey: 'bulk-part-retry-0001' });
    expect(b.receptionNumber).toBe(a.receptionNumber);
  });
});

describe('一括照会 receptions are kept a week', () => {
  it('a reception older than 7 days is gone after a restart; a younger one stays', async () => {
    const old = await clinic.submitBulkPart({ receptionNumber: null, qualificationConfirmationDate: today, searches: [ito('00')], last: true });
    await service.db.run('UPDATE bulk_receptions SET received_at = ? WHERE reception_number = ?', [new Date(Date.now() - 8 * 86_400_000).toISOString(), old.receptionNumber]);
    const young = await clinic.submitBulkPart({ receptionNumber: null, qualificationConfirmationDate: today, searches: [ito('00')], last: true });
    await service.restart();
    expect(await codeOf(clinic.bulkResult(old.receptionNumber))).toBe('RECEPTION_UNKNOWN');
    expect((await clinic.bulkResult(young.receptionNumber)).total).toBe(1);
  });
});

describe('照会番号 (reference.register)', () => {
  it('a registered number rides on every later result for that person at this clinic, and only there', async () => {
    const registration = { ReferenceNumber: 'KARTE-000123', InsurerNumber: '06131234', InsuredCardSymbol: '12', InsuredIdentificationNumber: '50021', InsuredBranchNumber: '00' };
    const registered = await clinic.registerReferenceNumber(registration);
    expect(registered).toMatchObject({ ProcessingResultStatus: '1', ProcessingResultCode: null });
    const search = { ...ito('00'), InsurerNumber: '06131234', InsuredCardSymbol: '12', InsuredIdentificationNumber: '50021' };
    const result = await clinic.confirmByInsuranceNumber(search);
    expect(result.MessageBody.ResultList.map((r) => r.ReferenceNumber)).toEqual(['KARTE-000123']);
    // The same person under his old numbers carries it too: the number is tied to the person, not the card.
    expect((await clinic.confirmByInsuranceNumber(ito('00'))).MessageBody.ResultList.map((r) => r.ReferenceNumber)).toEqual(['KARTE-000123', 'KARTE-000123']);
    expect((await otherClinic.confirmByInsuranceNumber(search)).MessageBody.ResultList[0]!.ReferenceNumber).toBeNull();
  });

  it('numbers that name nobody, or twins without their 枝番, are refused as a result (R01, R02)', async () => {
    expect(await clinic.registerReferenceNumber({ ReferenceNumber: 'X1', InsurerNumber: '01130012', InsuredIdentificationNumber: '999999' })).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'R01' });
    expect(await clinic.registerReferenceNumber({ ReferenceNumber: 'X2', InsurerNumber: '01130012', InsuredCardSymbol: '21200135', InsuredIdentificationNumber: '72' })).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'R02' });
  });
});
