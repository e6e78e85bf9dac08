import { afterEach, describe, expect, it } from 'vitest';
import { classifyLinkage } from '../../linkage/check/classifyLinkage.ts';
import { seedDatabase } from '../../server/seed/seedDatabase.ts';
import { startKioskHarness, type KioskHarness } from '../harness/kioskHarness.ts';
import { LOOK_ALIKE, VICTIM, wrongLinkageScenario } from '../harness/linkageKioskFixture.ts';
import { startTestService } from '../harness/startTestService.ts';

let k: KioskHarness | undefined;
afterEach(async () => {
  await k?.close();
  await k?.service.dispose();
  k = undefined;
});

async function checkIn(h: KioskHarness, cardFile: string) {
  h.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
  await h.devices.placeCard(cardFile);
  await h.waitForStep('choosingMethod');
  h.runtime.send({ type: 'method.face' });
  await h.waitForStep('askingConsent');
  h.runtime.send({ type: 'consent.skipAll' });
}

describe('the pipeline’s wrong linkage at the kiosk', () => {
  it('with the 3-item shortcut on, the look-alike’s record carries the victim’s number; the 総点検 calls it another person', () => {
    const { wrong } = wrongLinkageScenario();
    expect(wrong).toMatchObject({ myNumber: VICTIM.myNumber, name: LOOK_ALIKE.name, identityCheck: 'notChecked' });
    expect(classifyLinkage(wrong, VICTIM, true)).toMatchObject({ class: 'otherPerson', reasons: ['oneNameAndAddress'] });
  });

  it('the victim’s check-in is stopped by the wrong-linkage guard (W03) and goes to staff; after the insurer’s correction her next check-in passes', async () => {
    const scenario = wrongLinkageScenario();
    const service = await startTestService({ seed: scenario.population });
    k = await startKioskHarness({ service });
    await checkIn(k, scenario.cardFile);
    const review = await k.waitForStep('staffReview');
    expect(review.staff.visit?.eligibility?.kind).toBe('wrongLinkage');
    const visitId = review.visitId!;
    k.runtime.send({ type: 'cancel' });
    await k.waitForStep('finishing');
    k.devices.removeCard();
    await k.waitForStep('standby');
    expect(k.runtime.visits.get(visitId)?.eligibility?.kind).toBe('wrongLinkage');

    await seedDatabase(service.db, scenario.correct());
    await checkIn(k, scenario.cardFile);
    const shown = await k.waitForStep('showingResult');
    expect(shown.patient.result).toMatchObject({ insurerName: '全国健康保険協会 東京支部', copayPercent: 30 });
  });
});
