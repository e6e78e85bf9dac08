import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCardFaceFieldBoxes } from '../../device/cardFaceOcr/CardFaceFieldBoxes.ts';
import { loadCardProfile } from '../cardProfile/loadCardProfile.ts';
import { cardFrontText, manufacturingNumber, printedBirthDate, printedExpiry } from './cardFrontText.ts';
import { CardFrontRenderer } from './renderCardFront.ts';

describe('the card front the simulator prints', () => {
  it('prints 生年月日 in 和暦 as the card does (元年, the month and day right-aligned), or in 西暦 when the profile says so', () => {
    expect(printedBirthDate('1980-02-17', '和暦')).toBe('昭和55年 2月17日生');
    expect(printedBirthDate('1989-01-08', '和暦')).toBe('平成元年 1月 8日生');
    expect(printedBirthDate('1989-01-07', '和暦')).toBe('昭和64年 1月 7日生');
    expect(printedBirthDate('2020-02-24', '和暦')).toBe('令和 2年 2月24日生');
    expect(printedBirthDate('1992-11-03', '西暦')).toBe('1992年11月 3日生');
    expect(printedExpiry('2035-02-17')).toBe('2035年 2月17日まで有効');
  });

  it('prints a 16-digit 製造番号 above the code, the address on two lines, and 性別', () => {
    expect(manufacturingNumber('654795526504755')).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const text = cardFrontText(loadCardProfile('yamada-taro').profile);
    expect(text).toMatchObject({ name: '山田　太郎', addr1: '東京都千代田区', addr2: '霞が関１丁目２番２号', sex: '性別 男', code: '2285' });
  });

  describe('rendered in Chromium', () => {
    let renderer: CardFrontRenderer;
    let clean: PNG;
    let smudged: PNG;
    beforeAll(async () => {
      renderer = await CardFrontRenderer.open();
      const yamada = loadCardProfile('yamada-taro');
      clean = PNG.sync.read(Buffer.from(await renderer.render(yamada)));
      smudged = PNG.sync.read(Buffer.from(await renderer.render(yamada, { smudged: true })));
    }, 60_000);
    afterAll(() => renderer?.close());

    it('is an ID-1 card at 300 dpi (1011×638) with ink in every field the OCR reads', () => {
      expect([clean.width, clean.height]).toEqual([1011, 638]);
      for (const [field, box] of Object.entries(loadCardFaceFieldBoxes().fields)) expect(darkPixels(clean, box), field).toBeGreaterThan(500);
    });

    it('smudged: opaque blobs cover the three fields and nothing else changes', () => {
      const { fields } = loadCardFaceFieldBoxes();
      for (const [field, box] of Object.entries(fields)) {
        const centre = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.3, width: box.width * 0.4, height: box.height * 0.4 };
        expect(darkPixels(smudged, centre, 60), `${field}: no print left in the blob's middle`).toBe(0);
      }
      const photo = { x: 700, y: 70, width: 264, height: 330 };
      expect(differingPixels(clean, smudged, photo)).toBe(0);
    });
  });
});

type Box = { x: number; y: number; width: number; height: number };
const each = (box: Box, fn: (o: number) => void) => {
  for (let y = Math.round(box.y); y < box.y + box.height; y++) for (let x = Math.round(box.x); x < box.x + box.width; x++) fn((y * 1011 + x) * 4);
};
/** Pixels darker than `below` (print), and pixels that differ between two renders. */
function darkPixels(png: PNG, box: Box, below = 100): number {
  let n = 0;
  each(box, (o) => (n += png.data[o]! < below ? 1 : 0));
  return n;
}
function differingPixels(a: PNG, b: PNG, box: Box): number {
  let n = 0;
  each(box, (o) => (n += a.data[o] !== b.data[o] ? 1 : 0));
  return n;
}
