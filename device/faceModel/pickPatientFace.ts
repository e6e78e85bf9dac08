import type { DetectedFace } from './FaceModelMessages.ts';

/** |yaw| and |pitch| above this (radians, ≈ 14°) and the face is not decided on (research §1.6: turned faces score high against many people). */
export const FRONTAL_LIMIT_RAD = 0.25;

/**
 * The patient's face in a camera frame: among the faces at least half the size of the largest (the
 * patient stands closest), the one nearest the centre. Bystanders at the frame's edge are ignored;
 * human's own "most confident face" is not always the patient's (research §1.9). Null without a
 * describable face.
 */
export function pickPatientFace(faces: readonly DetectedFace[], width: number, height: number): DetectedFace | null {
  const described = faces.filter((f) => f.embedding);
  if (described.length === 0) return null;
  const area = (f: DetectedFace) => f.box[2] * f.box[3];
  const largest = Math.max(...described.map(area));
  const offCentre = (f: DetectedFace) => Math.hypot(f.box[0] + f.box[2] / 2 - width / 2, f.box[1] + f.box[3] / 2 - height / 2);
  return described.filter((f) => area(f) >= largest / 2).sort((a, b) => offCentre(a) - offCentre(b))[0]!;
}

/** Whether the face looks at the camera; a face without pose (no facemesh) counts as frontal. */
export function isFrontal(face: DetectedFace, limitRad = FRONTAL_LIMIT_RAD): boolean {
  return (face.yaw === null || Math.abs(face.yaw) <= limitRad) && (face.pitch === null || Math.abs(face.pitch) <= limitRad);
}
