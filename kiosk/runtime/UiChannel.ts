import type { WebSocket } from 'ws';
import { describeZodIssues } from '../../foundation/describeZodIssues.ts';
import { messageOf } from '../../foundation/CodedError.ts';
import { SimulatorError, type ApduTraceEntry, type SimulatorControl } from '../protocol/SimulatorControl.ts';
import { MAX_UI_FRAME_BYTES, UI_PROTOCOL_VERSION, UiClientFrameSchema, type UiLogEntry, type UiRole, type UiServerFrame } from '../protocol/UiFrame.ts';
import type { ScreenFrameSource } from './ScreenFrameSource.ts';
import { roleMayAct } from '../protocol/UiRolePermissions.ts';
import type { VisitRecord } from '../protocol/VisitRecord.ts';
import { RecentVisits } from './RecentVisits.ts';
import type { KioskRuntime } from './createKioskRuntime.ts';

/** What a control panel opened late still gets of the trace and the event log. */
const HISTORY = 400;
/** The staff view's 本日の受付: the visits of the last 24 hours, newest first. */
const VISIT_LIST_LIMIT = 50;
/** The roles that see the APDU trace and the event log. */
const OPS_ROLES: readonly UiRole[] = ['staff', 'control'];

/**
 * The screens' side of the kiosk's ws channel: one connection per screen, each with its role. State
 * goes out as `view` frames on every change of the statechart or the visit store (each role gets only
 * its share: the patient panel never sees staff data), trace and event log to staff and control;
 * commands come in, each frame validated before anything happens.
 */
export class UiChannel {
  private readonly clients = new Map<WebSocket, UiRole>();
  private readonly traceHistory: ApduTraceEntry[] = [];
  private readonly logHistory: UiLogEntry[] = [];
  private readonly recentVisits: RecentVisits;

  constructor(
    private readonly runtime: KioskRuntime,
    private readonly simulator: SimulatorControl | undefined,
    private readonly screenCamera?: ScreenFrameSource,
    private readonly note: (line: string) => void = () => undefined,
  ) {
    this.recentVisits = new RecentVisits(runtime.visits, VISIT_LIST_LIMIT, 24 * 3600_000);
  }

  /** The newest patient page takes the screen camera's pictures (the kiosk's own display). */
  private offerCamera(): void {
    if (!this.screenCamera) return;
    const page = [...this.clients].reverse().find(([ws, role]) => role === 'patient' && ws.readyState === ws.OPEN)?.[0];
    this.screenCamera.connect(page ? (request) => (page.readyState === page.OPEN ? (this.send(page, { type: 'camera.capture', ...request }), true) : false) : undefined);
  }

  get hasStaffListeners(): boolean {
    return [...this.clients.values()].some((role) => role !== 'patient');
  }

  /** A screen connected: greet it with the protocol version and the current view (and history for staff). */
  attach(ws: WebSocket, role: UiRole): void {
    this.clients.set(ws, role);
    const gone = () => {
      this.clients.delete(ws);
      if (role === 'patient') this.offerCamera();
    };
    ws.on('close', gone);
    ws.on('error', gone);
    if (role === 'patient') this.offerCamera();
    // The patient panel is public: it is told nothing of the simulator (not even the profiles' names).
    this.send(ws, {
      type: 'hello',
      version: UI_PROTOCOL_VERSION,
      role,
      simulated: role === 'control' && Boolean(this.simulator),
      profiles: role === 'control' ? (this.simulator?.profiles() ?? []) : [],
      ...(role === 'control' && this.simulator?.catalogue ? { catalogue: this.simulator.catalogue() } : {}),
    });
    this.send(ws, this.viewFrame(role));
    if (OPS_ROLES.includes(role)) {
      for (const entry of this.traceHistory) this.send(ws, { type: 'trace', entry });
      for (const entry of this.logHistory) this.send(ws, { type: 'log', entry });
    }
    ws.on('message', (data) => this.onMessage(ws, role, String(data)));
  }

  /** Send every screen its view of now. */
  broadcastView(): void {
    const byRole = new Map<UiRole, string>();
    for (const [ws, role] of this.clients) {
      if (!byRole.has(role)) byRole.set(role, JSON.stringify(this.viewFrame(role)));
      if (ws.readyState === ws.OPEN) ws.send(byRole.get(role)!);
    }
  }

  log(kind: UiLogEntry['kind'], text: string): void {
    const entry: UiLogEntry = { at: Date.now(), kind, text };
    remember(this.logHistory, entry);
    this.broadcastOps({ type: 'log', entry });
  }

  trace(entry: ApduTraceEntry): void {
    remember(this.traceHistory, entry);
    this.broadcastOps({ type: 'trace', entry });
  }

  closeAll(): void {
    this.recentVisits.close();
    for (const ws of this.clients.keys()) ws.terminate();
  }

  private todaysVisits(): VisitRecord[] {
    return this.recentVisits.current();
  }

  private viewFrame(role: UiRole): UiServerFrame {
    const view = this.runtime.view();
    if (role === 'patient') return { type: 'view', view: { patient: view.patient, staff: null, visitId: null }, staffPhoto: null, visits: [], simulator: null, staffApp: null, staffAppCode: null };
    const app = this.runtime.staffApp;
    // The app page sees its own flow and nothing of the face reader's visit, the other visits or the simulator.
    if (role === 'staffApp') return { type: 'view', view: { patient: view.patient, staff: null, visitId: null }, staffPhoto: null, visits: [], simulator: null, staffApp: app?.view() ?? null, staffAppCode: null };
    const photo = this.runtime.staffPhoto();
    return {
      type: 'view',
      view,
      staffPhoto: photo ? `data:image/png;base64,${Buffer.from(photo).toString('base64')}` : null,
      visits: this.todaysVisits(),
      simulator: this.simulator?.state() ?? null,
      staffApp: role === 'staff' ? (app?.view() ?? null) : null,
      staffAppCode: role === 'staff' ? (app?.issuedCode() ?? null) : null,
    };
  }

  private send(ws: WebSocket, frame: UiServerFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  /** Trace and event log go to the staff and control roles, never to the patient panel or the staff app. */
  private broadcastOps(frame: UiServerFrame): void {
    const data = JSON.stringify(frame);
    for (const [ws, role] of this.clients) if (OPS_ROLES.includes(role) && ws.readyState === ws.OPEN) ws.send(data);
  }

  private onMessage(ws: WebSocket, role: UiRole, data: string): void {
    if (data.length > MAX_UI_FRAME_BYTES && !data.startsWith('{"type":"camera.frame"')) {
      this.send(ws, { type: 'error', code: 'FRAME_TOO_LARGE', message: `Frames other than camera frames are limited to ${MAX_UI_FRAME_BYTES} bytes.` });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.send(ws, { type: 'error', code: 'INVALID_FRAME', message: 'The frame is not JSON.' });
      return;
    }
    const result = UiClientFrameSchema.safeParse(parsed);
    if (!result.success) {
      // Never echo the frame or its values back: it may hold a PIN. Paths and messages only.
      this.send(ws, { type: 'error', code: 'INVALID_FRAME', message: describeZodIssues(result.error, 20).message });
      return;
    }
    const msg = result.data;
    const ack = () => msg.id && this.send(ws, { type: 'ack', id: msg.id });
    const fail = (code: string, message: string) => this.send(ws, { type: 'error', code, message, ...(msg.id ? { id: msg.id } : {}) });
    const permission = roleMayAct(role, msg);
    if (!permission.allowed) {
      const what = msg.type === 'event' ? msg.event.type : msg.type === 'sim' ? `sim ${msg.command.type}` : msg.type;
      this.note(`refused from the ${role} screen: ${what}`);
      this.log('command', `${role}: ${what} refused (not allowed for this screen)`);
      fail('FORBIDDEN_FOR_ROLE', permission.reason);
      return;
    }
    if (msg.type === 'camera.frame' || msg.type === 'camera.problem') {
      // Only the kiosk's own display answers for its camera, and only to a request the runtime made.
      const delivered =
        role === 'patient' && this.screenCamera
          ? msg.type === 'camera.frame'
            ? this.screenCamera.deliver(msg.requestId, { png: new Uint8Array(Buffer.from(msg.png, 'base64')), width: msg.width, height: msg.height, capturedAt: Date.now() })
            : this.screenCamera.fail(msg.requestId, msg.code, msg.message)
          : false;
      if (!delivered) fail('NO_CAPTURE_EXPECTED', 'No picture was asked for with this request id.');
      return;
    }
    if (msg.type === 'medical.read') {
      // Never logged with its content: what is read is the patient's; the log says only that staff opened it.
      this.log('command', `${role}: medical.read ${msg.item}`);
      this.runtime.readMedical(msg.referenceNumber, msg.item).then(
        (information) => this.send(ws, { type: 'medical', information, ...(msg.id ? { id: msg.id } : {}) }),
        (error: unknown) => fail(hasCode(error) ? error.code : 'MEDICAL_READ_FAILED', messageOf(error)),
      );
      return;
    }
    if (msg.type === 'staffApp' || msg.type === 'staffApp.issueCode') {
      const app = this.runtime.staffApp;
      if (!app) {
        fail('NO_STAFF_APP', 'This kiosk has no マイナ資格確認アプリ: configure its reader (--staff-app-reader).');
        return;
      }
      if (msg.type === 'staffApp.issueCode') {
        // The code is shown on the staff view only; the log says that one was issued, never the code.
        this.log('command', `${role}: staff app activation code issued`);
        app.issueCode();
        ack();
        return;
      }
      const command = msg.command;
      // Only the fact that a PIN went to the app's card is logged; its digits stay in this frame. No code either.
      this.log('command', command.type === 'pin' ? `${role}: PIN handed to the app's card (not shown)` : `${role}: ${command.type}`);
      app.execute(command).then(ack, (error: unknown) => fail(hasCode(error) ? error.code : 'STAFF_APP_FAILED', messageOf(error)));
      return;
    }
    if (msg.type === 'event') {
      this.log('command', `${role}: ${msg.event.type}`);
      this.runtime.send(msg.event);
      ack();
    } else if (msg.type === 'pin') {
      // Only the fact that a PIN went to the card is logged; its digits stay in this frame.
      if (!this.runtime.enterPin(msg.pin)) fail('NO_PIN_EXPECTED', 'No PIN entry is open.');
      else {
        this.log('command', `${role}: PIN handed to the card (not shown)`);
        ack();
      }
    } else {
      this.log('command', `${role}: ${msg.command.type}`);
      if (!this.simulator) {
        fail('NOT_SIMULATED', 'The kiosk runs on real devices: there are no simulator levers to pull.');
        return;
      }
      this.simulator.execute(msg.command).then(
        () => (this.broadcastView(), ack()),
        (error: unknown) => fail(error instanceof SimulatorError ? error.code : 'COMMAND_FAILED', messageOf(error)),
      );
    }
  }
}

function hasCode(error: unknown): error is { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

function remember<T>(history: T[], item: T): void {
  history.push(item);
  if (history.length > HISTORY) history.shift();
}
