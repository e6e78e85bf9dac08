import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/kioskScenario/KioskScenario.ts';
import { runScenario } from '../../app/runScenario.ts';

const DIR = 'sim/scenarios';

describe('every shipped scenario plays through and meets its expectations', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    it(file, async () => {
      const run = await runScenario(loadScenario(join(DIR, file)));
      expect(run.failures).toEqual([]);
      expect(run.trail.at(-1)).toBe('standby');
    }, 30_000);
  }
});
