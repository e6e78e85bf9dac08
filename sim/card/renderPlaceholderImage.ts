import { PNG } from 'pngjs';

const cache = new Map<string, Uint8Array>();

/** A blank white greyscale PNG standing in for the card's printed-text images (氏名, 住所, code). */
export function renderPlaceholderImage(width: number, height: number): Uint8Array {
  const key = `${width}x${height}`;
  let image = cache.get(key);
  if (!image) {
    const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    png.data = Buffer.alloc(width * height, 0xff);
    image = new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }));
    cache.set(key, image);
  }
  return image;
}
