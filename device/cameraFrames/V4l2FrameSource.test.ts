import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCameraError } from '../camera/CameraError.ts';
import { FACE_FIXTURES } from '../../test/harness/faceFixtures.ts';
import { V4l2FrameSource } from './V4l2FrameSource.ts';

const FRAME_FILE = join(FACE_FIXTURES, 'faceapi-sample1-1.live.png');
const ORIGINAL_PATH = process.env.PATH;

/**
 * A fake `ffmpeg` first on PATH: it records its arguments and then runs `body` (a shell snippet).
 * This machine has no /dev/video*, so the device is a plain file standing in for it.
 */
function fakeFfmpeg(body: string): { device: string; argsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-ffmpeg-'));
  const argsFile = join(dir, 'args');
  writeFileSync(join(dir, 'ffmpeg'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n${body}\n`);
  chmodSync(join(dir, 'ffmpeg'), 0o755);
  writeFileSync(join(dir, 'video0'), '');
  process.env.PATH = `${dir}${delimiter}${ORIGINAL_PATH}`;
  return { device: join(dir, 'video0'), argsFile };
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.unreachable('it should have rejected');
}

describe('V4l2FrameSource (a V4L2 camera through ffmpeg)', () => {
  afterEach(() => {
    process.env.PATH = ORIGINAL_PATH;
  });

  it('takes one still as PNG with the command of docs/hardware.md (device, format, size, settle frames)', async () => {
    const { device, argsFile } = fakeFfmpeg(`cat '${FRAME_FILE}'`);
    const source = new V4l2FrameSource({ device, inputFormat: 'mjpeg', videoSize: '1280x720' });
    const frame = await source.capture({ purpose: 'cardFace', deadlineMs: 5000 });
    expect(frame).toMatchObject({ width: 640, height: 480 });
    expect(Buffer.from(frame.png).equals(readFileSync(FRAME_FILE))).toBe(true);
    const args = readFileSync(argsFile, 'utf8').trim().split('\n');
    expect(args).toEqual(source.commandLine.slice(1));
    expect(args.join(' ')).toContain(`-f v4l2 -input_format mjpeg -video_size 1280x720 -i ${device} -vf select=gte(n\\,5) -frames:v 1 -f image2pipe -vcodec png pipe:1`);
  });

  it('rejects with NO_CAMERA when the device is missing, saying how to list cameras', async () => {
    const source = new V4l2FrameSource({ device: '/dev/video-that-is-not-there' });
    const error = await rejection(source.capture({ purpose: 'face', deadlineMs: 1000 }));
    expect(isCameraError(error, 'NO_CAMERA')).toBe(true);
    expect((error as Error).message).toMatch(/\/dev\/video-that-is-not-there.*v4l2-ctl --list-devices/);
  });

  it('rejects with NO_CAMERA saying how to install ffmpeg when it is not installed', async () => {
    const { device } = fakeFfmpeg('true');
    process.env.PATH = '/nonexistent';
    const error = await rejection(new V4l2FrameSource({ device }).capture({ purpose: 'face', deadlineMs: 1000 }));
    expect(isCameraError(error, 'NO_CAMERA')).toBe(true);
    expect((error as Error).message).toContain('apt-get install -y ffmpeg');
  });

  it('reports a camera held by another program as IN_USE and source.lost, and the next good frame as source.ready', async () => {
    const { device, argsFile } = fakeFfmpeg(`echo "[video4linux2,v4l2 @ 0x1] Cannot open video device ${'$'}DEV: Device or resource busy" >&2; exit 1`);
    const source = new V4l2FrameSource({ device });
    const seen: string[] = [];
    source.on('source.lost', (error) => seen.push(`lost ${error.code}`));
    source.on('source.ready', () => seen.push('ready'));
    const error = await rejection(source.capture({ purpose: 'face', deadlineMs: 2000 }));
    expect(isCameraError(error, 'IN_USE')).toBe(true);
    expect((error as Error).message).toMatch(/in use by another program/);
    writeFileSync(argsFile.replace(/args$/, 'ffmpeg'), `#!/bin/sh\ncat '${FRAME_FILE}'\n`);
    await source.capture({ purpose: 'face', deadlineMs: 2000 });
    expect(seen).toEqual(['lost IN_USE', 'ready']);
  });

  it('rejects with TIMEOUT when ffmpeg gives no frame before the deadline, and with ABORTED on the signal', async () => {
    const { device } = fakeFfmpeg('sleep 5');
    const source = new V4l2FrameSource({ device });
    const started = Date.now();
    expect(isCameraError(await rejection(source.capture({ purpose: 'face', deadlineMs: 200 })), 'TIMEOUT')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(isCameraError(await rejection(source.capture({ purpose: 'face', deadlineMs: 5000, signal: controller.signal })), 'ABORTED')).toBe(true);
  });

  it('with the real ffmpeg and a test-pattern input in place of the device, gives a real PNG still', async () => {
    const source = new V4l2FrameSource({ input: ['-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=5'] });
    const frame = await source.capture({ purpose: 'face', deadlineMs: 10_000 });
    expect(frame, 'needs Debian ffmpeg: apt-get install -y ffmpeg').toMatchObject({ width: 640, height: 480 });
  });
});
