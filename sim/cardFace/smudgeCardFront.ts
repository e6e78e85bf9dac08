import { PNG } from 'pngjs';
import { loadCardFaceFieldBoxes, scaleBox } from '../../device/cardFaceOcr/CardFaceFieldBoxes.ts';

/**
 * 券面汚損: greasy blobs over the three fields of 照合番号B (生年月日, 有効期限, セキュリティコード), drawn on
 * the rendered card with pngjs. Opaque in the middle with a soft rim, so the print under them is gone:
 * a scan of this card must fail cleanly (UNREADABLE, naming a field), never read a wrong value.
 */
export function smudgeCardFront(cardPng: Uint8Array, options: { opacity?: number } = {}): Uint8Array {
  const png = PNG.sync.read(Buffer.from(cardPng));
  const table = loadCardFaceFieldBoxes();
  const opacity = options.opacity ?? 1;
  const grime = [90, 80, 70];
  for (const field of Object.values(table.fields)) {
    const box = scaleBox(field, table, png.width);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const rx = box.width * 0.5;
    const ry = box.height * 0.7;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(png.height, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(png.width, Math.ceil(cx + rx)); x++) {
        const d = Math.hypot((x - cx) / rx, (y - cy) / ry);
        if (d >= 1) continue;
        // Full strength inside 75 % of the radius, fading to nothing at the rim.
        const alpha = opacity * Math.min(1, (1 - d) / 0.25);
        const o = (y * png.width + x) * 4;
        for (let c = 0; c < 3; c++) png.data[o + c] = Math.round(png.data[o + c]! * (1 - alpha) + grime[c]! * alpha);
      }
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}
