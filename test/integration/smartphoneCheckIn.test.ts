import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { createSmartphoneMachine } from '../../kiosk/machine/smartphone/createSmartphoneMachine.ts';
import type { SmartphoneCheckInOutput } from '../../kiosk/machine/smartphone/SmartphoneCheckIn.ts';
import { confirmWithPhone, createPhoneActors } from '../../kiosk/runtime/createPhoneActors.ts';
import { PhoneSessionSlot } from '../../kiosk/runtime/PhoneSession.ts';
import { PinPad } from '../../kiosk/runtime/PinPad.ts';
import { ReaderRegistration } from '../../kiosk/runtime/ReaderRegistration.ts';
import type { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { SIM_PHONE_READER_NAME, SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import { startKioskHarness } from '../harness/kioskHarness.ts';
import { startTestService, type TestService } from '../harness/startTestService.ts';

let service: TestService;
let client: EligibilityClient;
beforeAll(async () => {
  service = await startTestService();
  client = service.terminal(0);
});
afterAll(async () => service.dispose());

/** The smartphone branch on the simulated kiosk's smartphone reader, with the runtime's own actors, against the real service. */
function phoneKiosk() {
  const devices = new SimKioskDevices();
  const pinPad = new PinPad();
  const phone = new PhoneSessionSlot();
  const registration = new ReaderRegistration(client, devices.readerIdentity, () => undefined);
  const deps = { devices, client, pinPad, now: () => new Date(), phone, registration };
  const actor = createActor(createSmartphoneMachine().provide({ actors: createPhoneActors(deps) })).start();
  const at = (step: string) => waitFor(actor, (s) => s.status === 'done' || s.value === step, { timeout: 5_000 });
  return { devices, pinPad, phone, actor, at, deps, output: () => actor.getSnapshot().output as SmartphoneCheckInOutput | undefined };
}

describe('a smartphone check-in on the simulated kiosk, through the runtime’s actors, against the real service', () => {
  it('Android: the PIN on the reader, the tap, then the confirmation answers 有効 and says the phone carried it', async () => {
    const k = phoneKiosk();
    k.actor.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
    await k.at('enteringPin');
    expect(k.pinPad.enter('2580')).toBe(true);
    await k.at('waitingForPhone');
    await k.devices.phones.place('phone-android-yamada');
    k.actor.send({ type: 'phone.presented' });
    await k.at('identified');
    expect(k.output()).toEqual({ outcome: 'identified', kind: 'androidPhone', identityMethod: 'pin' });
    // The PIN is gone once the phone answered; the signature waits for the consent.
    expect(k.phone.pin).toBeUndefined();
    const result = await confirmWithPhone(k.deps, k.phone.current()!, { consents: { pharmacy: true }, prescriptionIssueSelect: '1' });
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
    expect(result.MessageBody.ResultList[0]).toMatchObject({ Name: '山田　太郎', PrescriptionIssueSelect: '1' });
    expect(result.assessment).toMatchObject({ credential: 'androidPhone', medicalInformation: { available: true } });
    await k.devices.close();
  });

  it('iPhone: a tap before Face ID is refused by the phone; after Face ID on the phone it signs and the service answers 有効', async () => {
    const k = phoneKiosk();
    k.actor.send({ type: 'phone.kindChosen', kind: 'iPhone' });
    await k.devices.phones.place('phone-iphone-sato');
    k.actor.send({ type: 'phone.presented' });
    await k.at('notAuthenticated');
    expect(k.devices.phones.authenticateOnDevice()).toBe(true);
    await waitFor(k.actor, (s) => s.value === 'waitingForPhone', { timeout: 10_000 });
    k.actor.send({ type: 'phone.presented' });
    await k.at('identified');
    expect(k.output()).toMatchObject({ outcome: 'identified', identityMethod: 'device' });
    const result = await confirmWithPhone(k.deps, k.phone.current()!, { consents: { pharmacy: true }, medicalSubsidy: 'use' });
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
    expect(result.MessageBody.MedicalSubsidy?.Answer).toBe('1');
    expect(result.assessment.credential).toBe('iPhone');
    await k.devices.close();
  }, 20_000);

  it('an expired phone credential never reaches the service: 3-2', async () => {
    const k = phoneKiosk();
    k.actor.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
    await k.at('enteringPin');
    k.pinPad.enter('3690');
    await k.at('waitingForPhone');
    await k.devices.phones.place('phone-android-expired');
    k.actor.send({ type: 'phone.presented' });
    await k.at('expired');
    k.actor.send({ type: 'result.acknowledged' });
    expect(k.output()).toEqual({ outcome: 'outage', outageCase: 'cardDefect' });
    expect(k.phone.current()).toBeUndefined();
    await k.devices.close();
  });

  it('a card held over the smartphone reader is sent to the face reader; a wrong PIN costs a try and asks again', async () => {
    const k = phoneKiosk();
    k.actor.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
    await k.at('enteringPin');
    k.pinPad.enter('0000');
    await k.at('waitingForPhone');
    await k.devices.phones.place('phone-android-yamada');
    k.actor.send({ type: 'phone.presented' });
    await k.at('pinWrong');
    expect(k.actor.getSnapshot().context.pinTriesLeft).toBe(2);
    await k.devices.close();
    const c = phoneKiosk();
    c.actor.send({ type: 'phone.kindChosen', kind: 'iPhone' });
    const card = loadCardProfile('yamada-taro');
    c.devices.readers.get(SIM_PHONE_READER_NAME).insertCard((await createSimCard(card.profile, card.photo)).card);
    c.actor.send({ type: 'phone.presented' });
    await c.at('cardOnPhoneReader');
    await c.devices.close();
  });

  it('a phone laid on the card slot is not taken for a card: the kiosk says it is not a マイナンバーカード', async () => {
    const k = await startKioskHarness();
    try {
      await k.devices.placeCard('phone-android-yamada');
      await k.waitForStep('notMynaCard');
    } finally {
      await k.close();
    }
  });
});
