import type { Command } from 'commander';
import { loadScenario } from '../../../sim/kioskScenario/KioskScenario.ts';
import { runScenario } from '../../runScenario.ts';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the kiosk headless on the simulator from a scenario file (sim/scenarios/*.json) and print the trail of states and the visit record')
    .requiredOption('--scenario <file>', 'scenario file')
    .option('--quiet', 'print only the visit record')
    .action(async (opts: { scenario: string; quiet?: boolean }) => {
      const scenario = loadScenario(opts.scenario);
      if (!opts.quiet) console.log(`scenario: ${scenario.description}`);
      const run = await runScenario(scenario, opts.quiet ? undefined : (line) => console.log(line));
      console.log(JSON.stringify({ trail: run.trail, visit: run.visits[0] ?? null }, null, 2));
      for (const failure of run.failures) console.error(`expectation failed: ${failure}`);
      if (run.failures.length) process.exitCode = 1;
    });
}
