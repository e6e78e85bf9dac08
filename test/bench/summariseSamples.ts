import type { LatencySummary } from './sampleLatency.ts';

/** n, median, p99, mean, min and max of a set of timings in ms. */
export function summariseSamples(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { n: sorted.length, medianMs: at(0.5), p99Ms: at(0.99), meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, minMs: sorted[0]!, maxMs: sorted.at(-1)! };
}
