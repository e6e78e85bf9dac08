import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { InspectionEvent } from 'xstate';
import type { SimulatorControl } from '../protocol/SimulatorControl.ts';
import { MAX_CAMERA_FRAME_BYTES, type UiRole } from '../protocol/UiFrame.ts';
import type { KioskRuntime } from './createKioskRuntime.ts';
import type { ScreenFrameSource } from './ScreenFrameSource.ts';
import { serveStaticFiles } from './serveStaticFiles.ts';
import { UiChannel } from './UiChannel.ts';

export interface KioskServerOptions {
  runtime: KioskRuntime;
  /** Present when the devices are simulated: the control panel's levers work on them. */
  simulator?: SimulatorControl;
  port?: number;
  host?: string;
  /** The screen's own camera, when a sensor is configured to use it: frames come from the patient page. */
  screenCamera?: ScreenFrameSource;
  /** The built screens (kiosk/ui/dist); served as static files. */
  staticDir?: string;
  log?: (line: string) => void;
}

export interface RunningKioskServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}


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
  const { runtime, simulator } = options;
  const log = options.log ?? (() => undefined);
  const server = createServer(serveStaticFiles(options.staticDir));
  // Camera frames are the only large ones; the channel refuses any other frame over MAX_UI_FRAME_BYTES.
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: MAX_CAMERA_FRAME_BYTES + 1024 });
  const channel = new UiChannel(runtime, simulator, options.screenCamera);
  wss.on('connection', (ws, req) => channel.attach(ws, roleOf(req.url)));

  let lastStep = runtime.view().patient.step;
  const offView = runtime.onChange((view) => {
    if (view.patient.step !== lastStep) {
      lastStep = view.patient.step;
      channel.log('state', lastStep);
    }
    channel.broadcastView();
  });
  // Re-checks (事後確認) write to the visit store outside the statechart: the store says so.
  const offVisits = runtime.visits.onChange(() => {
    if (channel.hasStaffListeners) channel.broadcastView();
  });
  const inspection = runtime.actor.system.inspect((ev: InspectionEvent) => {
    if (ev.type === '@xstate.event' && ev.actorRef === runtime.actor) channel.log('event', describeEvent(ev.event as { type: string } & Record<string, unknown>));
  });
  const offTrace = simulator?.onTrace((entry) => channel.trace(entry));

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  log(`kiosk screens at ${url}`);
  return {
    server,
    url,
    async close() {
      offView();
      offVisits();
      offTrace?.();
      inspection.unsubscribe();
      channel.closeAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
