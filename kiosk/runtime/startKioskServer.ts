import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { InspectionEvent } from 'xstate';
import type { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import { listCardProfiles } from '../../sim/cardProfile/loadCardProfile.ts';
import type { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import type { ApduTraceEntry } from '../../sim/reader/SimReader.ts';
import type { KioskRuntime } from './createKioskRuntime.ts';
import { UI_PROTOCOL_VERSION, UiClientFrameSchema, type SimCommand, type UiLogEntry, type UiRole, type UiServerFrame, type UiSimulatorState, type UiTraceEntry } from '../protocol/UiProtocol.ts';

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
/** What a control panel opened late still gets of the trace and the event log. */
const HISTORY = 400;

/** Event details safe to show: never patient data beyond an outcome word, never anything PIN-related beyond its result. */
function describeEvent(event: { type: string } & Record<string, unknown>): string {
  const pick = (value: unknown) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);
  const output = event.output as Record<string, unknown> | undefined;
  const error = event.error as { code?: unknown } | undefined;
  const detail =
    pick(event.agree) ?? pick(event.outageCase) ?? pick(event.proof) ?? pick(event.index) ?? pick(output?.outcome) ?? pick(output?.kind) ?? pick(error?.code);
  return detail === undefined ? event.type : `${event.type} (${detail})`;
}

function roleOf(url: string | undefined): UiRole {
  const role = new URL(url ?? '/', 'http://kiosk').searchParams.get('role');
  return role === 'patient' || role === 'control' ? role : 'staff';
}

/** Serve the screens and the ws channel (`/ws?role=…`): state out on every change, commands in. */
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
  const clients = new Map<WebSocket, UiRole>();
  const traceHistory: UiTraceEntry[] = [];
  const logHistory: UiLogEntry[] = [];
  // The operator channel has no getter; the panel shows what was last set through it.
  let serviceFaults: UiSimulatorState['serviceFaults'] = { down: false, failWith: null, delayMs: 0 };

  const simulatorState = (): UiSimulatorState | null => {
    if (!simulator) return null;
    const holder = simulator.placed?.loaded.profile.holder;
    return {
      placed: simulator.placed?.loaded.name ?? null,
      placedCardFace: holder ? { name: holder.name, birthDate: holder.birthDate, sex: holder.sex, address: holder.address } : null,
      readerAttached: simulator.reader.attached,
      panelAttached: simulator.panel.attached,
      readerFaults: simulator.reader.faults.active().map((f) => ({
        id: f.id,
        kind: f.spec.kind,
        scope: f.spec.scope.kind === 'count' ? `${f.remaining} more operation(s)` : f.spec.scope.kind === 'duration' ? `until ${new Date(f.until).toLocaleTimeString()}` : f.spec.scope.kind === 'next' ? 'next operation' : 'until cleared',
      })),
      serviceFaults,
    };
  };

  const viewFrame = (role: UiRole): UiServerFrame => {
    const view = runtime.view();
    if (role === 'patient') return { type: 'view', view: { patient: view.patient, staff: null, visitId: null }, staffPhoto: null, visits: [], simulator: null };
    const photo = view.patient.step === 'visualCheck' ? runtime.cardPhoto() : undefined;
    return {
      type: 'view',
      view,
      // The card photo, for 目視確認 on the staff view only, and only while it is needed.
      staffPhoto: photo ? `data:image/png;base64,${Buffer.from(photo).toString('base64')}` : null,
      visits: todaysVisits(),
      simulator: simulatorState(),
    };
  };
  const send = (ws: WebSocket, frame: UiServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const todaysVisits = () => runtime.visits.list(new Date(Date.now() - 24 * 3600_000)).slice(0, 50);
  let lastVisits = '';
  const broadcastView = () => {
    lastVisits = JSON.stringify(todaysVisits());
    const byRole = new Map<UiRole, string>();
    for (const [ws, role] of clients) {
      if (!byRole.has(role)) byRole.set(role, JSON.stringify(viewFrame(role)));
      if (ws.readyState === ws.OPEN) ws.send(byRole.get(role)!);
    }
  };
  /** Trace and event log go to the staff and control roles, never to the patient panel. */
  const broadcastOps = (frame: UiServerFrame) => {
    const data = JSON.stringify(frame);
    for (const [ws, role] of clients) if (role !== 'patient' && ws.readyState === ws.OPEN) ws.send(data);
  };
  const remember = <T>(history: T[], item: T) => {
    history.push(item);
    if (history.length > HISTORY) history.shift();
  };
  const addLog = (kind: UiLogEntry['kind'], text: string) => {
    const entry: UiLogEntry = { at: Date.now(), kind, text };
    remember(logHistory, entry);
    broadcastOps({ type: 'log', entry });
  };

  let lastStep = runtime.view().patient.step;
  const offView = runtime.onChange((view) => {
    if (view.patient.step !== lastStep) {
      lastStep = view.patient.step;
      addLog('state', lastStep);
    }
    broadcastView();
  });
  // Re-checks (事後確認) write to the visit store outside the statechart, so no snapshot announces
  // them: look for changes to today's visits once a second while a staff view or panel listens.
  const visitWatch = setInterval(() => {
    if (![...clients.values()].some((role) => role !== 'patient')) return;
    if (JSON.stringify(todaysVisits()) !== lastVisits) broadcastView();
  }, 1000);
  visitWatch.unref();
  const inspection = runtime.actor.system.inspect((ev: InspectionEvent) => {
    if (ev.type === '@xstate.event' && ev.actorRef === runtime.actor) addLog('event', describeEvent(ev.event as { type: string } & Record<string, unknown>));
  });
  const offTrace = simulator?.reader.onTrace((entry: ApduTraceEntry) => {
    const e: UiTraceEntry = { at: entry.at, reader: entry.reader, command: entry.command, response: entry.response, error: entry.error };
    remember(traceHistory, e);
    broadcastOps({ type: 'trace', entry: e });
  });

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
        simulator.reader.injectFault(command.fault);
        return;
      case 'reader.reattach':
        simulator.reader.faults.clear();
        simulator.readers.reattach(simulator.readerName);
        return;
      case 'reader.clearFaults':
        simulator.reader.faults.clear();
        return;
      case 'service.faults': {
        if (!operator) throw new Error('NO_OPERATOR');
        const now = await operator.setFaults(command.faults as never);
        serviceFaults = { down: now.down, failWith: now.failWith, delayMs: now.delayMs };
        return;
      }
    }
  }

  wss.on('connection', (ws, req) => {
    const role = roleOf(req.url);
    clients.set(ws, role);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    send(ws, { type: 'hello', version: UI_PROTOCOL_VERSION, role, simulated: Boolean(simulator), profiles: simulator ? listCardProfiles() : [] });
    send(ws, viewFrame(role));
    if (role !== 'patient') {
      for (const entry of traceHistory) send(ws, { type: 'trace', entry });
      for (const entry of logHistory) send(ws, { type: 'log', entry });
    }
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        send(ws, { type: 'error', code: 'INVALID_FRAME', message: 'The frame is not JSON.' });
        return;
      }
      const result = UiClientFrameSchema.safeParse(parsed);
      if (!result.success) {
        // Never echo the frame or its values back: it may hold a PIN. Paths and messages only.
        send(ws, { type: 'error', code: 'INVALID_FRAME', message: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        return;
      }
      const msg = result.data;
      const ack = () => msg.id && send(ws, { type: 'ack', id: msg.id });
      const fail = (code: string, message: string) => send(ws, { type: 'error', code, message, ...(msg.id ? { id: msg.id } : {}) });
      if (msg.type === 'event') {
        addLog('command', `${role}: ${msg.event.type}`);
        runtime.send(msg.event);
        ack();
      } else if (msg.type === 'pin') {
        // Only the fact that a PIN went to the card is logged; its digits stay in this frame.
        if (!runtime.enterPin(msg.pin)) fail('NO_PIN_EXPECTED', 'No PIN entry is open.');
        else {
          addLog('command', `${role}: PIN handed to the card (not shown)`);
          ack();
        }
      } else {
        addLog('command', `${role}: ${msg.command.type}`);
        simulate(msg.command).then(
          () => (broadcastView(), ack()),
          (error: unknown) => fail(error instanceof Error && /^[A-Z_]+$/.test(error.message) ? error.message : 'COMMAND_FAILED', String(error instanceof Error ? error.message : error)),
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
      clearInterval(visitWatch);
      inspection.unsubscribe();
      for (const ws of clients.keys()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
