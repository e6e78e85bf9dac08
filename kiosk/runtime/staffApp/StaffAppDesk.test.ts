import { afterEach, describe, expect, it } from 'vitest';
import { pinFoundAt } from '../../../test/harness/pinFoundAt.ts';
import { startKioskHarness, type KioskHarness } from '../../../test/harness/kioskHarness.ts';
import { startTestService, type TestService } from '../../../test/harness/startTestService.ts';
import type { StaffAppDesk } from './StaffAppDesk.ts';

let h: KioskHarness | undefined;
let service: TestService | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await service?.dispose();
  service = undefined;
});

const stepOf = (app: StaffAppDesk) => app.view().step;

async function enrolled(): Promise<{ h: KioskHarness; app: StaffAppDesk }> {
  h = await startKioskHarness();
  const app = h.runtime.staffApp!;
  await app.execute({ type: 'enrol', code: app.issueCode().code });
  return { h, app };
}

describe('the マイナ資格確認アプリ on the real runtime and service', () => {
  it('unenrolled, it offers only enrolment: a card on its reader is not read and every other command is NOT_ENROLLED', async () => {
    h = await startKioskHarness();
    const app = h.runtime.staffApp!;
    expect(app.view()).toMatchObject({ enrolled: false, step: 'notEnrolled' });
    await h.devices.placeStaffAppCard('yamada-taro');
    await new Promise((r) => setTimeout(r, 100));
    expect(stepOf(app)).toBe('notEnrolled');
    await expect(app.execute({ type: 'identity.pin' })).rejects.toMatchObject({ code: 'NOT_ENROLLED', message: expect.stringContaining('利用登録されていません') });
    // Enrolled, the card already lying there is read at once.
    await app.execute({ type: 'enrol', code: app.issueCode().code });
    await expect.poll(() => stepOf(app)).toBe('choosingIdentity');
  });

  it('a wrong PIN costs a try and says how many are left; a command out of step is WRONG_STEP; a card taken away closes the visit as removed', async () => {
    const { app } = await enrolled();
    await h!.devices.placeStaffAppCard('yamada-taro');
    await expect.poll(() => stepOf(app)).toBe('choosingIdentity');
    await expect(app.execute({ type: 'pin', pin: '1234' })).rejects.toMatchObject({ code: 'WRONG_STEP' });
    await app.execute({ type: 'identity.pin' });
    await expect(app.execute({ type: 'pin', pin: '9999' })).rejects.toMatchObject({ code: 'PIN_WRONG', message: expect.stringContaining('あと2回') });
    expect(app.view()).toMatchObject({ step: 'enteringPin', pinTriesLeft: 2, problem: { code: 'PIN_WRONG' } });
    h!.devices.removeStaffAppCard();
    await expect.poll(() => stepOf(app)).toBe('waitingForCard');
    expect(app.view().problem).toMatchObject({ code: 'CARD_REMOVED', message: expect.stringContaining('カードが外されました') });
    expect(h!.runtime.visits.list()[0]).toMatchObject({ channel: 'staffApp', outcome: 'cardRemoved', eligibility: null });
    // The face reader's statechart never moved.
    expect(h!.runtime.view().patient.step).toBe('standby');
    expect(pinFoundAt(h!.logs.join('\n'), '9999')).toBe(-1);
  });

  it('a PIN check-in through the app answers 有効 and is recorded as a staff-app visit while the face reader stays in standby', async () => {
    const { app } = await enrolled();
    await h!.devices.placeStaffAppCard('yamada-taro');
    await expect.poll(() => stepOf(app)).toBe('choosingIdentity');
    await app.execute({ type: 'identity.pin' });
    await app.execute({ type: 'pin', pin: '1234' });
    await app.execute({ type: 'consent', agree: false });
    expect(app.view()).toMatchObject({ step: 'showingResult', result: { kind: 'eligible', identityMethod: 'pin', summary: { detail: { birthDate: '1980-02-17' } } } });
    expect(h!.runtime.visits.list()[0]).toMatchObject({ channel: 'staffApp', identityMethod: 'pin', outcome: 'completed', claimRoute: 'current', consents: { pharmacy: false } });
    expect(h!.runtime.view().patient.step).toBe('standby');
    expect(pinFoundAt(h!.logs.join('\n'), '1234')).toBe(-1);
  });

  it('目視 with card-face fields the card refuses is CARD_FACE_REFUSED, and no photo is shown', async () => {
    const { app } = await enrolled();
    await h!.devices.placeStaffAppCard('sato-hanako');
    await expect.poll(() => stepOf(app)).toBe('choosingIdentity');
    expect(app.view().visualPossible).toBe(true);
    await expect(app.execute({ type: 'identity.visual', fields: { birthDate: '1992-11-03', cardExpiry: '2034-11-03', securityCode: '0000' } })).rejects.toMatchObject({ code: 'CARD_FACE_REFUSED' });
    expect(app.view()).toMatchObject({ step: 'choosingIdentity', photo: null });
  });

  it('the enrolment survives a restart of the kiosk (same data directory)', async () => {
    service = await startTestService();
    h = await startKioskHarness({ service });
    const app = h.runtime.staffApp!;
    await app.execute({ type: 'enrol', code: app.issueCode().code });
    const { dbFile } = h;
    await h.close();
    h = await startKioskHarness({ service, dbFile });
    expect(h.runtime.staffApp!.view()).toMatchObject({ enrolled: true, step: 'waitingForCard' });
  });
});
