import { PNG } from 'pngjs';
import type { FieldBox } from './CardFaceFieldBoxes.ts';

/** A decoded image: RGBA, as pngjs gives it. */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const luma = (data: Uint8Array, o: number) => 0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!;

/**
 * One field for tesseract: the box cut out, grey, upscaled by `scale` (bilinear), and stretched so that
 * the 2nd percentile is black and the 98th white. A percentile stretch, not min/max: on a camera frame
 * sensor noise sets min and max, and a min/max stretch left the security code empty (research §2.5).
 * Parts of the box outside the image repeat its edge. Returns an 8-bit greyscale PNG.
 */
export function prepareFieldCrop(image: DecodedImage, box: FieldBox, scale: number): Uint8Array {
  const { x, y, width: w, height: h } = box;
  const grey = new Float32Array(w * h);
  for (let j = 0; j < h; j++) {
    const sy = Math.min(Math.max(y + j, 0), image.height - 1);
    for (let i = 0; i < w; i++) {
      const sx = Math.min(Math.max(x + i, 0), image.width - 1);
      grey[j * w + i] = luma(image.data, (sy * image.width + sx) * 4);
    }
  }
  const sorted = Float32Array.from(grey).sort();
  const lo = sorted[Math.floor(sorted.length * 0.02)]!;
  const hi = sorted[Math.floor(sorted.length * 0.98)]!;
  const gain = hi > lo ? 255 / (hi - lo) : 1;
  const W = Math.max(1, Math.round(w * scale));
  const H = Math.max(1, Math.round(h * scale));
  const out = Buffer.alloc(W * H);
  for (let j = 0; j < H; j++) {
    const fy = Math.min(Math.max((j + 0.5) / scale - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const ty = fy - y0;
    for (let i = 0; i < W; i++) {
      const fx = Math.min(Math.max((i + 0.5) / scale - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const tx = fx - x0;
      const top = grey[y0 * w + x0]! * (1 - tx) + grey[y0 * w + x1]! * tx;
      const bottom = grey[y1 * w + x0]! * (1 - tx) + grey[y1 * w + x1]! * tx;
      out[j * W + i] = Math.max(0, Math.min(255, Math.round((top * (1 - ty) + bottom * ty - lo) * gain)));
    }
  }
  const png = new PNG({ width: W, height: H, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  png.data = out;
  return new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }));
}

/**
 * The frame's brightness spread (standard deviation of luma, 0–1), on a sample of its pixels. An
 * empty tray or a lens cap gives nearly none; any printed card gives far more (research §2.3: < 0.02 is blank).
 */
export function frameContrast(image: DecodedImage): number {
  const step = Math.max(1, Math.floor((image.width * image.height) / 20_000));
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let p = 0; p < image.width * image.height; p += step) {
    const v = luma(image.data, p * 4) / 255;
    n += 1;
    sum += v;
    squares += v * v;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, squares / n - mean * mean));
}
