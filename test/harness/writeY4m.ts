import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export interface Y4mOptions {
  /** How many frames (Chromium loops the file; 5 at 5 fps is a second). */
  frames?: number;
  fps?: number;
}

/**
 * A camera scene for Chromium's fake camera (`--use-fake-device-for-media-stream
 * --use-file-for-fake-video-capture=FILE.y4m`) from an RGB PNG, with no ffmpeg: YUV4MPEG2, 4:2:0
 * (the only layout Chromium's file capture reads; a wrong one fails getUserMedia with NotFoundError),
 * BT.601 limited range as ffmpeg's `-pix_fmt yuv420p` writes it, every frame the same still. An odd
 * width or height loses its last column or row (4:2:0 needs even sizes).
 */
export function encodeY4m(png: Uint8Array, options: Y4mOptions = {}): Buffer {
  const image = PNG.sync.read(Buffer.from(png));
  const width = image.width & ~1;
  const height = image.height & ~1;
  const frames = options.frames ?? 5;
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const o = (row * image.width + col) * 4;
      y[row * width + col] = clamp(16 + (65.481 * image.data[o]! + 128.553 * image.data[o + 1]! + 24.966 * image.data[o + 2]!) / 255);
    }
  }
  // Chroma from the average colour of each 2×2 block.
  for (let row = 0; row < height / 2; row++) {
    for (let col = 0; col < width / 2; col++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
        const o = ((row * 2 + dy) * image.width + col * 2 + dx) * 4;
        r += image.data[o]! / 4;
        g += image.data[o + 1]! / 4;
        b += image.data[o + 2]! / 4;
      }
      u[row * (width / 2) + col] = clamp(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
      v[row * (width / 2) + col] = clamp(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${options.fps ?? 5}:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), y, u, v]);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}

/** encodeY4m, written to `file` (Chromium wants an absolute path). */
export function writeY4m(file: string, png: Uint8Array, options: Y4mOptions = {}): string {
  writeFileSync(file, encodeY4m(png, options));
  return file;
}
