import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { InspectionEvent } from 'xstate';
import type { SimulatorControl } from '../protocol/SimulatorControl.ts';
import { MAX_CAMERA_FRAME_BYTES, type UiRole } from '../protocol/UiFrame.ts';
import { SIGNED_IN_ROLES, UI_ROLES } from '../protocol/UiRolePermissions.ts';
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
  /** The token the staff and control screens sign in with (kept in the kiosk's data directory; printed at start). */
  screenToken: string;
  /** The built screens (kiosk/ui/dist); served as static files. */
  staticDir?: string;
  log?: (line: string) => void;
}

export interface RunningKioskServer {
  server: Server;
  url: string;
  /** The staff view's link, with the screen token (`URL/#/staff?token=…`). */
  staffUrl: string;
  /** The control panel's link, with the screen token; refused unless something is simulated. */
  controlUrl: string;
  /** The マイナ資格確認アプリ page's link, with the screen token (`URL/#/staffApp?token=…`), for the staff smartphone. */
  staffAppUrl: string;
  /** The ws channel, for a role: `ws://…/ws?role=…&token=…` (the token only for staff and control). */
  channelUrl(role: UiRole): string;
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

/**
 * Who connects, from the ws URL (`/ws?role=patient`, `/ws?role=staff&token=…`): exactly one of the roles,
 * the signed-in ones with the kiosk's screen token, control only when something is simulated. Anything
 * else is refused before the channel opens, so a stray page learns nothing.
 */
function admit(url: string | undefined, token: string, simulated: boolean): { role: UiRole } | { refused: number; reason: string } {
  let params: URLSearchParams;
  try {
    params = new URL(url ?? '/', 'http://kiosk').searchParams;
  } catch {
    return { refused: 400, reason: 'Unreadable URL' };
  }
  const role = params.get('role');
  if (!role || !(UI_ROLES as readonly string[]).includes(role)) return { refused: 400, reason: 'Unknown role: use patient, staff, control or staffApp' };
  if (role === 'control' && !simulated) return { refused: 403, reason: 'Nothing is simulated: there is no control panel' };
  if (SIGNED_IN_ROLES.includes(role as UiRole)) {
    const given = Buffer.from(params.get('token') ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 401, reason: 'The staff and control screens need the kiosk’s screen token' };
  }
  return { role: role as UiRole };
}

/** Serve the screens and the ws channel (`/ws?role=…`): state out on every change, commands in. */
export async function startKioskServer(options: KioskServerOptions): Promise<RunningKioskServer> {
  const { runtime, simulator } = options;
  const log = options.log ?? (() => undefined);
  const server = createServer(serveStaticFiles(options.staticDir));
  // Camera frames are the only large ones; the channel refuses any other frame over MAX_UI_FRAME_BYTES.
  const token = options.screenToken;
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_CAMERA_FRAME_BYTES + 1024,
    verifyClient: (info, done) => {
      const verdict = admit(info.req.url, token, Boolean(simulator));
      if ('refused' in verdict) {
        log(`screen connection refused (${verdict.refused}): ${verdict.reason}`);
        done(false, verdict.refused, verdict.reason);
      } else done(true);
    },
  });
  const channel = new UiChannel(runtime, simulator, options.screenCamera, log);
  wss.on('connection', (ws, req) => {
    const verdict = admit(req.url, token, Boolean(simulator));
    if ('role' in verdict) channel.attach(ws, verdict.role);
    else ws.close(1008, verdict.reason);
  });
  // A malformed request line or header gets a 400 and ends that connection, never the kiosk.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET' && socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

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
  // The マイナ資格確認アプリ's flow runs beside the statechart: its page and the staff view follow it.
  const offStaffApp = runtime.staffApp?.onChange(() => {
    if (channel.hasStaffListeners) channel.broadcastView();
  });
  const inspection = runtime.actor.system.inspect((ev: InspectionEvent) => {
    if (ev.type === '@xstate.event' && ev.actorRef === runtime.actor) channel.log('event', describeEvent(ev.event as { type: string } & Record<string, unknown>));
  });
  const offTrace = simulator?.onTrace((entry) => channel.trace(entry));
  const offSimLog = simulator?.onLog?.((text) => {
    channel.log('sim', text);
    // What the simulator did by itself may change what the control panel shows (the camera queue, a scenario's progress).
    if (channel.hasStaffListeners) channel.broadcastView();
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  log(`kiosk screens at ${url}`);
  const signIn = `token=${encodeURIComponent(token)}`;
  return {
    server,
    url,
    staffUrl: `${url}/#/staff?${signIn}`,
    controlUrl: `${url}/#/control?${signIn}`,
    staffAppUrl: `${url}/#/staffApp?${signIn}`,
    channelUrl: (role) => `${url.replace(/^http/, 'ws')}/ws?role=${role}${SIGNED_IN_ROLES.includes(role) ? `&${signIn}` : ''}`,
    async close() {
      offView();
      offVisits();
      offStaffApp?.();
      offTrace?.();
      offSimLog?.();
      inspection.unsubscribe();
      channel.closeAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
