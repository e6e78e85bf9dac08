import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { OperatorClient } from '../../server/client/OperatorClient.ts';
import { listCardProfiles } from '../../sim/profile/loadCardProfile.ts';
import type { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import type { ApduTraceEntry } from '../../sim/reader/SimReader.ts';
import type { KioskRuntime } from './createKioskRuntime.ts';
import { UI_PROTOCOL_VERSION, UiClientFrameSchema, type SimCommand } from './UiProtocol.ts';

export interface KioskServerOptions {
  runtime: KioskRuntime;
  /** Present when the devices are simulated: the control panel's levers work on them. */
  simulator?: SimKioskDevices;
  /** The eligibility service's operator channel, for "slow / erroring / down" from the control panel. */
  operator?: OperatorClient;
  port?: number;
  host?: string;
  /** The built screens (kiosk/ui/dist); served as static files. */
  staticDir?: string;
  log?: (line: string) => void;
}

export interface RunningKioskServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
/** Frames over this size are refused before parsing. */
const MAX_FRAME = 64 * 1024;

/** Serve the screens and the ws channel (`/ws`): state out on every change, commands in. */
export async function startKioskServer(options: KioskServerOptions): Promise<RunningKioskServer> {
  const { runtime, simulator, operator } = options;
  const log = options.log ?? (() => undefined);
  const staticDir = options.staticDir;
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (!staticDir || !existsSync(staticDir)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The screens are not built: run `npm run build:ui`.\n');
      return;
    }
    let file = normalize(join(staticDir, path));
    if (!file.startsWith(normalize(staticDir)) || !existsSync(file) || statSync(file).isDirectory()) file = join(staticDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: MAX_FRAME });
  const clients = new Set<WebSocket>();

  const frame = () => {
    const view = runtime.view();
    const photo = view.patient.step === 'visualCheck' ? runtime.cardPhoto() : undefined;
    return JSON.stringify({
      type: 'view',
      view,
      // The card photo, for 目視確認 on the staff view only, and only while it is needed.
      staffPhoto: photo ? `data:image/png;base64,${Buffer.from(photo).toString('base64')}` : null,
      visits: runtime.visits.list(new Date(Date.now() - 24 * 3600_000)).slice(0, 50),
      simulator: simulator ? { placed: simulator.placed?.loaded.name ?? null, readerAttached: simulator.reader.attached, panelAttached: simulator.panel.attached } : null,
    });
  };
  const broadcast = (data: string) => {
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(data);
  };
  const offView = runtime.onChange(() => broadcast(frame()));
  const offTrace = simulator?.reader.onTrace((entry: ApduTraceEntry) => broadcast(JSON.stringify({ type: 'trace', entry })));

  async function simulate(command: SimCommand): Promise<void> {
    if (!simulator) throw new Error('NOT_SIMULATED');
    switch (command.type) {
      case 'card.place':
        await simulator.placeCard(command.profile, [], { smudged: command.smudged });
        return;
      case 'card.remove':
        simulator.removeCard();
        return;
      case 'camera.next':
        simulator.camera.queueAttempts({ outcome: command.outcome });
        return;
      case 'camera.recovered':
        runtime.send({ type: 'camera.recovered' });
        return;
      case 'panel.press':
        simulator.panel.pressButton(command.button);
        return;
      case 'panel.detach':
        simulator.panel.detach();
        return;
      case 'panel.reattach':
        simulator.panel.reattach();
        return;
      case 'reader.fault':
        simulator.reader.injectFault(command.fault as never);
        return;
      case 'reader.reattach':
        simulator.reader.faults.clear();
        simulator.readers.reattach(simulator.readerName);
        return;
      case 'reader.clearFaults':
        simulator.reader.faults.clear();
        return;
      case 'service.faults':
        if (!operator) throw new Error('NO_OPERATOR');
        await operator.setFaults(command.faults as never);
        return;
    }
  }

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.send(JSON.stringify({ type: 'hello', version: UI_PROTOCOL_VERSION, simulated: Boolean(simulator), profiles: simulator ? listCardProfiles() : [] }));
    ws.send(frame());
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        ws.send(JSON.stringify({ type: 'error', code: 'INVALID_FRAME', message: 'The frame is not JSON.' }));
        return;
      }
      const result = UiClientFrameSchema.safeParse(parsed);
      if (!result.success) {
        // Never echo the frame back: it may hold a PIN.
        ws.send(JSON.stringify({ type: 'error', code: 'INVALID_FRAME', message: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }));
        return;
      }
      const msg = result.data;
      if (msg.type === 'event') runtime.send(msg.event);
      else if (msg.type === 'pin') {
        if (!runtime.enterPin(msg.pin)) ws.send(JSON.stringify({ type: 'error', code: 'NO_PIN_EXPECTED', message: 'No PIN entry is open.' }));
      } else {
        simulate(msg.command).then(
          () => broadcast(frame()),
          (error: unknown) => ws.send(JSON.stringify({ type: 'error', code: error instanceof Error && /^[A-Z_]+$/.test(error.message) ? error.message : 'COMMAND_FAILED', message: String(error instanceof Error ? error.message : error) })),
        );
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  log(`kiosk screens at ${url}`);
  return {
    server,
    url,
    async close() {
      offView();
      offTrace?.();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
