import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../device/card/Apdu.ts';
import { loadCardProfile } from '../cardProfile/loadCardProfile.ts';
import { createSimCard, type CreatedSimCard } from './createSimCard.ts';

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

  it('answers 6D00 to an unknown instruction and 6E00 to an unknown class', () => {
    expect(sw('00AE000000')).toBe('6D00');
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
    expect(sw('802A0580040102030400')).toBe('6A86');
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

  it('forgets verified PINs on reset', () => {
    sim.card.reset();
    sw(SELECT_JPKI);
    sw('00A4020C020018');
    expect(sw('002000800431323334')).toBe('9000');
    sim.card.reset();
    sw(SELECT_JPKI);
    sw('00A4020C020017');
    expect(sw('802A00800401020304' + '00')).toBe('6982');
  });
});
