import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardReader } from '../../device/card/CardReader.ts';
import { readCardForCheckIn, readPhoneForCheckIn, readTokenLabel, signChallenge, verifyPin } from '../../device/mynacard/index.ts';
import { PcscReaderList } from '../../device/pcsc/PcscReaderList.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { VpcdBridge } from '../../sim/vpcd/VpcdBridge.ts';
import { waitForPresence } from '../harness/pcscCardHarness.ts';

/** vpcd's two slots of one driver: the card reader (slot 0) and the smartphone reader (slot 1). */
const CARD_READER = { name: 'Virtual PCD 00 00', port: 35963 };
const PHONE_READER = { name: 'Virtual PCD 00 01', port: 35964 };

async function place(bridge: VpcdBridge, reader: CardReader, profile: string) {
  const loaded = loadCardProfile(profile);
  const sim = await createSimCard(loaded.profile, loaded.photo);
  await waitForPresence(reader, false);
  await bridge.insert(sim.card);
  await waitForPresence(reader, true);
  return { loaded, sim, channel: await reader.connect() };
}

describe('a card and a phone on two readers of one pcscd at once', () => {
  let readers: PcscReaderList;
  let cardReader: CardReader;
  let phoneReader: CardReader;
  const cardBridge = new VpcdBridge({ port: CARD_READER.port });
  const phoneBridge = new VpcdBridge({ port: PHONE_READER.port });
  beforeAll(async () => {
    readers = new PcscReaderList();
    cardReader = await readers.waitForReader(CARD_READER.name, 10_000);
    phoneReader = await readers.waitForReader(PHONE_READER.name, 10_000);
  });
  afterAll(async () => {
    await cardBridge.remove();
    await phoneBridge.remove();
    await readers.close();
  });

  it('each reader shows its own credential, read interleaved and in parallel, and one leaving does not take the other', async () => {
    const card = await place(cardBridge, cardReader, 'yamada-taro');
    const phone = await place(phoneBridge, phoneReader, 'phone-android-yamada');
    expect(cardReader.cardPresent && phoneReader.cardPresent).toBe(true);
    // The ATRs differ: the card's JPKI ATR, the phone's ISO-DEP one (a second slot showing the first card's content would fail here).
    expect(Buffer.from(card.channel.atr).toString('hex')).toBe('3be000ff8131fe4514');
    expect(Buffer.from(phone.channel.atr).toString('hex')).toBe('3b80800101');

    const [cardLabel, phoneLabel] = await Promise.all([readTokenLabel(card.channel), readTokenLabel(phone.channel)]);
    expect([cardLabel, phoneLabel]).toEqual(['JPKIAPICCTOKEN2', 'JPKIAPGPSETOKEN']);

    const [cardRead, phoneRead] = await Promise.all([readCardForCheckIn(card.channel), readPhoneForCheckIn(phone.channel, 'androidPhone', phone.loaded.profile.pins.auth!)]);
    expect(cardRead.authCertificate.certificate.serialNumber.toUpperCase()).toBe('59FAF28676E3E513');
    expect(phoneRead.certificates!.auth.certificate.serialNumber.toUpperCase()).toBe('F100000000000001');
    expect(Buffer.from(cardRead.authCertificate.der).equals(Buffer.from(card.sim.authCertificate))).toBe(true);
    expect(Buffer.from(phoneRead.certificates!.auth.der).equals(Buffer.from(phone.sim.authCertificate))).toBe(true);

    // Each signs with its own key: the PIN verified on one card opens nothing on the other.
    const challenge = randomBytes(32);
    await expect(signChallenge(card.channel, challenge)).rejects.toMatchObject({ code: 'SECURITY_STATUS_NOT_SATISFIED' });
    expect((await signChallenge(phone.channel, challenge)).length).toBe(256);
    expect(await verifyPin(card.channel, 'auth', card.loaded.profile.pins.auth!)).toEqual({ kind: 'verified' });
    expect((await signChallenge(card.channel, challenge)).length).toBe(256);

    // The phone leaves; the card stays readable on its own reader.
    await phoneBridge.remove();
    await waitForPresence(phoneReader, false);
    expect(cardReader.cardPresent).toBe(true);
    expect(await readTokenLabel(card.channel)).toBe('JPKIAPICCTOKEN2');
    await expect(readTokenLabel(phone.channel)).rejects.toMatchObject({ code: expect.stringMatching(/CARD_REMOVED|RESET|COMM|READER_UNAVAILABLE/) });
  });
});
