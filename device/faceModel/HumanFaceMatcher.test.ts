import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isCameraError } from '../camera/CameraError.ts';
import { cardPhoto, liveFrame, PEOPLE, TURNED_FACE } from '../../test/harness/faceFixtures.ts';
import { HumanFaceMatcher } from './HumanFaceMatcher.ts';
import { installedHumanModelFiles } from './HumanModelFiles.ts';

/** A PNG with no face in it: a grey gradient the size of a card photo. */
function facelessPng(): Uint8Array {
  const png = new PNG({ width: 96, height: 120 });
  for (let i = 0; i < png.data.length; i += 4) png.data.fill(100 + ((i / 4) % 96), i, i + 3).fill(255, i + 3, i + 4);
  return new Uint8Array(PNG.sync.write(png));
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.unreachable('it should have rejected');
}

describe('HumanFaceMatcher (human 3.3.6 on WASM, photographs from npm packages)', () => {
  const matcher = new HumanFaceMatcher();
  beforeAll(() => matcher.ready(), 30_000);
  afterAll(() => matcher.close());

  it('scores a card photo against a camera frame of the same person at or above the threshold, facing the camera', async () => {
    for (const person of PEOPLE) {
      const seen = await matcher.compare(cardPhoto(person), liveFrame(person));
      expect(seen, person).toMatchObject({ frontal: true });
      expect(seen.score, person).toBeGreaterThanOrEqual(matcher.threshold);
    }
  });

  it('scores different people below the threshold, also with bystanders in the frame', async () => {
    for (const [card, live] of [[PEOPLE[0], PEOPLE[1]], [PEOPLE[1], PEOPLE[2]], [PEOPLE[2], PEOPLE[0]]] as const) {
      const seen = await matcher.compare(cardPhoto(card), liveFrame(live));
      expect(seen.score, `${card} vs ${live}`).not.toBeNull();
      expect(seen.score!, `${card} vs ${live}`).toBeLessThan(matcher.threshold);
    }
    // PEOPLE[1]'s frame holds three faces: the patient is the large one near the centre.
    expect((await matcher.compare(cardPhoto(PEOPLE[1]), liveFrame(PEOPLE[1]))).faces).toBeGreaterThan(1);
  });

  it('matches the simulator-size card photo (96×120) and the JPEG 2000 a real chip holds, decoded with ffmpeg', async () => {
    const small = await matcher.compare(cardPhoto(PEOPLE[0], 'small'), liveFrame(PEOPLE[0]));
    expect(small.score).toBeGreaterThanOrEqual(matcher.threshold);
    const jp2 = await matcher.compare(cardPhoto(PEOPLE[0], 'jp2'), liveFrame(PEOPLE[0]));
    expect(jp2.score, 'JPEG 2000 needs Debian ffmpeg: apt-get install -y ffmpeg').toBeGreaterThanOrEqual(matcher.threshold);
  });

  it('does not decide on a turned face: the comparison says it is not frontal', async () => {
    const seen = await matcher.compare(cardPhoto(PEOPLE[0]), liveFrame(TURNED_FACE));
    expect(seen.frontal).toBe(false);
  });

  it('computes a card photo’s embedding once and reuses it for the next frames', async () => {
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const photo = cardPhoto(PEOPLE[2], 'small');
      await matcher.compare(photo, liveFrame(PEOPLE[2]));
      expect(posted).toHaveBeenCalledTimes(2); // the card photo, then the frame
      await matcher.compare(photo, liveFrame(PEOPLE[2]));
      expect(posted).toHaveBeenCalledTimes(3); // the frame only
    } finally {
      posted.mockRestore();
    }
  });

  it('rejects an empty, undecodable or faceless card photo with INVALID_PHOTO, saying what is wrong', async () => {
    const frame = liveFrame(PEOPLE[0]);
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(0), /empty/],
      [new TextEncoder().encode('not an image at all'), /neither PNG nor JPEG 2000/],
      [facelessPng(), /no face/],
    ];
    for (const [photo, message] of cases) {
      const error = await rejection(matcher.compare(photo, frame));
      expect(isCameraError(error, 'INVALID_PHOTO'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('rejects a JPEG 2000 photo with INVALID_PHOTO saying how to install ffmpeg when ffmpeg is missing', async () => {
    const withoutFfmpeg = new HumanFaceMatcher({ ffmpeg: '/nonexistent/ffmpeg' });
    // Not loaded: the photo is refused before the model would see it.
    withoutFfmpeg.ready = () => Promise.resolve();
    const error = await rejection(withoutFfmpeg.compare(cardPhoto(PEOPLE[0], 'jp2'), liveFrame(PEOPLE[0])));
    expect(isCameraError(error, 'INVALID_PHOTO')).toBe(true);
    expect((error as Error).message).toMatch(/JPEG 2000.*apt-get install -y ffmpeg/);
  });

  it('answers CAMERA_FAULT when the model’s worker dies mid-frame, and loads it again for the next call', async () => {
    const dying = vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker) {
      void this.terminate();
    });
    try {
      const error = await rejection(matcher.compare(cardPhoto(PEOPLE[1], 'small'), liveFrame(PEOPLE[1])));
      expect(isCameraError(error, 'CAMERA_FAULT'), String(error)).toBe(true);
    } finally {
      dying.mockRestore();
    }
    expect((await matcher.compare(cardPhoto(PEOPLE[1], 'small'), liveFrame(PEOPLE[1]))).score).toBeGreaterThanOrEqual(matcher.threshold);
  });

  it('answers ABORTED when the caller has already given up', async () => {
    const error = await rejection(matcher.compare(cardPhoto(PEOPLE[0]), liveFrame(PEOPLE[0]), AbortSignal.abort()));
    expect(isCameraError(error, 'ABORTED')).toBe(true);
  });
});

describe('HumanFaceMatcher without its model files', () => {
  it('rejects ready() with MODEL_MISSING naming the missing files and npm ci, when the models folder is empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-models-'));
    const matcher = new HumanFaceMatcher({ files: { modelDir: empty } });
    const error = await rejection(matcher.ready());
    expect(isCameraError(error, 'MODEL_MISSING')).toBe(true);
    expect((error as Error).message).toContain(join(empty, 'faceres.bin'));
    expect((error as Error).message).toMatch(/npm ci/);
    await matcher.close();
  });

  it('rejects with MODEL_MISSING when the files are there but are not the model (a broken install)', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'broken-models-'));
    mkdirSync(broken, { recursive: true });
    for (const name of ['blazeface', 'facemesh', 'faceres']) {
      writeFileSync(join(broken, `${name}.json`), '{"truncated":');
      writeFileSync(join(broken, `${name}.bin`), '');
    }
    const matcher = new HumanFaceMatcher({ files: { ...installedHumanModelFiles(), modelDir: broken } });
    const error = await rejection(matcher.ready());
    expect(isCameraError(error, 'MODEL_MISSING'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/did not load.*npm ci/);
    await matcher.close();
  }, 30_000);
});
