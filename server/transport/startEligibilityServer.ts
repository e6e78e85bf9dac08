import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { EligibilityService } from '../EligibilityService.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import { PROTOCOL_VERSION, type Hello, type OperatorFaults, type OperatorRequest, type TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import { decodeClientFrame, FrameFault, type ConnectionRole } from './decodeClientFrame.ts';
import type { ServerMessage } from '../../protocol/eligibility/ServerMessage.ts';
import { isServiceError, RETRYABLE_CODES, ServiceError, type ServiceErrorCode } from '../../protocol/eligibility/ServiceError.ts';
import { noFaults } from './ServiceFaults.ts';
import { TokenBucket } from './TokenBucket.ts';

/**
 * The connection policy (ours; docs/protocol.md "Connection policy"). Every bad frame is answered with
 * a typed error; a connection that keeps sending them is closed, so junk costs the sender, not us.
 */
export interface ConnectionLimits {
  /** Frames above this get FRAME_TOO_LARGE and the connection stays. */
  maxFrameBytes: number;
  /** Frames above this are not even read: the WebSocket layer closes with 1009. */
  hardMaxFrameBytes: number;
  /** Per clinic, across all its terminals. */
  requestsPerSecond: number;
  burst: number;
  /** Per connection: bad frames tolerated at once, and refilled per second. */
  badFrameBurst: number;
  badFramesPerSecond: number;
  helloTimeoutMs: number;
  /** A peer that stops reading its answers is cut off once this much is queued for it. */
  maxBufferedBytes: number;
  maxConnections: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxFrameBytes: 64 * 1024,
  hardMaxFrameBytes: 1024 * 1024,
  requestsPerSecond: 500,
  burst: 1000,
  badFrameBurst: 50,
  badFramesPerSecond: 10,
  helloTimeoutMs: 10_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxConnections: 10_000,
};

export interface EligibilityServerOptions {
  service: EligibilityService;
  port?: number;
  host?: string;
  /** The operator channel's secret; without one the operator channel is closed. */
  operatorSecret?: string | null;
  limits?: Partial<ConnectionLimits>;
  /** Where unexpected errors go (never PINs: the service never sees one). */
  log?: (line: string) => void;
}

export interface EligibilityServer {
  url: string;
  port: number;
  faults(): OperatorFaults;
  setFaults(faults: Partial<OperatorFaults>): OperatorFaults;
  /** Cut every terminal connection (the operator's "dropped connections"). */
  dropTerminalConnections(): number;
  connectionCount(): number;
  close(): Promise<void>;
}

/** WebSocket close codes used by the policy. */
const CLOSE = { policy: 1008, tryAgainLater: 1013, goingAway: 1001 } as const;

interface Connection {
  socket: WebSocket;
  role: ConnectionRole;
  session: TerminalSession | null;
  badFrames: TokenBucket;
}

const secretDigest = (s: string) => createHash('sha256').update(s).digest();

/** Start the eligibility service's WebSocket endpoint. Resolves once it listens. */
export async function startEligibilityServer(options: EligibilityServerOptions): Promise<EligibilityServer> {
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => console.error(line));
  const { service } = options;
  const operatorDigest = options.operatorSecret ? secretDigest(options.operatorSecret) : null;
  let faults = noFaults();
  const clinicBuckets = new Map<string, TokenBucket>();
  const connections = new Set<Connection>();

  const wss = new WebSocketServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxPayload: limits.hardMaxFrameBytes,
    perMessageDeflate: false,
    verifyClient: (_info, done) => (connections.size >= limits.maxConnections ? done(false, 503, 'Too many connections') : done(true)),
  });
  wss.on('error', (error) => log(`eligibility server: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });

  function send(conn: Connection, message: ServerMessage): void {
    if (conn.socket.readyState !== WebSocket.OPEN) return;
    if (conn.socket.bufferedAmount > limits.maxBufferedBytes) {
      conn.socket.terminate();
      return;
    }
    conn.socket.send(JSON.stringify(message));
  }

  function sendError(conn: Connection, id: string | null, code: ServiceErrorCode, message: string, details?: Record<string, unknown>): void {
    send(conn, { v: PROTOCOL_VERSION, type: 'error', id, code, message, retryable: RETRYABLE_CODES.has(code), ...(details ? { details } : {}) });
  }

  function closeTerminals(code: number, reason: string, error?: { code: ServiceErrorCode; message: string }): number {
    let n = 0;
    for (const conn of connections) {
      if (conn.role !== 'terminal') continue;
      if (error) sendError(conn, null, error.code, error.message);
      conn.socket.close(code, reason);
      n += 1;
    }
    return n;
  }

  function setFaults(next: Partial<OperatorFaults>): OperatorFaults {
    const wasDown = faults.down;
    faults = { ...faults, ...next };
    if (faults.down && !wasDown) closeTerminals(CLOSE.tryAgainLater, 'service down', { code: 'SERVICE_DOWN', message: 'The eligibility service is down; switch to outage handling and retry later.' });
    return faults;
  }

  function helloed(conn: Connection, hello: Hello): void {
    if (hello.role === 'operator') {
      const ok = operatorDigest !== null && timingSafeEqual(secretDigest(hello.secret), operatorDigest);
      if (!ok) {
        sendError(conn, hello.id, 'AUTH_FAILED', 'The operator secret is wrong, or this service has no operator channel.');
        conn.socket.close(CLOSE.policy, 'auth failed');
        return;
      }
      conn.role = 'operator';
    } else {
      if (faults.down) {
        sendError(conn, hello.id, 'SERVICE_DOWN', 'The eligibility service is down; switch to outage handling and retry later.');
        conn.socket.close(CLOSE.tryAgainLater, 'service down');
        return;
      }
      const clinic = service.clinics.authenticate(hello.medicalInstitutionCode, hello.secret);
      if (!clinic) {
        sendError(conn, hello.id, 'AUTH_FAILED', 'Unknown 医療機関コード or wrong secret.');
        conn.socket.close(CLOSE.policy, 'auth failed');
        return;
      }
      conn.role = 'terminal';
      conn.session = { clinicCode: clinic.code, clinicName: clinic.name, terminalId: hello.terminalId };
    }
    send(conn, {
      v: PROTOCOL_VERSION,
      type: 'welcome',
      id: hello.id,
      role: conn.role,
      medicalInstitutionCode: conn.session?.clinicCode ?? null,
      clinicName: conn.session?.clinicName ?? null,
      serverTime: new Date().toISOString(),
      limits: { maxFrameBytes: limits.maxFrameBytes, requestsPerSecond: limits.requestsPerSecond, burst: limits.burst },
    });
  }

  function answerTerminal(conn: Connection, request: TerminalRequest): void {
    const session = conn.session!;
    let bucket = clinicBuckets.get(session.clinicCode);
    if (!bucket) clinicBuckets.set(session.clinicCode, (bucket = new TokenBucket(limits.burst, limits.requestsPerSecond)));
    if (!bucket.take()) {
      const retryAfterMs = bucket.retryAfterMs();
      sendError(conn, request.id, 'RATE_LIMITED', `Too many requests from clinic ${session.clinicCode}; retry in ${retryAfterMs} ms.`, { retryAfterMs });
      return;
    }
    if (faults.failWith) {
      sendError(conn, request.id, faults.failWith, `The operator made the service answer ${faults.failWith}.`);
      return;
    }
    let message: ServerMessage;
    try {
      const handled = service.handleTerminal(session, request);
      const o = handled.outcome;
      message = o.ok
        ? { v: PROTOCOL_VERSION, type: 'reply', id: request.id, request: request.type, replayed: handled.replayed, body: o.body }
        : { v: PROTOCOL_VERSION, type: 'error', id: request.id, code: o.code as ServiceErrorCode, message: o.message, retryable: false, details: { ...o.details, replayed: handled.replayed } };
    } catch (error) {
      if (!isServiceError(error)) log(`eligibility server: ${request.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const e = isServiceError(error) ? error : new ServiceError('INTERNAL', 'The service failed to answer; the request was not carried out. Retry with the same idempotency key.');
      message = { v: PROTOCOL_VERSION, type: 'error', id: request.id, code: e.code, message: e.message, retryable: e.retryable, ...(e.details ? { details: e.details } : {}) };
    }
    if (faults.dropBeforeReply) {
      // The work is committed; only the answer is lost, as when a connection drops mid-request.
      conn.socket.terminate();
      return;
    }
    if (faults.delayMs > 0) setTimeout(() => send(conn, message), faults.delayMs).unref();
    else send(conn, message);
  }

  function answerOperator(conn: Connection, request: OperatorRequest): void {
    const reply = (body: unknown) => send(conn, { v: PROTOCOL_VERSION, type: 'reply', id: request.id, request: request.type, replayed: false, body });
    try {
      switch (request.type) {
        case 'ping':
          return reply({ serverTime: new Date().toISOString() });
        case 'operator.faults':
          return reply(setFaults(request.faults));
        case 'operator.dropConnections':
          return reply({ dropped: dropTerminalConnections() });
        case 'operator.whoViewed':
          return reply({ personId: request.personId, views: service.whoViewed(request.personId) });
        case 'operator.auditVerify':
          return reply(service.verifyAudit());
        case 'operator.resolveLinkage':
          service.resolveLinkage(request.personId, request.resolution);
          return reply({ personId: request.personId, resolution: request.resolution });
      }
    } catch (error) {
      const e = isServiceError(error) ? error : new ServiceError('INTERNAL', error instanceof Error ? error.message : String(error));
      sendError(conn, request.id, e.code, e.message);
    }
  }

  function dropTerminalConnections(): number {
    let n = 0;
    for (const conn of connections) {
      if (conn.role !== 'terminal') continue;
      conn.socket.terminate();
      n += 1;
    }
    return n;
  }

  function onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    let decoded;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      decoded = decodeClientFrame(bytes, isBinary, conn.role, limits.maxFrameBytes);
    } catch (error) {
      const fault = error instanceof FrameFault ? error : new FrameFault(null, 'MALFORMED_FRAME', 'The frame could not be read.');
      sendError(conn, fault.requestId, fault.code, fault.message, fault.details);
      if (!conn.badFrames.take()) {
        sendError(conn, null, 'TOO_MANY_BAD_FRAMES', 'Too many bad frames on this connection; it is being closed. Fix the client, then reconnect.');
        conn.socket.close(CLOSE.policy, 'too many bad frames');
      }
      return;
    }
    if (decoded.kind === 'hello') helloed(conn, decoded.message);
    else if (decoded.kind === 'terminal') answerTerminal(conn, decoded.message);
    else answerOperator(conn, decoded.message);
  }

  wss.on('connection', (socket) => {
    const conn: Connection = { socket, role: 'unauthenticated', session: null, badFrames: new TokenBucket(limits.badFrameBurst, limits.badFramesPerSecond) };
    connections.add(conn);
    const helloTimer = setTimeout(() => {
      if (conn.role === 'unauthenticated') {
        sendError(conn, null, 'NOT_AUTHENTICATED', `No hello within ${limits.helloTimeoutMs} ms; closing.`);
        socket.close(CLOSE.policy, 'no hello');
      }
    }, limits.helloTimeoutMs);
    helloTimer.unref();
    socket.on('message', (data, isBinary) => {
      try {
        onFrame(conn, data, isBinary);
      } catch (error) {
        // Last line of defence: one connection's trouble must never take the process down.
        log(`eligibility server: frame handling failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        sendError(conn, null, 'INTERNAL', 'The service failed on this frame.');
      }
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clearTimeout(helloTimer);
      connections.delete(conn);
    });
  });

  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults: () => faults,
    setFaults,
    dropTerminalConnections,
    connectionCount: () => connections.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const conn of connections) conn.socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
