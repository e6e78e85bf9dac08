import { afterAll, describe, expect, it } from 'vitest';
import { CameraError, isCameraError } from '../camera/CameraError.ts';
import type { FaceComparison, FaceMatcher } from '../camera/FaceMatcher.ts';
import type { CameraFrame } from '../camera/FrameSource.ts';
import { cardPhoto, liveFrame, PEOPLE } from '../../test/harness/faceFixtures.ts';
import { ScriptedFrameSource, type FrameStep } from '../../test/harness/ScriptedFrameSource.ts';
import { HumanFaceMatcher } from './HumanFaceMatcher.ts';
import { ModelFaceCamera } from './ModelFaceCamera.ts';

const PHOTO = Uint8Array.of(1, 2, 3);
const FRAME: CameraFrame = { png: Uint8Array.of(0), width: 640, height: 480, capturedAt: 0 };
const frames = (n: number, delayMs = 0): FrameStep[] => Array.from({ length: n }, () => ({ frame: FRAME, delayMs }));

/** A face model that answers each comparison from a script (repeating the last). */
class ScriptedMatcher implements FaceMatcher {
  readonly name = 'scripted model';
  readonly threshold = 0.5;
  compared = 0;
  readyError: CameraError | undefined;
  constructor(private readonly answers: Array<FaceComparison | CameraError>) {}
  ready(): Promise<void> {
    return this.readyError ? Promise.reject(this.readyError) : Promise.resolve();
  }
  async compare(): Promise<FaceComparison> {
    const answer = this.answers[Math.min(this.compared++, this.answers.length - 1)]!;
    if (answer instanceof CameraError) throw answer;
    return answer;
  }
  async close(): Promise<void> {}
}

const face = (score: number, frontal = true): FaceComparison => ({ faces: 1, score, frontal });
const NOBODY: FaceComparison = { faces: 0, score: null, frontal: false };

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.unreachable('it should have rejected');
}

describe('ModelFaceCamera (a frame source + a face model)', () => {
  it('matches on the first frontal frame at or above the threshold, reporting score and threshold', async () => {
    const source = new ScriptedFrameSource(frames(1));
    const camera = new ModelFaceCamera({ source, matcher: new ScriptedMatcher([face(0.8)]) });
    expect(await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 2000 })).toMatchObject({ outcome: 'match', score: 0.8, threshold: 0.5 });
    expect(source.requests).toHaveLength(1);
    expect(source.requests[0]).toMatchObject({ purpose: 'face' });
  });

  it('answers noMatch with the best score of two frontal frames', async () => {
    const source = new ScriptedFrameSource(frames(1));
    const camera = new ModelFaceCamera({ source, matcher: new ScriptedMatcher([face(0.3), face(0.45), face(0.49)]) });
    expect(await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 2000 })).toMatchObject({ outcome: 'noMatch', score: 0.45, threshold: 0.5 });
    expect(source.requests).toHaveLength(2);
  });

  it('keeps capturing past empty frames and turned faces until a frontal face is seen (a turned face never decides)', async () => {
    const source = new ScriptedFrameSource(frames(1));
    const camera = new ModelFaceCamera({ source, matcher: new ScriptedMatcher([NOBODY, face(0.9, false), NOBODY, face(0.7)]) });
    expect(await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 2000 })).toMatchObject({ outcome: 'match', score: 0.7 });
    expect(source.requests).toHaveLength(4);
  });

  it('answers noFace at the deadline when frames came but no frontal face was in them', async () => {
    const camera = new ModelFaceCamera({ source: new ScriptedFrameSource(frames(1, 20)), matcher: new ScriptedMatcher([NOBODY, face(0.9, false)]) });
    const result = await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 300 });
    expect(result.outcome).toBe('noFace');
    expect(result.elapsedMs).toBeGreaterThanOrEqual(290);
    expect(result.elapsedMs).toBeLessThan(600);
  });

  it('decides on what was scored when the deadline comes between the two frames', async () => {
    const camera = new ModelFaceCamera({ source: new ScriptedFrameSource([{ frame: FRAME }, 'hang']), matcher: new ScriptedMatcher([face(0.4)]) });
    expect(await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 200 })).toMatchObject({ outcome: 'noMatch', score: 0.4 });
  });

  it('rejects with TIMEOUT when no frame was compared by the deadline, even if the source ignores its signal', async () => {
    const camera = new ModelFaceCamera({ source: new ScriptedFrameSource(['hang']), matcher: new ScriptedMatcher([face(0.9)]) });
    const started = Date.now();
    expect(isCameraError(await rejection(camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 150 })), 'TIMEOUT')).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
    const deaf = new ModelFaceCamera({ source: { name: 'deaf', capture: () => new Promise(() => undefined), on: () => () => undefined }, matcher: new ScriptedMatcher([face(0.9)]) });
    expect(isCameraError(await rejection(deaf.matchFace({ cardPhoto: PHOTO, deadlineMs: 100 })), 'TIMEOUT')).toBe(true);
  });

  it('rejects with ABORTED as soon as the caller aborts', async () => {
    const camera = new ModelFaceCamera({ source: new ScriptedFrameSource(['hang']), matcher: new ScriptedMatcher([face(0.9)]) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(isCameraError(await rejection(camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 5000, signal: controller.signal })), 'ABORTED')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects a second attempt with BUSY while one runs; the first one still answers', async () => {
    const camera = new ModelFaceCamera({ source: new ScriptedFrameSource(frames(1, 100)), matcher: new ScriptedMatcher([face(0.8)]) });
    const first = camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 2000 });
    expect(isCameraError(await rejection(camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 2000 })), 'BUSY')).toBe(true);
    expect(await first).toMatchObject({ outcome: 'match' });
    expect(await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 2000 })).toMatchObject({ outcome: 'match' });
  });

  it('rejects an empty or unreadable card photo with INVALID_PHOTO, which is not a camera fault', async () => {
    const camera = new ModelFaceCamera({ source: new ScriptedFrameSource(frames(1)), matcher: new ScriptedMatcher([new CameraError('INVALID_PHOTO', 'no face in the card photo')]) });
    const faults: CameraError[] = [];
    camera.on('camera.fault', (error) => faults.push(error));
    expect(isCameraError(await rejection(camera.matchFace({ cardPhoto: new Uint8Array(0), deadlineMs: 1000 })), 'INVALID_PHOTO')).toBe(true);
    expect(isCameraError(await rejection(camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 1000 })), 'INVALID_PHOTO')).toBe(true);
    expect(faults).toEqual([]);
  });

  it('reports the frame source going away and coming back as camera.fault and camera.recovered, once each', () => {
    const source = new ScriptedFrameSource(frames(1));
    const camera = new ModelFaceCamera({ source, matcher: new ScriptedMatcher([face(0.8)]) });
    const seen: string[] = [];
    camera.on('camera.fault', (error) => seen.push(`fault ${error.code}`));
    camera.on('camera.recovered', () => seen.push('recovered'));
    source.emit('source.lost', new CameraError('NO_CAMERA', 'unplugged'));
    source.emit('source.lost', new CameraError('NO_CAMERA', 'still unplugged'));
    source.emit('source.ready');
    source.emit('source.ready');
    expect(seen).toEqual(['fault NO_CAMERA', 'recovered']);
    camera.close();
    source.emit('source.lost', new CameraError('NO_CAMERA', 'after close'));
    expect(seen).toHaveLength(2);
  });

  it('turns NO_CAMERA, CAMERA_FAULT and MODEL_MISSING into a camera.fault, and the next good frame into camera.recovered', async () => {
    const source = new ScriptedFrameSource([{ error: new CameraError('NO_CAMERA', 'no /dev/video0') }, { frame: FRAME }]);
    const matcher = new ScriptedMatcher([face(0.8)]);
    const camera = new ModelFaceCamera({ source, matcher });
    const seen: string[] = [];
    camera.on('camera.fault', (error) => seen.push(`fault ${error.code}`));
    camera.on('camera.recovered', () => seen.push('recovered'));
    expect(isCameraError(await rejection(camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 1000 })), 'NO_CAMERA')).toBe(true);
    expect(await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 1000 })).toMatchObject({ outcome: 'match' });
    matcher.readyError = new CameraError('MODEL_MISSING', 'npm ci');
    expect(isCameraError(await rejection(camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 1000 })), 'MODEL_MISSING')).toBe(true);
    matcher.readyError = undefined;
    await camera.matchFace({ cardPhoto: PHOTO, deadlineMs: 1000 });
    const broken = new ModelFaceCamera({ source, matcher: new ScriptedMatcher([new CameraError('CAMERA_FAULT', 'worker died')]) });
    broken.on('camera.fault', (error) => seen.push(`fault ${error.code}`));
    expect(isCameraError(await rejection(broken.matchFace({ cardPhoto: PHOTO, deadlineMs: 1000 })), 'CAMERA_FAULT')).toBe(true);
    expect(seen).toEqual(['fault NO_CAMERA', 'recovered', 'fault MODEL_MISSING', 'recovered', 'fault CAMERA_FAULT']);
  });
});

describe('ModelFaceCamera on the real face model (HumanFaceMatcher) with photographs', () => {
  const matcher = new HumanFaceMatcher();
  afterAll(() => matcher.close());

  it('matches the card holder and does not match another person', async () => {
    const holder = new ModelFaceCamera({ source: new ScriptedFrameSource([{ frame: liveFrame(PEOPLE[0]) }]), matcher });
    expect(await holder.matchFace({ cardPhoto: cardPhoto(PEOPLE[0], 'small'), deadlineMs: 10_000 })).toMatchObject({ outcome: 'match', threshold: 0.5 });
    const stranger = new ModelFaceCamera({ source: new ScriptedFrameSource([{ frame: liveFrame(PEOPLE[1]) }]), matcher });
    const noMatch = await stranger.matchFace({ cardPhoto: cardPhoto(PEOPLE[0], 'small'), deadlineMs: 10_000 });
    expect(noMatch.outcome).toBe('noMatch');
  }, 30_000);
});
