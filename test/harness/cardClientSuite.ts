import 'reflect-metadata';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import { isCardError } from '../../device/card/CardError.ts';
import { authenticateReader, queryPinTries, readAuthCaCertificate, readAuthCertificate, readBasicFourInfo, readCardFace, readCardForCheckIn, readCertificate, readTokenLabel, resetCard, selectApplication, signChallenge, verifyPin } from '../../device/mynacard/index.ts';
import type { CardHarness } from './CardHarness.ts';
import { certifiedReader, credentialOf, type CertifiedReader } from './certifiedReader.ts';
import { createSimReaderAuthority, loadSimReaderAuthority } from '../../sim/ca/SimReaderAuthority.ts';

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCardError(error) ? error.code : error).toBe(code);
}

/** The card-client behaviour every reader path must show: run over the in-process reader and over pcscd. */
export function defineCardClientSuite(makeHarness: () => Promise<CardHarness>): void {
  let harness: CardHarness;
  let reader: CertifiedReader;
  let strangerReader: CertifiedReader;
  beforeAll(async () => {
    harness = await makeHarness();
    reader = await certifiedReader('suite reader');
    // Certified by an authority no card trusts.
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'reader-authority-')), 'authority.json');
    await createSimReaderAuthority(elsewhere);
    strangerReader = await certifiedReader('stranger', await loadSimReaderAuthority(elsewhere));
  });
  afterEach(async () => harness.remove());
  afterAll(async () => harness.close());

  describe('JPKI application', () => {
    it('reads the token label JPKIAPICCTOKEN2', async () => {
      const { channel } = await harness.insert('yamada-taro');
      expect(await readTokenLabel(channel)).toBe('JPKIAPICCTOKEN2');
    });

    it('reads the 利用者証明用 certificate byte for byte, chained to its CA certificate', async () => {
      const { channel, sim, loaded } = await harness.insert('yamada-taro');
      const auth = await readAuthCertificate(channel);
      const ca = await readAuthCaCertificate(channel);
      expect(Buffer.from(auth.der).equals(Buffer.from(sim.authCertificate))).toBe(true);
      expect([auth.der[0], auth.der[1]]).toEqual([0x30, 0x82]);
      expect(Buffer.from(ca.der).equals(Buffer.from(sim.authCaCertificate))).toBe(true);
      expect(await auth.certificate.verify({ publicKey: await ca.certificate.publicKey.export(), signatureOnly: true })).toBe(true);
      expect(auth.certificate.serialNumber.toUpperCase()).toBe(loaded.profile.authCertificate.serial);
    });

    it('refuses the signing certificate until the signing password is verified', async () => {
      const { channel, loaded, sim } = await harness.insert('yamada-taro');
      await rejectsWith(readCertificate(channel, 'sign'), 'SECURITY_STATUS_NOT_SATISFIED');
      expect(await verifyPin(channel, 'sign', loaded.profile.pins.sign!)).toEqual({ kind: 'verified' });
      const sign = await readCertificate(channel, 'sign');
      expect(Buffer.from(sign.der).equals(Buffer.from(sim.signCertificate!))).toBe(true);
    });

    it('signs a challenge after the PIN, and the signature verifies against the certificate', async () => {
      const { channel, loaded } = await harness.insert('yamada-taro');
      const challenge = new TextEncoder().encode('challenge-from-the-eligibility-service');
      const { authCertificate } = await readCardForCheckIn(channel);
      await rejectsWith(signChallenge(channel, challenge), 'SECURITY_STATUS_NOT_SATISFIED');
      const spki = Buffer.from(await authCertificate.certificate.publicKey.rawData);
      const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
      expect(await verifyPin(channel, 'auth', loaded.profile.pins.auth!)).toEqual({ kind: 'verified' });
      const signature = await signChallenge(channel, challenge);
      expect(signature.length).toBe(256);
      expect(verify('sha256', challenge, key, signature)).toBe(true);
      expect(verify('sha256', new TextEncoder().encode('another challenge'), key, signature)).toBe(false);
    });
  });

  describe('PIN rules', () => {
    it('counts wrong PINs down 63C2, 63C1, 63C0, then answers 6984 (blocked); the empty VERIFY reports tries without using one', async () => {
      const { channel, loaded } = await harness.insert('sato-hanako');
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 3 });
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 3 });
      expect(await verifyPin(channel, 'auth', '0000')).toEqual({ kind: 'wrong', triesLeft: 2 });
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 2 });
      expect(await verifyPin(channel, 'auth', '0001')).toEqual({ kind: 'wrong', triesLeft: 1 });
      expect(await verifyPin(channel, 'auth', '0002')).toEqual({ kind: 'wrong', triesLeft: 0 });
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 0 });
      expect(await verifyPin(channel, 'auth', loaded.profile.pins.auth!)).toEqual({ kind: 'blocked' });
    });

    it('a correct PIN resets the counter', async () => {
      const { channel, loaded } = await harness.insert('yamada-taro');
      expect(await verifyPin(channel, 'auth', '9999')).toEqual({ kind: 'wrong', triesLeft: 2 });
      expect(await verifyPin(channel, 'auth', loaded.profile.pins.auth!)).toEqual({ kind: 'verified' });
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 3 });
    });

    it('a malformed PIN never reaches the card and costs no try', async () => {
      const { channel } = await harness.insert('yamada-taro');
      await rejectsWith(verifyPin(channel, 'auth', '12a4'), 'PIN_FORMAT');
      await rejectsWith(verifyPin(channel, 'auth', '12345'), 'PIN_FORMAT');
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 3 });
    });

    it('a card whose PIN is already blocked says so on the first try', async () => {
      const { channel } = await harness.insert('pin-blocked');
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 0 });
      expect(await verifyPin(channel, 'auth', '5555')).toEqual({ kind: 'blocked' });
    });

    it('a 顔認証マイナンバーカード has no PIN and signs only after a certified reader authenticates, once per authentication', async () => {
      const { channel } = await harness.insert('face-auth-card');
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'notSet' });
      // A copied certificate is not the card: without the reader's authentication the card will not sign.
      await rejectsWith(signChallenge(channel, Uint8Array.of(1, 2, 3)), 'SECURITY_STATUS_NOT_SATISFIED');
      const { authCertificate } = await readCardForCheckIn(channel);
      await authenticateReader(channel, reader.credential);
      const signature = await signChallenge(channel, Uint8Array.of(1, 2, 3));
      const key = createPublicKey({ key: Buffer.from(await authCertificate.certificate.publicKey.rawData), format: 'der', type: 'spki' });
      expect(verify('sha256', Uint8Array.of(1, 2, 3), key, signature)).toBe(true);
      await rejectsWith(signChallenge(channel, Uint8Array.of(4, 5, 6)), 'SECURITY_STATUS_NOT_SATISFIED');
      await rejectsWith(readCertificate(channel, 'sign'), 'FILE_NOT_FOUND');
    });

    it('a standard card signs without the PIN after reader authentication; re-selecting the AP ends it', async () => {
      const { channel } = await harness.insert('yamada-taro');
      await authenticateReader(channel, reader.credential);
      expect((await signChallenge(channel, Uint8Array.of(7))).length).toBe(256);
      await authenticateReader(channel, reader.credential);
      await selectApplication(channel, 'jpki', { force: true });
      await rejectsWith(signChallenge(channel, Uint8Array.of(8)), 'SECURITY_STATUS_NOT_SATISFIED');
      // No PIN try was spent by any of it.
      expect(await queryPinTries(channel, 'auth')).toEqual({ kind: 'tries', triesLeft: 3 });
    });

    it('refuses a reader the authority did not certify, and a reader that signs with another key (READER_NOT_ACCEPTED)', async () => {
      const { channel } = await harness.insert('yamada-taro');
      await rejectsWith(authenticateReader(channel, strangerReader.credential), 'READER_NOT_ACCEPTED');
      await rejectsWith(signChallenge(channel, Uint8Array.of(1)), 'SECURITY_STATUS_NOT_SATISFIED');
      const impostor = credentialOf(strangerReader.privateKey, reader.credential.certificate);
      await rejectsWith(authenticateReader(channel, impostor), 'READER_NOT_ACCEPTED');
      await rejectsWith(signChallenge(channel, Uint8Array.of(1)), 'SECURITY_STATUS_NOT_SATISFIED');
    });
  });

  describe('券面事項入力補助AP and 券面AP', () => {
    it('reads the 基本4情報 with the 4-digit PIN and with 照合番号B, including characters outside the BMP', async () => {
      const { channel, loaded, sim } = await harness.insert('itaiji-name');
      const expected = { name: loaded.profile.holder.name, address: loaded.profile.holder.address, birthDate: loaded.profile.holder.birthDate, sex: loaded.profile.holder.sex };
      expect(await readBasicFourInfo(channel, { pin: loaded.profile.pins.textInput! })).toEqual(expected);
      expect(await readBasicFourInfo(channel, { verificationCodeB: sim.verificationCodeB })).toEqual(expected);
      expect(expected.name).toContain('𠮷');
    });

    it('reads the card face and its photo through 照合番号B; a wrong code is refused', async () => {
      const { channel, loaded, sim } = await harness.insert('yamada-taro');
      expect(sim.verificationCodeB).toBe('55021720352285');
      const face = await readCardFace(channel, sim.verificationCodeB);
      expect(Buffer.from(face.photo).equals(Buffer.from(loaded.photo))).toBe(true);
      expect(face.birthDate).toBe('1980-02-17');
      expect(face.cardExpiry).toBe('2035-02-17');
      await rejectsWith(readCardFace(channel, '55021720359999'), 'SECURITY_STATUS_NOT_SATISFIED');
    });
  });

  describe('card OS behaviour', () => {
    it('answers 6A82 to an unknown application, so the client says it is not a マイナンバーカード', async () => {
      const { channel } = await harness.insert('yamada-taro');
      const raw = await channel.transmit(Uint8Array.from([0x00, 0xa4, 0x04, 0x0c, 0x07, 0xa0, 0, 0, 0, 0x03, 0x10, 0x10]));
      expect(Buffer.from(raw).toString('hex')).toBe('6a82');
      await selectApplication(channel, 'jpki');
    });

    it('a verified PIN stays verified across SELECTs until the card is reset, as on a real card', async () => {
      const { channel, loaded } = await harness.insert('yamada-taro');
      expect(await verifyPin(channel, 'auth', loaded.profile.pins.auth!)).toEqual({ kind: 'verified' });
      await selectApplication(channel, 'textInput');
      await selectApplication(channel, 'jpki', { force: true });
      expect((await signChallenge(channel, Uint8Array.of(1))).length).toBe(256);
      await resetCard(channel);
      await rejectsWith(signChallenge(channel, Uint8Array.of(1)), 'SECURITY_STATUS_NOT_SATISFIED');
    });
  });
}

