import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SettledCheckIn } from '../../kiosk/protocol/SettledCheckIn.ts';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { launchChromium, startBrowserKiosk, type BrowserKiosk } from './browserKiosk.ts';

/**
 * The reader's newer screens (issue 15), in Chromium: where the clinic issues 電子処方箋 the reader asks
 * 処方箋の発行形態 after consent, the answer goes in the confirmation, and both screens show it.
 */
const ja = PATIENT_TEXT.ja;
let browser: Browser;
let k: BrowserKiosk | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await k?.close();
  k = undefined;
});

async function faceCheckInToConsent(kiosk: BrowserKiosk): Promise<void> {
  kiosk.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
  await kiosk.devices.placeCard('yamada-taro');
  await kiosk.waitForStep('choosingMethod');
  await kiosk.patient.getByRole('button', { name: ja.face }).click();
  await kiosk.waitForStep('askingConsent.medical');
  await kiosk.patient.getByRole('button', { name: ja.agreeAll }).click();
  await kiosk.waitForStep('askingConsent.checkups');
  await kiosk.patient.getByRole('button', { name: ja.agree, exact: true }).click();
}

describe('the reader’s newer screens, in Chromium', () => {
  it('a clinic issuing 電子処方箋: 処方箋の発行形態 is asked after consent, 電子処方箋 goes as prescriptionIssueSelect 1, both screens show it', async () => {
    k = await startBrowserKiosk(browser, 'prescription', { clinic: { issuesElectronicPrescriptions: true } });
    const settled: SettledCheckIn[] = [];
    k.runtime.onCheckIn((c) => settled.push(c));
    await faceCheckInToConsent(k);
    await k.waitForStep('choosingPrescription');
    const asked = await k.patient.locator('.kiosk-main').innerText();
    expect(asked).toContain('処方箋の発行形態を選択してください');
    await k.shot(k.patient, 'choice');
    await k.patient.getByRole('button', { name: ja.prescriptionElectronic }).click();
    await k.waitForStep('showingResult');
    const result = k.patient.locator('.result [data-prescription]');
    await expect.poll(() => result.getAttribute('data-prescription')).toBe('electronic');
    expect(await result.innerText()).toBe('電子処方箋');
    await expect.poll(() => k!.staff.locator('[data-prescription]').first().innerText()).toBe('電子処方箋');
    await k.shot(k.patient, 'result');
    await k.patient.getByRole('button', { name: ja.ok }).click();
    await expect.poll(() => settled.length).toBe(1);
    const answer = settled[0]!.answer;
    expect(answer.kind).toBe('card.confirm');
    const list = answer.kind === 'card.confirm' ? (answer.result.MessageBody.ResultList ?? []) : [];
    expect(list.length).toBeGreaterThan(0);
    expect(list.map((r) => r.PrescriptionIssueSelect)).toEqual(list.map(() => '1'));
  });

  it('a clinic asking the PMH question: 「医療費助成の各種受給者証を利用しますか」, はい goes as medicalSubsidy use, staff see the 受給者証 of the result', async () => {
    k = await startBrowserKiosk(browser, 'pmh', { clinic: { asksMedicalSubsidy: true } });
    const settled: SettledCheckIn[] = [];
    k.runtime.onCheckIn((c) => settled.push(c));
    await faceCheckInToConsent(k);
    await k.waitForStep('askingMedicalSubsidy');
    expect(await k.patient.locator('.kiosk-main').innerText()).toContain('医療費助成の各種受給者証を利用しますか');
    await k.shot(k.patient, 'question');
    await k.patient.getByRole('button', { name: ja.subsidyYes, exact: true }).click();
    await k.waitForStep('showingResult');
    const field = k.staff.locator('[data-field="medicalSubsidy"]');
    await expect.poll(() => field.getAttribute('data-subsidy')).toBe('use');
    const staffSees = await field.innerText();
    // yamada-taro's synthetic 受給者証 (server/seed/population.json).
    expect(staffSees).toContain('特定医療費（指定難病）受給者証');
    expect(staffSees).toContain('54136015');
    expect(staffSees).toContain('1234567');
    expect(staffSees).toContain('10,000円/月');
    await k.shot(k.staff, 'staff');
    // The patient panel shows no 受給者証 data.
    expect(await k.patient.locator('.kiosk-main').innerText()).not.toContain('54136015');
    await k.patient.getByRole('button', { name: ja.ok }).click();
    await expect.poll(() => settled.length).toBe(1);
    const answer = settled[0]!.answer;
    expect(answer.kind === 'card.confirm' ? answer.result.MessageBody.MedicalSubsidy?.Answer : null).toBe('1');
  });

  it('both configured, いいえ to PMH: 処方箋 first, then the PMH question; 紙 and decline reach the result', async () => {
    k = await startBrowserKiosk(browser, 'pmh-decline', { clinic: { issuesElectronicPrescriptions: true, asksMedicalSubsidy: true } });
    await faceCheckInToConsent(k);
    await k.waitForStep('choosingPrescription');
    await k.patient.getByRole('button', { name: ja.prescriptionPaper }).click();
    await k.waitForStep('askingMedicalSubsidy');
    await k.patient.getByRole('button', { name: ja.subsidyNo, exact: true }).click();
    await k.waitForStep('showingResult');
    await expect.poll(() => k!.patient.locator('.result [data-prescription]').getAttribute('data-prescription')).toBe('paper');
    const field = k.staff.locator('[data-field="medicalSubsidy"]');
    await expect.poll(() => field.getAttribute('data-subsidy')).toBe('decline');
    expect(await field.innerText()).not.toContain('54136015');
  });

  it('E05 (利用登録なし): 「この場で利用登録する」 sends the confirmation again with registerInsuranceUse, the visit completes 有効, and the next visit is 有効 at once', async () => {
    k = await startBrowserKiosk(browser, 'registration');
    const settled: SettledCheckIn[] = [];
    k.runtime.onCheckIn((c) => settled.push(c));
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('not-registered');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: ja.face }).click();
    await k.waitForStep('askingConsent.medical');
    await k.patient.getByRole('button', { name: ja.agreeAll }).click();
    await k.waitForStep('askingConsent.checkups');
    await k.patient.getByRole('button', { name: ja.agree, exact: true }).click();
    await k.waitForStep('offeringRegistration');
    expect(await k.patient.locator('.kiosk-main').innerText()).toContain('利用登録がされていません');
    await k.shot(k.patient, 'offer');
    await k.patient.getByRole('button', { name: ja.registrationAccept }).click();
    await k.waitForStep('showingResult');
    await k.shot(k.patient, 'result');
    await k.patient.getByRole('button', { name: ja.ok }).click();
    await expect.poll(() => settled.length).toBe(1);
    const first = settled[0]!.answer;
    expect(first.kind === 'card.confirm' ? [first.result.MessageBody.QualificationValidity, first.result.assessment.insuranceUseRegisteredNow] : null).toEqual(['1', true]);
    await k.devices.removeCard();
    await k.waitForStep('standby');
    // The next visit of the same card: 有効 without the offer.
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('not-registered');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: ja.face }).click();
    await k.waitForStep('askingConsent.medical');
    await k.patient.getByRole('button', { name: ja.agreeAll }).click();
    await k.waitForStep('askingConsent.checkups');
    await k.patient.getByRole('button', { name: ja.agree, exact: true }).click();
    await k.waitForStep('showingResult');
  });

  it('E05, 「登録しない」: the case-2 procedure, its cause 利用登録なし', async () => {
    k = await startBrowserKiosk(browser, 'registration-declined');
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('not-registered');
    await k.waitForStep('choosingMethod');
    await k.patient.getByRole('button', { name: ja.face }).click();
    await k.waitForStep('askingConsent.medical');
    await k.patient.getByRole('button', { name: ja.agreeAll }).click();
    await k.waitForStep('askingConsent.checkups');
    await k.patient.getByRole('button', { name: ja.agree, exact: true }).click();
    await k.waitForStep('offeringRegistration');
    await k.patient.getByRole('button', { name: ja.registrationDecline }).click();
    await k.waitForStep('outage.guidance');
    await expect.poll(() => k!.staff.locator('[aria-label="障害時の対応"]').getAttribute('data-outage-cause')).toBe('notRegistered');
  });

  it('a clinic that does not issue 電子処方箋 (the default): no 処方箋 question, the result says nothing of it', async () => {
    k = await startBrowserKiosk(browser, 'no-prescription');
    await faceCheckInToConsent(k);
    await k.waitForStep('showingResult');
    expect(await k.patient.locator('.result [data-prescription]').count()).toBe(0);
    expect(await k.patient.locator('.kiosk-main').innerText()).not.toContain('処方箋');
    expect(await k.staff.locator('[data-field="medicalSubsidy"]').count()).toBe(0);
  });
});
