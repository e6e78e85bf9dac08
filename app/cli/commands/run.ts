import type { Command } from 'commander';
import { loadScenario } from '../../../sim/kioskScenario/KioskScenario.ts';
import { runScenario } from '../../runScenario.ts';
import { UsageError } from '../UsageError.ts';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the kiosk headless on the simulator from a scenario file (sim/scenarios/*.json) and print the trail of states and the visit record')
    .requiredOption('--scenario <file>', 'scenario file')
    .option('--quiet', 'print only the visit record')
    .option('--reader <kind>', 'sim, or pcsc: the card goes into the real pcscd through vpcd (overrides the scenario’s reader)')
    .option('--reader-name <name>', 'with pcsc: the reader', 'Virtual PCD 00 00')
    .option('--vpcd-port <port>', 'with pcsc: the vpcd port of that reader', '35963')
    .action(async (opts: { scenario: string; quiet?: boolean; reader?: string; readerName: string; vpcdPort: string }) => {
      if (opts.reader && opts.reader !== 'sim' && opts.reader !== 'pcsc') throw new UsageError('BAD_OPTION', `--reader must be sim or pcsc, got ${JSON.stringify(opts.reader)}`);
      const scenario = loadScenario(opts.scenario);
      if (!opts.quiet) console.log(`scenario: ${scenario.description}`);
      const run = await runScenario(scenario, {
        ...(opts.reader ? { reader: opts.reader as 'sim' | 'pcsc' } : {}),
        readerName: opts.readerName,
        vpcdPort: Number(opts.vpcdPort),
        ...(opts.quiet ? {} : { log: (line: string) => console.log(line) }),
      });
      console.log(JSON.stringify({ trail: run.trail, visit: run.visits[0] ?? null }, null, 2));
      for (const failure of run.failures) console.error(`expectation failed: ${failure}`);
      if (run.failures.length) process.exitCode = 1;
    });
}
