/**
 * human's `match.similarity` for faceres descriptors, with its defaults (order 2, multiplier 25,
 * min 0.2, max 0.8), re-implemented from @vladmandic/human 3.3.6 (dist: the functions behind
 * `human.match.similarity`) so the kiosk compares two embeddings without the model. Like human's, it
 * rounds to hundredths and saturates at 1.00 for any root distance ≤ 20: 1.00 does not mean the same
 * pixels.
 */
export function faceSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - (b[i] ?? 0);
    sum += d * d;
  }
  const distance = Math.round(100 * 25 * sum) / 100;
  if (distance === 0) return 1;
  const normalised = (1 - Math.sqrt(distance) / 100 - 0.2) / (0.8 - 0.2);
  return Math.round(100 * Math.max(Math.min(normalised, 1), 0)) / 100;
}
