import { describe, expect, it } from 'vitest';
import { isCameraError } from '../../device/camera/CameraError.ts';
import type { FaceMatchResult } from '../../device/camera/FaceCamera.ts';
import { listFaceScenarios, loadFaceScenario, ScenarioError } from './FaceScenario.ts';
import { SimFaceCamera, type SimFaceCameraOptions } from './SimFaceCamera.ts';

const PHOTO = Uint8Array.of(0x89, 0x50, 0x4e, 0x47); // any non-empty bytes: the simulator does not look at the picture

/** A simulated clock in which each wait passes at once and moves time forward by its length. */
function camera(options: SimFaceCameraOptions = {}) {
  let now = 0;
  const cam = new SimFaceCamera({ now: () => now, sleep: async (ms) => void (now += ms), ...options });
  return { cam, elapsed: () => now };
}

async function attempt(cam: SimFaceCamera, deadlineMs = 10_000): Promise<FaceMatchResult | string> {
  return cam.matchFace({ cardPhoto: PHOTO, deadlineMs }).catch((e: unknown) => (isCameraError(e) ? e.code : String(e)));
}

describe('the simulated face camera', () => {
  it('plays queued outcomes first, one per attempt, with the score it was given', async () => {
    const { cam } = camera({ model: { weights: { match: 0, noMatch: 0, noFace: 1, cameraFault: 0 } } });
    cam.queueAttempts({ outcome: 'noMatch', score: 0.4 }, { outcome: 'match', score: 0.95 });
    expect(await attempt(cam)).toMatchObject({ outcome: 'noMatch', score: 0.4, threshold: 0.8 });
    expect(await attempt(cam)).toMatchObject({ outcome: 'match', score: 0.95 });
    expect(await attempt(cam)).toMatchObject({ outcome: 'noFace' });
    expect(cam.attempts).toBe(3);
  });

  it('refuses a queued score that contradicts the outcome under its threshold', () => {
    const { cam } = camera();
    expect(() => cam.queueAttempts({ outcome: 'match', score: 0.5 })).toThrow(/at least 0.8/);
    expect(() => cam.queueAttempts({ outcome: 'noMatch', score: 0.9 })).toThrow(/below 0.8/);
  });

  it('takes between 1.2 and 2.8 s for a match, and longer before giving up on finding a face', async () => {
    const { cam, elapsed } = camera();
    for (let i = 0; i < 20; i++) {
      const before = elapsed();
      const result = await attempt(cam);
      const took = elapsed() - before;
      if (typeof result !== 'string' && result.outcome !== 'noFace') expect(took).toBeGreaterThanOrEqual(1200);
      if (typeof result !== 'string' && result.outcome !== 'noFace') expect(took).toBeLessThanOrEqual(2800);
      if (typeof result !== 'string') expect(result.elapsedMs).toBe(took);
    }
    cam.queueAttempts({ outcome: 'noFace' });
    const before = elapsed();
    await attempt(cam);
    expect(elapsed() - before).toBe(5000);
  });

  it('repeats the same outcomes, scores and timings for the same seed', async () => {
    const run = async (seed: number) => {
      const { cam } = camera({ model: { seed, weights: { match: 1, noMatch: 1, noFace: 1, cameraFault: 1 } } });
      const results = [];
      for (let i = 0; i < 12; i++) results.push(await attempt(cam));
      return results;
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(7)).not.toEqual(await run(8));
  });

  it('draws outcomes in proportion to the model weights', async () => {
    const { cam } = camera({ model: { seed: 3, weights: { match: 0.7, noMatch: 0.2, noFace: 0.1, cameraFault: 0 } } });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const r = await attempt(cam);
      const key = typeof r === 'string' ? r : r.outcome;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts.match).toBeGreaterThan(640);
    expect(counts.match).toBeLessThan(760);
    expect(counts.noMatch).toBeGreaterThan(150);
    expect(counts.noFace).toBeGreaterThan(60);
    expect(counts.CAMERA_FAULT).toBeUndefined();
  });

  it('rejects with TIMEOUT at the deadline when the capture would take longer', async () => {
    const { cam, elapsed } = camera();
    cam.queueAttempts({ outcome: 'match', captureMs: 9000 });
    expect(await attempt(cam, 3000)).toBe('TIMEOUT');
    expect(elapsed()).toBe(3000);
  });

  it('rejects with ABORTED when the caller aborts during the capture', async () => {
    const abort = new AbortController();
    const cam = new SimFaceCamera({ sleep: async () => abort.abort() });
    const result = await cam.matchFace({ cardPhoto: PHOTO, deadlineMs: 5000, signal: abort.signal }).catch((e: unknown) => (isCameraError(e) ? e.code : e));
    expect(result).toBe('ABORTED');
  });

  it('rejects a second attempt while one runs with BUSY, and an empty card photo with INVALID_PHOTO', async () => {
    let release!: () => void;
    const cam = new SimFaceCamera({ sleep: () => new Promise<void>((resolve) => (release = resolve)) });
    const first = cam.matchFace({ cardPhoto: PHOTO, deadlineMs: 5000 });
    expect(await attempt(cam)).toBe('BUSY');
    release();
    await first;
    expect(await cam.matchFace({ cardPhoto: new Uint8Array(0), deadlineMs: 5000 }).catch((e: unknown) => (isCameraError(e) ? e.code : e))).toBe('INVALID_PHOTO');
  });

  it('fails the next two attempts with CAMERA_FAULT under a cameraFault fault counted in operations', async () => {
    const { cam } = camera();
    cam.queueAttempts({ outcome: 'match' });
    cam.injectFault({ kind: 'cameraFault', scope: { kind: 'count', operations: 2 } });
    expect(await attempt(cam)).toBe('CAMERA_FAULT');
    expect(await attempt(cam)).toBe('CAMERA_FAULT');
    expect(await attempt(cam)).toMatchObject({ outcome: 'match' }); // the queued outcome waited for the fault
  });

  it('makes captures slow enough to miss the deadline while a slowCapture fault lasts', async () => {
    const { cam } = camera();
    cam.injectFault({ kind: 'slowCapture', captureMs: 12_000, scope: { kind: 'duration', ms: 20_000 } });
    expect(await attempt(cam, 10_000)).toBe('TIMEOUT'); // clock at 10 s
    expect(await attempt(cam, 15_000)).not.toBe('TIMEOUT'); // 12 s capture within a 15 s deadline
    expect(await attempt(cam, 10_000)).not.toBe('TIMEOUT'); // clock past 20 s: the fault is over
  });
});

describe('face camera scenario files', () => {
  it('ships scenarios that all validate', () => {
    const names = listFaceScenarios();
    expect(names).toContain('no-face-then-match');
    for (const name of names) expect(loadFaceScenario(name).scenario.attempts.length).toBeGreaterThan(0);
  });

  it('plays "no face, then a match" and repeats the last attempt afterwards', async () => {
    const { cam } = camera({ scenario: loadFaceScenario('no-face-then-match').scenario });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(((await attempt(cam)) as FaceMatchResult).outcome);
    expect(outcomes).toEqual(['noFace', 'match', 'match', 'match']);
  });

  it('hands over to the model after the last attempt when the file says so', async () => {
    const { cam } = camera({ scenario: loadFaceScenario('borderline').scenario, model: { weights: { match: 0, noMatch: 0, noFace: 1, cameraFault: 0 } } });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(((await attempt(cam)) as FaceMatchResult).outcome);
    expect(outcomes).toEqual(['noMatch', 'match', 'noFace']);
  });

  it('names the known scenarios when asked for one that does not exist', () => {
    expect(() => loadFaceScenario('no-such-scenario')).toThrow(ScenarioError);
    expect(() => loadFaceScenario('no-such-scenario')).toThrow(/Known: .*never-matches/);
  });
});

describe('camera health reports', () => {
  it('reports a lasting fault at once and its recovery once cleared; a transient fault after the failed attempt', async () => {
    const camera = new SimFaceCamera({ sleep: async () => undefined });
    const seen: string[] = [];
    camera.on('camera.fault', () => seen.push('fault'));
    camera.on('camera.recovered', () => seen.push('recovered'));
    camera.injectFault({ kind: 'cameraFault' });
    camera.injectFault({ kind: 'cameraFault' });
    expect(seen).toEqual(['fault']);
    camera.clearFaults('cameraFault');
    expect(seen).toEqual(['fault', 'recovered']);
    camera.queueAttempts({ outcome: 'cameraFault', captureMs: 0 });
    await expect(camera.matchFace({ cardPhoto: Uint8Array.of(1), deadlineMs: 1000 })).rejects.toMatchObject({ code: 'CAMERA_FAULT' });
    expect(seen).toEqual(['fault', 'recovered']); // the failed attempt answers first
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(['fault', 'recovered', 'fault']);
    camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await camera.matchFace({ cardPhoto: Uint8Array.of(1), deadlineMs: 1000 });
    expect(seen).toEqual(['fault', 'recovered', 'fault', 'recovered']);
  });
});
