import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = 'sim/scenarios/pcsc';

/** The headless scenario runner on the real PC/SC path, as a person runs it: `npm run kiosk -- run --reader pcsc --scenario FILE`. */
describe('the PC/SC scenarios play through the real pcscd', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    it(file, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'app/cli/main.ts', 'run', '--reader', 'pcsc', '--scenario', join(DIR, file)], { encoding: 'utf8', timeout: 60_000 });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      const record = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { trail: string[]; visit: { outcome: string } };
      expect(record.visit.outcome).toBe('completed');
      expect(record.trail).toContain('readingCard');
      expect(record.trail.at(-1)).toBe('standby');
    }, 70_000);
  }
});
