import 'reflect-metadata';
import { constants, createPublicKey, generateKeyPairSync, publicEncrypt, verify, webcrypto, X509Certificate } from 'node:crypto';
import { loadCardIssuerKeys } from '../ca/CardIssuerKeys.ts';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSimReaderAuthority } from '../ca/SimReaderAuthority.ts';
import { fromHex, toHex } from '../../device/card/Apdu.ts';
import { loadCardProfile } from '../cardProfile/loadCardProfile.ts';
import { createSimCard, type CreatedSimCard } from './createSimCard.ts';
import { readerAuthenticationMessage } from '../../device/mynacard/readerAuthentication.ts';
import { certifiedReader, type CertifiedReader } from '../../test/harness/certifiedReader.ts';

let sim: CreatedSimCard;
const send = (hex: string) => toHex(sim.card.transmit(fromHex(hex)));
const sw = (hex: string) => send(hex).slice(-4);

const SELECT_JPKI = '00A4040C0AD392F000260100000001';
const SELECT_TEXT = '00A4040C0AD3921000310001010408';

describe('the simulated card OS answers with the status words of a real マイナンバーカード', () => {
  beforeAll(async () => {
    const loaded = loadCardProfile('yamada-taro');
    sim = await createSimCard(loaded.profile, loaded.photo);
  });

  it('answers 6A86 to "select MF" straight after a reset, and 9000 once an application is selected', () => {
    sim.card.reset();
    expect(sw('00A40000')).toBe('6A86');
    expect(sw(SELECT_JPKI)).toBe('9000');
    expect(sw('00A40000')).toBe('9000');
  });

  it('answers 6A82 to an unknown AID, an unknown EF, and 3F00 by file id', () => {
    expect(sw('00A4040C07A0000000031010')).toBe('6A82');
    expect(sw(SELECT_JPKI)).toBe('9000');
    expect(sw('00A4020C020099')).toBe('6A82');
    expect(sw('00A4000C023F00')).toBe('6A82');
  });

  it('answers 6D00 only to an instruction outside the card\'s set, and 6E00 to an unknown class', () => {
    sim.card.reset();
    expect(sw(SELECT_JPKI)).toBe('9000');
    expect(sw('00EE000000')).toBe('6D00');
    // SET SESSION KEY is known everywhere: the JPKI AP refuses it with 6982, not 6D00 (MC).
    expect(sw('00AE000000')).toBe('6982');
    expect(sw('A0B0000004')).toBe('6E00');
  });

  it('starts certificates with 30 82, reads short at the end of a file, and answers 6B00 past its end', () => {
    sim.card.reset();
    expect(sw(SELECT_JPKI)).toBe('9000');
    expect(sw('00A4020C02000A')).toBe('9000');
    expect(send('00B0000004').slice(0, 4)).toBe('3082');
    const length = sim.authCertificate.length;
    const last = length - 10;
    const tail = send(`00B0${last.toString(16).padStart(4, '0')}00`);
    expect(tail.length).toBe(10 * 2 + 4); // 10 bytes, not the 256 asked for
    expect(tail.slice(-4)).toBe('9000');
    expect(sw(`00B0${(length + 5).toString(16).padStart(4, '0')}10`)).toBe('6B00');
  });

  it('keeps the signing certificate behind the signing password (6982)', () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    expect(sw('00A4020C020001')).toBe('9000');
    expect(sw('00B0000004')).toBe('6982');
  });

  it('reads an EF by short EF identifier without SELECT', () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    expect(send('00B08A0004').slice(0, 4)).toBe('3082'); // SFI 0A = auth certificate
  });

  it('refuses to sign before VERIFY (6982) and checks the signing input length (6700) and scheme (6A86)', () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    sw('00A4020C020017');
    expect(sw('802A00800401020304' + '00')).toBe('6982');
    sw('00A4020C020018');
    expect(sw('002000800431323334')).toBe('9000');
    sw('00A4020C020017');
    expect(sw('802A0080' + 'F6' + '00'.repeat(246) + '00')).toBe('6700');
    expect(sw('802A0680040102030400')).toBe('6A86');
    const signed = send('802A00800401020304' + '00');
    expect(signed.length).toBe(256 * 2 + 4);
    expect(signed.slice(-4)).toBe('9000');
  });

  it('counts 照合番号B tries from 10', () => {
    sim.card.reset();
    sw(SELECT_TEXT);
    sw('00A4020C020015');
    expect(sw('00200080')).toBe('63CA');
  });

  it('answers a command shorter than a header, or with an inconsistent Lc, with 6700', () => {
    expect(sw('00A4')).toBe('6700');
    expect(sw('00A4040C0AD392')).toBe('6700');
  });

  it('forgets verified PINs on reset, and keeps them across SELECTs until then', () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    sw('00A4020C020018');
    expect(sw('002000800431323334')).toBe('9000');
    expect(sw(SELECT_TEXT)).toBe('9000');
    sw(SELECT_JPKI);
    sw('00A4020C020017');
    expect(sw('802A00800401020304' + '00')).toBe('9000');
    sim.card.reset();
    sw(SELECT_JPKI);
    sw('00A4020C020017');
    expect(sw('802A00800401020304' + '00')).toBe('6982');
  });
});

describe('the profile switches of the card OS', () => {
  it('a card whose SELECT clears the verified PINs (securityStatusOnSelect: clear, as OpenSC ≥ 0.24 assumes)', async () => {
    const loaded = loadCardProfile('yamada-taro');
    const clearing = await createSimCard({ ...loaded.profile, card: { ...loaded.profile.card, securityStatusOnSelect: 'clear' } }, loaded.photo);
    const t = (h: string) => toHex(clearing.card.transmit(fromHex(h))).slice(-4);
    clearing.card.reset();
    t(SELECT_JPKI);
    t('00A4020C020018');
    expect(t('002000800431323334')).toBe('9000');
    t('00A4020C020017');
    expect(t('802A00800401020304' + '00')).toBe('9000');
    t(SELECT_JPKI);
    t('00A4020C020017');
    expect(t('802A00800401020304' + '00')).toBe('6982');
  });

  it('the first generation presents its own ATR, GET DATA 5F51 answers it without TS, and it has no 7F21', async () => {
    const loaded = loadCardProfile('yamada-taro');
    const first = await createSimCard({ ...loaded.profile, card: { ...loaded.profile.card, generation: 'first' } }, loaded.photo);
    expect(toHex(first.card.atr)).toBe('3BC5FF8131FB458073C6010000');
    first.card.reset();
    expect(toHex(first.card.transmit(fromHex('00CA5F5100')))).toBe('C5FF8131FB458073C60100009000');
    expect(toHex(first.card.transmit(fromHex('00CA7F21000000')))).toBe('6A88');
    expect(toHex(sim.card.atr)).toBe('3BDA13FF8131FB468012392F31C173C601C03B');
  });
});

describe('what the card signs verifies with the keys it certifies', () => {
  beforeAll(async () => {
    const loaded = loadCardProfile('yamada-taro');
    sim = await createSimCard(loaded.profile, loaded.photo);
  });

  it('RSASSA-PSS (P1 05) over SHA-256 of the data verifies against the 利用者証明用 certificate', () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    sw('00A4020C020018');
    sw('002000800431323334');
    const signature = fromHex(send('802A0597' + '03616263' + '00').slice(0, -4));
    const key = new X509Certificate(sim.authCertificate).publicKey;
    expect(verify('sha256', Buffer.from('abc'), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)).toBe(true);
  });

  it('共通AP INTERNAL AUTHENTICATE signs DigestInfo(SHA-256(challenge)) with no credential', () => {
    sim.card.reset();
    sw('00A4040C0AD3921000310001010100');
    const signature = fromHex(send('0088009904CAFEBABE00').slice(0, -4));
    expect(verify('sha256', fromHex('CAFEBABE'), createPublicKey(loadCardIssuerKeys().commonCard), signature)).toBe(true);
  });

  it('the 入力補助AP takes a session key under RSAES-OAEP to its EF 0006 key, after its PIN only', () => {
    sim.card.reset();
    sw(SELECT_TEXT);
    const key = createPublicKey(loadCardIssuerKeys().textInputSession);
    const wrapped = (plain: Uint8Array) => toHex(publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plain));
    const good = wrapped(Uint8Array.from([0xa0, 0x22, 0x80, 0x20, ...new Uint8Array(32).fill(7)]));
    expect(sw(`80AE0000000100${good}`)).toBe('6982');
    sw('00A4020C020014');
    sw(`00200080${'0C'}${toHex(new TextEncoder().encode(sim.myNumber))}`);
    expect(sw(`80AE0000000100${good}`)).toBe('6982'); // 照合番号A does not count (MC)
    sw('00A4020C020011');
    expect(sw('002000800431323334')).toBe('9000');
    expect(sw(`80AE0000000100${good}`)).toBe('9000');
    expect(sw(`80AE0000000100${wrapped(Uint8Array.of(1, 2, 3))}`)).toBe('6A80');
    expect(sw(`80AE0000000100${'FF'.repeat(256)}`)).toBe('6F00');
  });
});

describe('reader authentication on the simulated card (ours: device/mynacard/readerAuthentication.ts)', () => {
  let reader: CertifiedReader;
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
  const lc = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
  /** PSO: VERIFY CERTIFICATE in chained parts of 255; the status of each part. */
  const presentCertificate = (der: Uint8Array) => {
    const answers: string[] = [];
    for (let offset = 0; offset < der.length; offset += 255) {
      const part = der.subarray(offset, offset + 255);
      const cla = offset + 255 >= der.length ? '00' : '10';
      answers.push(sw(`${cla}2A00BE${lc(part.length)}${hex(part)}`));
    }
    return answers;
  };
  const externalAuthenticate = async (nonceHex: string) => {
    const signature = await reader.credential.signForCard(readerAuthenticationMessage(Buffer.from(nonceHex, 'hex')));
    return sw(`00820000${lc(signature.length)}${hex(signature)}`);
  };
  const SIGN = '802A00800401020304' + '00';

  beforeAll(async () => {
    const loaded = loadCardProfile('face-auth-card');
    sim = await createSimCard(loaded.profile, loaded.photo);
    reader = await certifiedReader('sim card test reader');
  });

  it('runs certificate, challenge, authenticate; then signs once without a PIN', async () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    expect(reader.credential.certificate.length).toBeGreaterThan(255); // so the chain is exercised
    expect(presentCertificate(reader.credential.certificate)).toEqual(['9000', '9000']);
    const challenge = send('0084000010');
    expect(challenge.slice(-4)).toBe('9000');
    expect(challenge.length).toBe(16 * 2 + 4);
    expect(await externalAuthenticate(challenge.slice(0, -4))).toBe('9000');
    sw('00A4020C020017');
    expect(sw(SIGN)).toBe('9000');
    expect(sw(SIGN)).toBe('6982');
  });

  it('spends a nonce on one EXTERNAL AUTHENTICATE: a replayed answer is refused (6985)', async () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    presentCertificate(reader.credential.certificate);
    const nonce = send('0084000010').slice(0, -4);
    const signature = hex(await reader.credential.signForCard(readerAuthenticationMessage(Buffer.from(nonce, 'hex'))));
    expect(sw(`0082000040${signature}`)).toBe('9000');
    expect(sw(`0082000040${signature}`)).toBe('6985');
  });

  it('refuses EXTERNAL AUTHENTICATE before a certificate (6985), a wrong signature (6300), and after a challenge of another length (6985)', async () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    const nonce = send('0084000010').slice(0, -4);
    expect(await externalAuthenticate(nonce)).toBe('6985');
    presentCertificate(reader.credential.certificate);
    send('0084000010');
    expect(sw(`0082000040${'00'.repeat(64)}`)).toBe('6300');
    // GET CHALLENGE answers any Le with random bytes; only a 16-byte challenge can be answered (ours).
    const short = send('0084000008');
    expect(short.length).toBe(8 * 2 + 4);
    expect(await externalAuthenticate(short.slice(0, -4))).toBe('6985');
    sw('00A4020C020017');
    expect(sw(SIGN)).toBe('6982');
  });

  it('refuses a certificate that is not one (6A80), a chain broken by another command, and an oversized chain (6700)', () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    expect(sw('002A00BE0401020304')).toBe('6A80');
    const der = reader.credential.certificate;
    expect(sw(`102A00BEFF${hex(der.subarray(0, 255))}`)).toBe('9000');
    sw('0084000010'); // breaks the chain: the rest alone is no certificate
    expect(sw(`002A00BE${lc(der.length - 255)}${hex(der.subarray(255))}`)).toBe('6A80');
    const filler = `102A00BEFF${'30'.repeat(255)}`;
    const answers = Array.from({ length: 9 }, () => sw(filler));
    expect(answers.at(-1)).toBe('6700');
  });

  it('refuses a certificate from the authority without the reader-authentication EKU (6300)', async () => {
    const authority = await loadSimReaderAuthority();
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const key = (await webcrypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])) as CryptoKey;
    const plain = await x509.X509CertificateGenerator.create({
      serialNumber: '0102',
      subject: 'CN=not a reader',
      issuer: authority.certificate.subject,
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2030-01-01'),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: key,
      signingKey: authority.privateKey,
    });
    sim.card.reset();
    sw(SELECT_JPKI);
    expect(presentCertificate(new Uint8Array(plain.rawData)).at(-1)).toBe('6300');
  });

  it('outside the JPKI AP, and on a card that does not know reader authentication, GET CHALLENGE is only random bytes and the PSO is refused', async () => {
    sim.card.reset();
    sw(SELECT_TEXT);
    expect(send('0084000010').length).toBe(16 * 2 + 4);
    expect(sw('002A00BE0401020304')).toBe('6A86');
    expect(sw('0082000040' + '00'.repeat(64))).toBe('6982');
    const loaded = loadCardProfile('yamada-taro');
    const old = await createSimCard(loaded.profile, loaded.photo, { readerAuthority: null });
    old.card.reset();
    old.card.transmit(Buffer.from(SELECT_JPKI, 'hex'));
    expect(toHex(old.card.transmit(Buffer.from('0084000010', 'hex'))).slice(-4)).toBe('9000');
    expect(toHex(old.card.transmit(Buffer.from('102A00BE0401020304', 'hex')))).toBe('6884');
    expect(toHex(old.card.transmit(Buffer.from('002A00BE0401020304', 'hex')))).toBe('6A86');
  });
});
