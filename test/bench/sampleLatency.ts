import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** One timed operation on one path, e.g. "SELECT JPKI AP" over "in-process". */
export interface BenchSubject {
  path: string;
  run: () => Promise<void>;
}

export interface SampleBudget {
  /** Untimed runs first, per path (JIT, caches, pcscd's first connect); bounded in time like the rest. */
  warmup: number;
  /** Stop a path once it has this many samples. */
  maxSamples: number;
  /** Stop every path once this much wall time has gone, whatever the sample count. */
  maxMs: number;
  /** Samples per path per round; the paths take turns so machine noise falls on all of them alike. */
  block: number;
}

/** A slow path's block also ends after this share of `maxMs`, so the fast path still gets its turns. */
const BLOCK_SHARE = 0.05;
/** Warm-up of one path stops after this share of `maxMs`, whatever `warmup` says. */
const WARMUP_SHARE = 0.1;

export interface LatencySummary {
  n: number;
  medianMs: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * Plain `performance.now()` samples, one per run, interleaved across paths in blocks. Chosen over
 * tinybench because what we report is a ratio between paths measured side by side, and interleaving
 * is what keeps that ratio honest on a noisy machine.
 *
 * We yield to the event loop after every block: the in-process path never leaves the microtask
 * queue, and a vicc (VpcdBridge) in this same process must keep answering pcscd's 400 ms presence poll.
 */
export async function sampleLatency(subjects: BenchSubject[], budget: SampleBudget): Promise<Map<string, LatencySummary>> {
  const samples = new Map<string, number[]>(subjects.map((s) => [s.path, []]));
  for (const subject of subjects) {
    const warmupEnd = performance.now() + budget.maxMs * WARMUP_SHARE;
    for (let i = 0; i < budget.warmup && performance.now() < warmupEnd; i++) await subject.run();
    await yieldToEventLoop();
  }
  const deadline = performance.now() + budget.maxMs;
  let pending = subjects;
  while (pending.length > 0 && performance.now() < deadline) {
    for (const subject of pending) {
      const own = samples.get(subject.path)!;
      const blockEnd = Math.min(deadline, performance.now() + budget.maxMs * BLOCK_SHARE);
      for (let i = 0; i < budget.block && own.length < budget.maxSamples && performance.now() < blockEnd; i++) {
        const start = performance.now();
        await subject.run();
        own.push(performance.now() - start);
      }
      await yieldToEventLoop();
    }
    pending = pending.filter((s) => samples.get(s.path)!.length < budget.maxSamples);
  }
  return new Map([...samples].map(([path, values]) => [path, summarise(values)]));
}

/** Nearest-rank percentiles: with fewer than 100 samples p99 is the maximum. */
export function summarise(values: number[]): LatencySummary {
  if (values.length === 0) return { n: 0, medianMs: NaN, p99Ms: NaN, meanMs: NaN, minMs: NaN, maxMs: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    n: sorted.length,
    medianMs: median,
    p99Ms: rank(0.99),
    meanMs: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
  };
}
