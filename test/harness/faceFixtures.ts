import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CameraFrame } from '../../device/camera/FrameSource.ts';
import { readPngSize } from '../../device/cameraFrames/readPngSize.ts';

export const FACE_FIXTURES = fileURLToPath(new URL('../fixtures/faces/', import.meta.url));

/** Three different people with a card photo and a live frame each (test/fixtures/faces/README.md). */
export const PEOPLE = ['faceapi-sample1-1', 'faceapi-sample5-0', 'faceapi-sample6-0'] as const;
/** A live frame whose face is turned away (yaw ≈ −0.44 rad): the frontal gate refuses it. */
export const TURNED_FACE = 'faceapi-sample4-3';

export type FacePerson = (typeof PEOPLE)[number];

/** The greyscale card photo: 240×300 PNG, the simulator's 96×120 PNG, or the JPEG 2000 a real chip holds. */
export function cardPhoto(person: FacePerson, kind: 'png' | 'small' | 'jp2' = 'png'): Uint8Array {
  const file = { png: 'card.png', small: 'card-96x120.png', jp2: 'card.jp2' }[kind];
  return new Uint8Array(readFileSync(`${FACE_FIXTURES}${person}.${file}`));
}

/** A 640×480 camera frame of `person` (or of the turned face). */
export function liveFrame(person: FacePerson | typeof TURNED_FACE): CameraFrame {
  const png = new Uint8Array(readFileSync(`${FACE_FIXTURES}${person}.live.png`));
  return { png, ...readPngSize(png)!, capturedAt: Date.now() };
}
