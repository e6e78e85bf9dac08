import { describe, expect, it } from 'vitest';
import { benchConfirmations } from './benchConfirmations.ts';

describe('benchConfirmations', () => {
  it('measures full card confirmations and the bare echo server in one run, every confirmation 有効', async () => {
    const r = await benchConfirmations({ terminals: 4, durationMs: 300, people: 8, clinics: 2 });
    expect(r.confirmationsPerSecond).toBeGreaterThan(0);
    expect(r.confirmationFailures).toBe(0);
    expect(r.echoPerSecond).toBeGreaterThan(r.confirmationsPerSecond);
    expect(r.confirmationP99Ms).toBeGreaterThanOrEqual(r.confirmationP50Ms);
  }, 60_000);
});
