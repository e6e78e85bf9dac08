import { PNG } from 'pngjs';
import { seededRandom } from '../../foundation/seededRandom.ts';

/**
 * A synthetic greyscale portrait (head, eyes, mouth) for a generated profile. Real cards hold a
 * greyscale JPEG 2000; browsers cannot show JP2, so the simulator stores PNG (docs/hardware.md).
 */
export function renderFacePhoto(seed: number, width = 96, height = 120): Uint8Array {
  const random = seededRandom(seed);
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  const background = 200 + Math.floor(random() * 40);
  const skin = 130 + Math.floor(random() * 60);
  const hair = 20 + Math.floor(random() * 60);
  const cx = width / 2;
  const cy = height * (0.45 + random() * 0.05);
  const rx = width * (0.28 + random() * 0.06);
  const ry = height * (0.3 + random() * 0.05);
  const eyeY = cy - ry * 0.15;
  const eyeDx = rx * 0.42;
  const buf = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      let v = background;
      if (y > cy + ry * 0.8 && Math.abs(x - cx) < rx * 1.6) v = 90; // shoulders
      if (dx * dx + dy * dy <= 1) v = y < cy - ry * 0.55 ? hair : skin;
      const eye = (ex: number) => ((x - ex) / (rx * 0.14)) ** 2 + ((y - eyeY) / (ry * 0.07)) ** 2 <= 1;
      if (eye(cx - eyeDx) || eye(cx + eyeDx)) v = 30;
      if (Math.abs(y - (cy + ry * 0.5)) < 2 && Math.abs(x - cx) < rx * 0.35) v = 70;
      buf[y * width + x] = v;
    }
  }
  png.data = buf;
  return new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }));
}
