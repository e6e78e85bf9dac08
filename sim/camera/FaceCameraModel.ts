import { z } from 'zod';

/**
 * One attempt as a test, the control panel or a scenario file asks for it. A missing score or
 * capture time is drawn from the camera model. `cameraFault` here is a one-off; for a fault with a
 * scope use the fault catalogue (CameraFaultSpec.ts).
 */
export const SimFaceAttemptSchema = z
  .object({
    outcome: z.enum(['match', 'noMatch', 'noFace', 'cameraFault']),
    score: z.number().min(0).max(1).optional(),
    captureMs: z.number().min(0).optional(),
  })
  .strict();
export type SimFaceAttempt = z.infer<typeof SimFaceAttemptSchema>;
export type SimFaceAttemptInput = z.input<typeof SimFaceAttemptSchema>;

/**
 * The simulated camera's behaviour when nobody chose the outcome. All numbers are our own choices:
 * vendors do not publish thresholds or FAR/FRR for the 顔認証付きカードリーダー, and the timing
 * imitates what patients see (a few seconds to capture and match; a longer search before giving
 * up on finding a face; a fault shows quickly).
 */
export const FaceCameraModelSchema = z
  .object({
    seed: z.number().int().default(1),
    threshold: z.number().gt(0).lt(1).default(0.8),
    weights: z
      .object({ match: z.number().min(0), noMatch: z.number().min(0), noFace: z.number().min(0), cameraFault: z.number().min(0) })
      .strict()
      .refine((w) => w.match + w.noMatch + w.noFace + w.cameraFault > 0, 'at least one weight must be positive')
      .default({ match: 0.9, noMatch: 0.05, noFace: 0.05, cameraFault: 0 }),
    timing: z
      .object({ minMs: z.number().min(0), maxMs: z.number().min(0), noFaceMs: z.number().min(0), faultMs: z.number().min(0) })
      .strict()
      .refine((t) => t.minMs <= t.maxMs, 'minMs must not exceed maxMs')
      .default({ minMs: 1200, maxMs: 2800, noFaceMs: 5000, faultMs: 300 }),
  })
  .strict();
export type FaceCameraModel = z.infer<typeof FaceCameraModelSchema>;
export type FaceCameraModelInput = z.input<typeof FaceCameraModelSchema>;

/** An attempt with everything decided. */
export interface PlannedAttempt {
  outcome: SimFaceAttempt['outcome'];
  score: number | undefined;
  captureMs: number;
}

/** Throws when an attempt's score contradicts its outcome under the model's threshold. */
export function checkAttempt(attempt: SimFaceAttempt, threshold: number): void {
  if (attempt.score === undefined) return;
  if (attempt.outcome === 'match' && attempt.score < threshold) throw new RangeError(`a match needs a score of at least ${threshold}, got ${attempt.score}`);
  if (attempt.outcome === 'noMatch' && attempt.score >= threshold) throw new RangeError(`a noMatch needs a score below ${threshold}, got ${attempt.score}`);
}

/** Draw the outcome (unless given), the score and the capture time of one attempt. */
export function planAttempt(model: FaceCameraModel, random: () => number, given?: SimFaceAttempt): PlannedAttempt {
  const outcome = given?.outcome ?? drawOutcome(model, random());
  const { threshold, timing } = model;
  // Scores away from the threshold: a simulated module is sure of itself; borderline cases come from files.
  const score =
    outcome === 'match'
      ? (given?.score ?? threshold + 0.02 + random() * (0.99 - threshold - 0.02))
      : outcome === 'noMatch'
        ? (given?.score ?? 0.15 + random() * (threshold - 0.05 - 0.15))
        : undefined;
  const drawn = outcome === 'noFace' ? timing.noFaceMs : outcome === 'cameraFault' ? timing.faultMs : timing.minMs + random() * (timing.maxMs - timing.minMs);
  return { outcome, score, captureMs: given?.captureMs ?? Math.round(drawn) };
}

function drawOutcome(model: FaceCameraModel, r: number): SimFaceAttempt['outcome'] {
  const w = model.weights;
  let x = r * (w.match + w.noMatch + w.noFace + w.cameraFault);
  for (const outcome of ['match', 'noMatch', 'noFace', 'cameraFault'] as const) {
    if (x < w[outcome]) return outcome;
    x -= w[outcome];
  }
  return 'match';
}
