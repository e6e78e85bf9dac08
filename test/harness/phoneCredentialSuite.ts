import 'reflect-metadata';
import { createPublicKey, randomBytes, verify, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCardError } from '../../device/card/CardError.ts';
import { readCertificate, readPhoneForCheckIn, readTokenLabel, selectApplication, signChallenge } from '../../device/mynacard/index.ts';
import { credentialKindOfSubject } from '../../jpki/CredentialKind.ts';
import type { CardHarness } from './CardHarness.ts';

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => (isCardError(e) ? e.code : e),
  );
}

const signatureVerifies = (certificateDer: Uint8Array, challenge: Uint8Array, signature: Uint8Array) =>
  verify('sha256', challenge, createPublicKey(new X509Certificate(certificateDer).publicKey.export({ type: 'spki', format: 'pem' })), signature);

/** The スマホ用電子証明書 as the kiosk's phone reader sees it: run over the in-process reader and over pcscd. */
export function definePhoneCredentialSuite(makeHarness: () => Promise<CardHarness>): void {
  let harness: CardHarness;
  beforeAll(async () => {
    harness = await makeHarness();
  });
  afterEach(async () => harness.remove());
  afterAll(async () => harness.close());

  describe('Android phone (JPKIAPGPSETOKEN)', () => {
    it('answers the same JPKI AP with its own label, and hands out its certificate only after the スマホ用 PIN', async () => {
      const { channel } = await harness.insert('phone-android-yamada');
      expect(await readTokenLabel(channel)).toBe('JPKIAPGPSETOKEN');
      expect(await codeOf(readCertificate(channel, 'auth'))).toBe('SECURITY_STATUS_NOT_SATISFIED');
    });

    it('with the PIN typed on the face reader, gives its own certificate (a phone’s, not the card’s) and signs the challenge', async () => {
      const { channel, sim, loaded } = await harness.insert('phone-android-yamada');
      const read = await readPhoneForCheckIn(channel, 'androidPhone', loaded.profile.pins.auth!);
      expect(read.kind === 'androidPhone' && read.pin).toEqual({ kind: 'verified' });
      const auth = read.certificates!.auth;
      expect(Buffer.from(auth.der).equals(Buffer.from(sim.authCertificate))).toBe(true);
      expect(auth.certificate.serialNumber.toUpperCase()).toBe('F100000000000001');
      expect(credentialKindOfSubject(new X509Certificate(auth.der).subject)).toBe('androidPhone');
      const challenge = randomBytes(32);
      expect(signatureVerifies(auth.der, challenge, await signChallenge(channel, challenge))).toBe(true);
    });

    it('a wrong PIN reads nothing and says how many tries are left', async () => {
      const { channel } = await harness.insert('phone-android-yamada');
      const read = await readPhoneForCheckIn(channel, 'androidPhone', '0000');
      expect(read).toMatchObject({ kind: 'androidPhone', pin: { kind: 'wrong', triesLeft: 2 }, certificates: null });
      expect(await codeOf(signChallenge(channel, randomBytes(32)))).toBe('SECURITY_STATUS_NOT_SATISFIED');
    });

    it('has no card face: the 券面AP and the 入力補助AP are not there', async () => {
      const { channel } = await harness.insert('phone-android-yamada');
      expect(await codeOf(selectApplication(channel, 'cardFace'))).toBe('NOT_A_MYNA_CARD');
      expect(await codeOf(selectApplication(channel, 'textInput'))).toBe('NOT_A_MYNA_CARD');
    });
  });

  describe('iPhone (JPKIAPIOSTOKEN)', () => {
    it('gives its certificate without a PIN, but signs only after Face ID on the phone, once', async () => {
      const { channel, sim } = await harness.insert('phone-iphone-sato');
      const read = await readPhoneForCheckIn(channel, 'iPhone');
      expect(credentialKindOfSubject(new X509Certificate(read.certificates.auth.der).subject)).toBe('iPhone');
      const challenge = randomBytes(32);
      expect(await codeOf(signChallenge(channel, challenge))).toBe('SECURITY_STATUS_NOT_SATISFIED');
      sim.card.authenticateOnDevice();
      expect(signatureVerifies(read.certificates.auth.der, challenge, await signChallenge(channel, challenge))).toBe(true);
      expect(await codeOf(signChallenge(channel, challenge))).toBe('SECURITY_STATUS_NOT_SATISFIED');
    });
  });

  describe('the wrong thing on the phone reader', () => {
    it('a マイナンバーカード, or a phone of the other kind than chosen, is WRONG_CREDENTIAL', async () => {
      const card = await harness.insert('yamada-taro');
      expect(await codeOf(readPhoneForCheckIn(card.channel, 'androidPhone', '1234'))).toBe('WRONG_CREDENTIAL');
      await harness.remove();
      const iphone = await harness.insert('phone-iphone-sato');
      expect(await codeOf(readPhoneForCheckIn(iphone.channel, 'androidPhone', '1234'))).toBe('WRONG_CREDENTIAL');
    });
  });
}
