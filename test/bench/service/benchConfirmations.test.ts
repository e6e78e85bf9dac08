import { describe, expect, it } from 'vitest';
import { benchConfirmations } from './benchConfirmations.ts';

describe('benchConfirmations', () => {
  it('measures full card confirmations (closed and open loop) and the bare echo server in one run, every confirmation 有効', async () => {
    const r = await benchConfirmations({ terminals: 4, durationMs: 300, openDurationMs: 300, rates: [20], people: 8, clinics: 2 });
    expect(r.closedLoop.completed).toBeGreaterThan(0);
    expect(r.closedLoop.errors).toBe(0);
    expect(r.serviceCpuMsPerConfirmation).toBeGreaterThan(0);
    expect(r.generatorCpuMsPerConfirmation).toBeGreaterThan(0);
    expect(r.echo.perSecond).toBeGreaterThan(r.closedLoop.perSecond);
    expect(r.closedLoop.p99Ms).toBeGreaterThanOrEqual(r.closedLoop.p50Ms);
    expect(r.openLoop).toHaveLength(1);
    expect(r.openLoop[0]).toMatchObject({ offered: 20, completed: 6, errors: 0 });
  }, 60_000);
});
