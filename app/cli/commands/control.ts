import type { Command } from 'commander';
import WebSocket from 'ws';
import { parseOption } from '../UsageError.ts';
import { FaultKindSchema, type FaultScope } from '../../../kiosk/protocol/ReaderFaultSpec.ts';
import { type SimCommandInput, SimCommandSchema } from '../../../kiosk/protocol/SimulatorControl.ts';
import { type UiClientFrameInput, UiClientFrameSchema, type UiServerFrame } from '../../../kiosk/protocol/UiFrame.ts';
import { UiEventSchema } from '../../../kiosk/protocol/UiEvent.ts';

const DEFAULT_URL = 'ws://127.0.0.1:8780/ws';

interface Connection {
  ws: WebSocket;
  /** Resolves on the server's ack for this id, rejects on its error frame. */
  request(frame: UiClientFrameInput): Promise<void>;
  /** Every frame the server sends, from now on. */
  onFrame(listener: (frame: UiServerFrame) => void): () => void;
  close(): void;
}

/** One ws connection to a running kiosk, as the control panel would open it. */
async function connect(url: string): Promise<Connection> {
  const target = new URL(url);
  target.searchParams.set('role', 'control');
  const ws = new WebSocket(target);
  const listeners = new Set<(frame: UiServerFrame) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as UiServerFrame;
    for (const l of listeners) l(frame);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', (e) => reject(new Error(`cannot reach the kiosk at ${url}: ${e.message} (is \`npm start\` running?)`)));
  });
  let next = 0;
  const onFrame = (listener: (frame: UiServerFrame) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    ws,
    onFrame,
    request(frame) {
      const id = `cli-${++next}`;
      const checked = UiClientFrameSchema.parse({ ...frame, id });
      return new Promise<void>((resolve, reject) => {
        const off = onFrame((f) => {
          if (f.type === 'ack' && f.id === id) {
            off();
            resolve();
          } else if (f.type === 'error' && (f.id === id || f.id === undefined)) {
            off();
            reject(Object.assign(new Error(f.message), { code: f.code }));
          }
        });
        ws.send(JSON.stringify(checked));
      });
    },
    close: () => ws.close(),
  };
}

async function withKiosk<T>(url: string, run: (c: Connection) => Promise<T>): Promise<T> {
  const c = await connect(url);
  try {
    return await run(c);
  } finally {
    c.close();
  }
}

/** One simulator lever; the command is checked here, so a typo is a usage error, not a round trip. */
function sendSim(url: string, command: { type: SimCommandInput['type'] } & Record<string, unknown>): Promise<void> {
  return withKiosk(url, (c) => c.request({ type: 'sim', command: parseOption(SimCommandSchema, command, 'simulator command') }));
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
    .option('--url <ws>', 'the kiosk ws channel', DEFAULT_URL);
  const url = () => (control.opts() as { url: string }).url;

  control.command('place <profile>').description('lay a card profile on the simulated reader').option('--smudged', 'a card face the scanner cannot read').action((profile: string, o: { smudged?: boolean }) => sendSim(url(), { type: 'card.place', profile, smudged: o.smudged }));
  control.command('remove').description('take the card off the reader').action(() => sendSim(url(), { type: 'card.remove' }));
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
      withKiosk(url(), (c) => c.request({ type: 'event', event: parseOption(UiEventSchema, { ...(json ? (JSON.parse(json) as object) : {}), type }, `event ${type}`) })),
    );
  control
    .command('state')
    .description('print the live state: visit step, device health, simulator')
    .action(() =>
      withKiosk(url(), async (c) => {
        const view = await new Promise<Extract<UiServerFrame, { type: 'view' }>>((resolve) => {
          const off = c.onFrame((f) => f.type === 'view' && (off(), resolve(f)));
        });
        console.log(JSON.stringify({ step: view.view.patient.step, health: view.view.patient.health, simulator: view.simulator, visitsToday: view.visits.length }, null, 2));
      }),
    );
  control
    .command('wait <step>')
    .description('wait until the patient screen is on <step> (prefix match), for scripts')
    .option('--timeout <ms>', 'give up after this long', '30000')
    .action((step: string, o: { timeout: string }) =>
      withKiosk(url(), (c) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => (off(), reject(new Error(`the kiosk did not reach ${step} within ${o.timeout} ms`))), Number(o.timeout));
          const off = c.onFrame((f) => {
            if (f.type !== 'view') return;
            const at = f.view.patient.step;
            if (at === step || at.startsWith(`${step}.`)) {
              clearTimeout(timer);
              off();
              resolve();
            }
          });
        }),
      ),
    );
  control
    .command('watch')
    .description('print the event log and APDU trace (PIN redacted) as JSON lines until Ctrl-C')
    .action(async () => {
      const c = await connect(url());
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
