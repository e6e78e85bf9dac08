import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { presentCard } from '../../test/harness/presentCard.ts';
import { startTestService, type TestService } from '../../test/harness/startTestService.ts';
import { loadSeedPopulation } from '../seed/loadSeedPopulation.ts';

const ALL_CONSENT = { pharmacy: true, diagnosis: true, operation: true, checkups: true, limitApplication: true };

/** yamada-taro's insurer record, flagged by the 2024-05 registration check. */
function populationWithFlag() {
  const population = loadSeedPopulation();
  const person = population.people.find((p) => p.linkedResident === 'R-yamada-taro')!;
  person.identityCheck = 'mismatch';
  return { population, personId: person.id };
}

let service: TestService;
const { population, personId } = populationWithFlag();
beforeAll(async () => {
  service = await startTestService({ seed: population });
});
afterAll(async () => service.dispose());

describe('the 本人確認判定フラグ, as the service honours it', () => {
  it('a flagged record still shows its qualification, but medical information is blocked until the insurer corrects the record', async () => {
    const kiosk = service.terminal(0);
    const presented = await presentCard('yamada-taro');
    const result = await kiosk.confirmWithCard({ certificate: presented.certificate, sign: (c) => presented.sign(c), attest: service.attest(0), identityMethod: 'pin', consent: ALL_CONSENT });
    expect(result.MessageBody.QualificationValidity).toBe('1');
    expect(result.assessment.wrongLinkageSuspected).toBe(false);
    expect(result.assessment.medicalInformation).toEqual({ available: false, blockedBy: ['identityCheckMismatch'] });
    const error = await kiosk.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy').then(() => null, (e: unknown) => e);
    expect(isServiceError(error, 'MEDICAL_INFORMATION_BLOCKED') && error.details?.blockedBy).toEqual(['identityCheckMismatch']);

    // The insurer corrects the record: the same confirmation's medical information opens, as the flag stands now.
    await service.db.run("UPDATE people SET identity_check = 'corrected' WHERE id = ?", [personId]);
    const shown = await kiosk.readMedicalInformation(result.assessment.referenceNumber, 'pharmacy');
    expect(shown.item).toBe('pharmacy');
  });
});
