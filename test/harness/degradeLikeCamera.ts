import { PNG } from 'pngjs';
import { seededRandom } from '../../foundation/seededRandom.ts';

export interface CameraLikeOptions {
  /** Output width (default 800: a 1011-px card seen by a lower-resolution camera). */
  width?: number;
  /** Tilt in degrees (default 0.6) and shift in source px (default 5, −4): the card is never laid in perfectly. */
  rotationDeg?: number;
  shift?: [number, number];
  /** Sensor noise, standard deviation in grey levels (default 6). */
  noise?: number;
  seed?: number;
}

/**
 * A rendered card front as a document camera might see it (research §2.2's "photo" variant, with pngjs
 * instead of ImageMagick): slightly tilted and shifted on a white tray, resampled to a lower resolution
 * with a little blur, plus Gaussian sensor noise. Deterministic for a seed.
 */
export function degradeLikeCamera(cardPng: Uint8Array, options: CameraLikeOptions = {}): Uint8Array {
  const src = PNG.sync.read(Buffer.from(cardPng));
  const width = options.width ?? 800;
  const k = src.width / width;
  const height = Math.round(src.height / k);
  const theta = ((options.rotationDeg ?? 0.6) * Math.PI) / 180;
  const [dx, dy] = options.shift ?? [5, -4];
  const noise = options.noise ?? 6;
  const random = seededRandom(options.seed ?? 7);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const cx = src.width / 2;
  const cy = src.height / 2;
  const sample = (x: number, y: number, c: number) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= src.width || yi >= src.height) return 250; // the tray
    return src.data[(yi * src.width + xi) * 4 + c]!;
  };
  const out = new PNG({ width, height });
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      // Where this output pixel looks in the card: undo the shift and the tilt about the card's centre.
      const x = i * k - dx - cx;
      const y = j * k - dy - cy;
      const sx = x * Math.cos(theta) + y * Math.sin(theta) + cx;
      const sy = -x * Math.sin(theta) + y * Math.cos(theta) + cy;
      const o = (j * width + i) * 4;
      const n = gaussian() * noise;
      for (let c = 0; c < 3; c++) {
        // A 3×3 average over the source footprint: the lens and the lower resolution blur alike.
        let v = 0;
        for (let oy = -1; oy <= 1; oy++) for (let ox = -1; ox <= 1; ox++) v += sample(sx + ox * k * 0.5, sy + oy * k * 0.5, c);
        out.data[o + c] = Math.max(0, Math.min(255, Math.round(v / 9 + n)));
      }
      out.data[o + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(out));
}
