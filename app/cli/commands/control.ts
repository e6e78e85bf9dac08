import type { Command } from 'commander';
import { KioskConnection } from '../KioskConnection.ts';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseOption, UsageError } from '../UsageError.ts';
import { SCREEN_TOKEN_FILE } from '../../ScreenToken.ts';
import { FaultKindSchema, type FaultScope } from '../../../kiosk/protocol/ReaderFaultSpec.ts';
import { type SimCommandInput, SimCommandSchema } from '../../../kiosk/protocol/SimulatorControl.ts';
import { UiEventSchema } from '../../../kiosk/protocol/UiEvent.ts';

const DEFAULT_URL = 'ws://127.0.0.1:8780/ws';

/** Options every `sim control` command takes. */
interface ControlOptions {
  url: string;
  connectTimeout: string;
  token?: string;
  dataDir: string;
}

/** The screen token: --token, else $MYNA_KIOSK_TOKEN, else the file in the kiosk's data directory. */
function tokenOf(options: ControlOptions): string {
  const given = options.token ?? process.env.MYNA_KIOSK_TOKEN;
  if (given) return given;
  const file = join(options.dataDir, SCREEN_TOKEN_FILE);
  if (!existsSync(file)) throw new UsageError('BAD_OPTION', `No screen token: ${file} does not exist. Pass --token (from the control panel link the kiosk printed) or --data-dir of the running kiosk.`);
  return readFileSync(file, 'utf8').trim();
}

async function withKiosk<T>(options: ControlOptions, run: (c: KioskConnection, timeoutMs: number) => Promise<T>): Promise<T> {
  const timeoutMs = Number(options.connectTimeout);
  const c = await KioskConnection.open(options.url, 'control', timeoutMs, tokenOf(options));
  try {
    return await run(c, timeoutMs);
  } finally {
    c.close();
  }
}

/** One simulator lever; the command is checked here, so a typo is a usage error, not a round trip. */
function sendSim(options: ControlOptions, command: { type: SimCommandInput['type'] } & Record<string, unknown>): Promise<void> {
  const checked = parseOption(SimCommandSchema, command, 'simulator command');
  return withKiosk(options, (c, timeoutMs) => c.request({ type: 'sim', command: checked }, timeoutMs));
}

function scopeOf(opts: { next?: boolean; count?: string; ms?: string }): FaultScope {
  if (opts.next) return { kind: 'next' };
  if (opts.count) return { kind: 'count', operations: Number(opts.count) };
  if (opts.ms) return { kind: 'duration', ms: Number(opts.ms) };
  return { kind: 'untilCleared' };
}

/**
 * `npm run kiosk -- sim control <command>`: every lever of the control panel, sent as the same ws
 * frames to a running kiosk, so scripts and tests need no browser. There is deliberately no PIN
 * command: a PIN typed on a command line ends up in shell history.
 */
export function registerControlCommand(sim: Command): void {
  const control = sim
    .command('control')
    .description('drive a running kiosk (npm start) like the control panel does')
    .option('--url <ws>', 'the kiosk ws channel', DEFAULT_URL)
    .option('--connect-timeout <ms>', 'give up on an unanswering kiosk after this long (every command but wait and watch)', '10000')
    .option('--token <token>', 'the screen token (default: $MYNA_KIOSK_TOKEN, else the kiosk data directory\'s screen-token file)')
    .option('--data-dir <dir>', 'the running kiosk\'s data directory (for its screen-token file)', join(homedir(), '.local', 'share', 'myna-kiosk'));
  const url = () => control.opts() as ControlOptions;

  control.command('place <profile>').description('lay a card profile on the simulated reader').option('--smudged', 'a card face the scanner cannot read').action((profile: string, o: { smudged?: boolean }) => sendSim(url(), { type: 'card.place', profile, smudged: o.smudged }));
  control.command('remove').description('take the card off the reader').action(() => sendSim(url(), { type: 'card.remove' }));
  control.command('app-place <profile>').description('lay a card profile on the マイナ資格確認アプリ’s simulated reader').action((profile: string) => sendSim(url(), { type: 'staffAppCard.place', profile }));
  control.command('app-remove').description('take the card off the staff app’s reader').action(() => sendSim(url(), { type: 'staffAppCard.remove' }));
  control
    .command('camera <outcome>')
    .description('outcome of the next face capture: match | noMatch | noFace | cameraFault')
    .action((outcome: string) => sendSim(url(), { type: 'camera.next', outcome }));
  control.command('camera-recovered').description('the camera works again').action(() => sendSim(url(), { type: 'camera.recovered' }));
  control
    .command('press <button>')
    .description('press a staff-panel button: visualOk | visualNg | staffCallAcknowledged | cancel')
    .action((button: string) => sendSim(url(), { type: 'panel.press', button }));
  control.command('panel-detach').description('unplug the staff panel').action(() => sendSim(url(), { type: 'panel.detach' }));
  control.command('panel-reattach').description('plug the staff panel back in').action(() => sendSim(url(), { type: 'panel.reattach' }));
  control
    .command('fault <kind>')
    .description(`inject a reader fault (${FaultKindSchema.options.join(', ')}); default scope: until cleared`)
    .option('--next', 'only the next operation')
    .option('--count <n>', 'the next n operations')
    .option('--ms <n>', 'for n milliseconds')
    .option('--probability <p>', 'dirtyContact: chance an APDU fails')
    .option('--seed <n>', 'seed of random faults')
    .option('--ins <hex>', 'cardPulled: only during this INS, e.g. B0')
    .action((kind: string, o: { next?: boolean; count?: string; ms?: string; probability?: string; seed?: string; ins?: string }) =>
      sendSim(url(), {
        type: 'reader.fault',
        fault: {
          kind: parseOption(FaultKindSchema, kind, 'fault kind'),
          scope: scopeOf(o),
          ...(o.probability ? { probability: Number(o.probability) } : {}),
          ...(o.seed ? { seed: Number(o.seed) } : {}),
          ...(o.ins ? { ins: parseInt(o.ins, 16) } : {}),
        },
      }),
    );
  control.command('clear-faults').description('clear every reader fault').action(() => sendSim(url(), { type: 'reader.clearFaults' }));
  control.command('reader-reattach').description('plug the reader back in (clears its faults)').action(() => sendSim(url(), { type: 'reader.reattach' }));
  control
    .command('service')
    .description('make the eligibility service slow, erroring or down')
    .option('--down', 'disconnect and refuse terminals')
    .option('--up', 'accept terminals again')
    .option('--fail-with <code>', 'answer every request with this error code')
    .option('--no-fail', 'stop answering with an error')
    .option('--delay <ms>', 'delay every answer')
    .action((o: { down?: boolean; up?: boolean; failWith?: string; fail?: boolean; delay?: string }) => {
      const faults: Record<string, unknown> = {};
      if (o.down) faults.down = true;
      if (o.up) faults.down = false;
      if (o.failWith) faults.failWith = o.failWith;
      if (o.fail === false) faults.failWith = null;
      if (o.delay !== undefined) faults.delayMs = Number(o.delay);
      return sendSim(url(), { type: 'service.faults', faults });
    });
  control
    .command('event <type> [json]')
    .description('send a patient or staff event, e.g. `event method.face` or `event consent.answered \'{"agree":true}\'`')
    .action((type: string, json: string | undefined) =>
      withKiosk(url(), (c, timeoutMs) => c.request({ type: 'event', event: parseOption(UiEventSchema, { ...(json ? (JSON.parse(json) as object) : {}), type }, `event ${type}`) }, timeoutMs)),
    );
  control
    .command('state')
    .description('print the live state: visit step, device health, simulator')
    .action(() =>
      withKiosk(url(), async (c, timeoutMs) => {
        const view = await c.view(() => true, timeoutMs, 'The kiosk’s first view');
        console.log(JSON.stringify({ step: view.view.patient.step, health: view.view.patient.health, simulator: view.simulator, visitsToday: view.visits.length }, null, 2));
      }),
    );
  control
    .command('wait <step>')
    .description('wait until the patient screen is on <step> (prefix match), for scripts')
    .option('--timeout <ms>', 'give up after this long', '30000')
    .action((step: string, o: { timeout: string }) =>
      withKiosk(url(), async (c) => {
        await c.view((f) => f.view.patient.step === step || f.view.patient.step.startsWith(`${step}.`), Number(o.timeout), `The kiosk reaching ${step}`);
      }),
    );
  control
    .command('watch')
    .description('print the event log and APDU trace (PIN redacted) as JSON lines until Ctrl-C')
    .action(async () => {
      const c = await KioskConnection.open(url().url, 'control', Number(url().connectTimeout), tokenOf(url()));
      c.onFrame((f) => {
        if (f.type === 'log' || f.type === 'trace') console.log(JSON.stringify(f));
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        c.ws.once('close', resolve);
      });
      c.close();
    });
}
