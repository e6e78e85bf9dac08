#!/usr/bin/env -S npx tsx
// One CLI for everything a person runs by hand: `npm run kiosk -- <command> [options]`.
import 'reflect-metadata';
import { Command } from 'commander';
import { registerSimCommands } from './commands/sim.ts';
import { registerCardCommands } from './commands/card.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerControlCommand } from './commands/control.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerServerCommands } from './commands/server.ts';
import { registerTerminalCommand } from './commands/terminal.ts';
import { registerLinkageCommands } from './commands/linkage.ts';

const program = new Command()
  .name('kiosk')
  .description('マイナ保険証 check-in kiosk: simulator, card tools and runtime')
  .showHelpAfterError()
  .configureHelp({ showGlobalOptions: true });

registerSimCommands(program);
// `sim control …` drives a running kiosk; it lives beside the other simulator commands.
registerControlCommand(program.commands.find((c) => c.name() === 'sim')!);
registerCardCommands(program);
registerStartCommand(program);
registerRunCommand(program);
registerServerCommands(program);
registerTerminalCommand(program);
registerLinkageCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const code = typeof error === 'object' && error && 'code' in error ? `[${String((error as { code: unknown }).code)}] ` : '';
  console.error(`error: ${code}${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
