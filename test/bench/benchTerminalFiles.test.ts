import { describe, expect, it } from 'vitest';
import { benchTerminalFiles, formatTerminalFiles } from './benchTerminalFiles.ts';

describe('benchTerminalFiles', () => {
  it('times 個別照会 through the folder for each watch setting and over ws in one run', async () => {
    const r = await benchTerminalFiles({ requests: 12, inFlight: 4 });
    expect(r.paths.map((p) => p.n)).toEqual([12, 12, 12, 12]);
    for (const p of r.paths) expect(p.p99Ms).toBeGreaterThanOrEqual(p.p50Ms);
    // A file cannot be answered before it has stood still for the stability time.
    expect(r.paths[0]!.p50Ms).toBeGreaterThanOrEqual(300);
    expect(r.paths.at(-1)!.perSecond).toBeGreaterThan(r.paths[0]!.perSecond);
    expect(formatTerminalFiles(r)).toContain('baseline: ws client');
  }, 60_000);
});
