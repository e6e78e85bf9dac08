import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../browser/browserKiosk.ts';
import { liveFrame, PEOPLE } from '../harness/faceFixtures.ts';
import { encodeY4m, writeY4m } from '../harness/writeY4m.ts';

/** What the page's camera shows: the track's size and the mean colour of its centre. */
async function cameraFrameOf(y4m: string): Promise<{ width: number; height: number; rgb: number[] } | string> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const page = await browser.newPage();
    // getUserMedia needs a secure context: a localhost page, answered by the test itself.
    await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><video autoplay muted playsinline></video>' }));
    await page.goto('http://localhost/');
    return await page.evaluate(async () => {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        const video = document.querySelector('video')!;
        video.srcObject = stream;
        await video.play();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const canvas = Object.assign(document.createElement('canvas'), { width: video.videoWidth, height: video.videoHeight });
        const context = canvas.getContext('2d')!;
        context.drawImage(video, 0, 0);
        const { data } = context.getImageData(canvas.width / 2 - 40, canvas.height / 2 - 40, 80, 80);
        const rgb = [0, 1, 2].map((c) => { let s = 0; for (let i = c; i < data.length; i += 4) s += data[i]!; return s / (data.length / 4); });
        return { width: canvas.width, height: canvas.height, rgb };
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
  } finally {
    await browser.close();
  }
}

describe('the y4m writer for Chromium’s fake camera', () => {
  it('writes YUV4MPEG2 4:2:0: a header and frames of w×h×1.5 bytes', () => {
    const y4m = encodeY4m(liveFrame(PEOPLE[0]).png, { frames: 3 });
    const header = 'YUV4MPEG2 W640 H480 F5:1 Ip A1:1 C420jpeg\n';
    expect(y4m.subarray(0, header.length).toString('ascii')).toBe(header);
    expect(y4m.length).toBe(header.length + 3 * ('FRAME\n'.length + 640 * 480 * 1.5));
  });

  it('is accepted by Debian’s Chromium as a camera, showing the photograph’s colours', async () => {
    const file = writeY4m(join(mkdtempSync(join(tmpdir(), 'y4m-')), 'live.y4m'), liveFrame(PEOPLE[0]).png);
    const seen = await cameraFrameOf(file);
    expect(typeof seen === 'string' ? seen : 'a frame', 'NotFoundError means Chromium refused the file format').toBe('a frame');
    const frame = seen as Exclude<typeof seen, string>;
    expect([frame.width, frame.height]).toEqual([640, 480]);
    const source = PNG.sync.read(Buffer.from(liveFrame(PEOPLE[0]).png));
    const expected = [0, 1, 2].map((c) => {
      let s = 0;
      for (let y = 200; y < 280; y++) for (let x = 280; x < 360; x++) s += source.data[(y * 640 + x) * 4 + c]!;
      return s / 6400;
    });
    frame.rgb.forEach((value, c) => expect(Math.abs(value - expected[c]!), `channel ${c}: ${value} vs ${expected[c]}`).toBeLessThan(12));
  }, 30_000);
});
