import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCameraError } from '../camera/CameraError.ts';
import { FACE_FIXTURES } from '../../test/harness/faceFixtures.ts';
import { FolderFrameSource } from './FolderFrameSource.ts';

const PNG_A = readFileSync(join(FACE_FIXTURES, 'faceapi-sample1-1.card-96x120.png'));
const PNG_B = readFileSync(join(FACE_FIXTURES, 'faceapi-sample1-1.live.png'));

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.unreachable('it should have rejected');
}

const later = (ms: number, fn: () => void) => setTimeout(fn, ms);

describe('FolderFrameSource (a scanner that drops images into a folder)', () => {
  it('answers with the newest PNG written after the request, not one that was already there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scans-'));
    writeFileSync(join(dir, 'old.png'), PNG_A);
    utimesSync(join(dir, 'old.png'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const source = new FolderFrameSource({ dir, pollMs: 20 });
    later(80, () => writeFileSync(join(dir, 'scan-0001.png'), PNG_B));
    const frame = await source.capture({ purpose: 'cardFace', deadlineMs: 2000 });
    expect(frame).toMatchObject({ width: 640, height: 480 });
    expect(Buffer.from(frame.png).equals(PNG_B)).toBe(true);
  });

  it('waits for a file still being written until its PNG end chunk is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scans-'));
    const source = new FolderFrameSource({ dir, pollMs: 20 });
    const file = join(dir, 'scan.png');
    later(30, () => writeFileSync(file, PNG_B.subarray(0, 1000)));
    later(200, () => writeFileSync(file, PNG_B));
    const started = Date.now();
    const frame = await source.capture({ purpose: 'cardFace', deadlineMs: 2000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(frame.png.length).toBe(PNG_B.length);
  });

  it('rejects with TIMEOUT when no new image comes, and ignores files that are not PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scans-'));
    const source = new FolderFrameSource({ dir, pollMs: 20 });
    later(30, () => writeFileSync(join(dir, 'scan.jpg'), 'a jpeg'));
    const error = await rejection(source.capture({ purpose: 'cardFace', deadlineMs: 150 }));
    expect(isCameraError(error, 'TIMEOUT')).toBe(true);
    expect((error as Error).message).toContain(dir);
  });

  it('rejects with NO_CAMERA naming the folder when it does not exist (source.lost once), and recovers when it appears', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scans-')), 'not-yet');
    const source = new FolderFrameSource({ dir, pollMs: 20 });
    const seen: string[] = [];
    source.on('source.lost', (error) => seen.push(`lost ${error.code}`));
    source.on('source.ready', () => seen.push('ready'));
    for (let i = 0; i < 2; i++) {
      const error = await rejection(source.capture({ purpose: 'cardFace', deadlineMs: 500 }));
      expect(isCameraError(error, 'NO_CAMERA')).toBe(true);
      expect((error as Error).message).toContain(dir);
    }
    mkdirSync(dir);
    later(30, () => writeFileSync(join(dir, 'scan.png'), PNG_A));
    await source.capture({ purpose: 'cardFace', deadlineMs: 1000 });
    expect(seen).toEqual(['lost NO_CAMERA', 'ready']);
  });

  it('rejects with ABORTED when the caller aborts, and with BUSY while a capture waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scans-'));
    const source = new FolderFrameSource({ dir, pollMs: 20 });
    const controller = new AbortController();
    const waiting = source.capture({ purpose: 'cardFace', deadlineMs: 5000, signal: controller.signal });
    expect(isCameraError(await rejection(source.capture({ purpose: 'cardFace', deadlineMs: 100 })), 'BUSY')).toBe(true);
    later(50, () => controller.abort());
    expect(isCameraError(await rejection(waiting), 'ABORTED')).toBe(true);
  });
});
