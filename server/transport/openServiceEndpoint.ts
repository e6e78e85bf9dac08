import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';
import type { HelloLockout } from '../../protocol/eligibility/ServerMessage.ts';
import type { EligibilityService } from '../EligibilityService.ts';
import { Connection } from './Connection.ts';
import { ConnectionAdmission, type AdmittedSocket } from './ConnectionAdmission.ts';
import { CLOSE, DEFAULT_LIMITS, type ConnectionLimits } from './ConnectionLimits.ts';
import { ConnectionRegistry } from './ConnectionRegistry.ts';
import { decodeClientFrame, FrameFault } from './decodeClientFrame.ts';
import { HelloFailureRecords } from '../clinic/HelloFailureRecords.ts';
import { HelloAuthentication } from './HelloAuthentication.ts';
import { DEFAULT_HELLO_THROTTLE, HelloThrottle, type HelloThrottlePolicy } from './HelloThrottle.ts';
import { OperatorChannel } from './OperatorChannel.ts';
import { ServiceFaults } from './ServiceFaults.ts';
import { TerminalRequests } from './TerminalRequests.ts';
import { TokenBucket } from './TokenBucket.ts';

export interface ServiceEndpointOptions {
  service: EligibilityService;
  port?: number;
  host?: string;
  /** The operator channel's secret; without one the operator channel is closed. */
  operatorSecret?: string | null;
  limits?: Partial<ConnectionLimits>;
  helloThrottle?: Partial<HelloThrottlePolicy>;
  /** Where unexpected errors and hello lockouts go (never PINs: the service never sees one). */
  log?: (line: string) => void;
}

/** The eligibility service's WebSocket endpoint (protocol in docs/protocol.md), listening. */
export interface ServiceEndpoint {
  url: string;
  port: number;
  faults(): OperatorFaults;
  setFaults(faults: Partial<OperatorFaults>): OperatorFaults;
  /** Cut every terminal connection (the operator's "dropped connections"). */
  dropTerminalConnections(): number;
  connectionCount(): number;
  /** What the door let in and holds now: for the operator and the flood test. */
  admissions(): { unauthenticated: number; authenticated: number; evicted: number; peakUnauthenticatedFromOneSource: number; refused: { 429: number; 503: number } };
  lockouts(): HelloLockout[];
  close(): Promise<void>;
}

const STATUS_TEXT = { 426: 'Upgrade Required', 429: 'Too Many Requests', 503: 'Service Unavailable' } as const;

/**
 * A refusal at the door, written straight onto the TCP connection and closed: nothing of the request
 * is read (the socket was accepted paused), so a flood of them costs an accept and a write each.
 */
function refuseAtTheDoor(socket: Socket, status: 429 | 503, reason: string, retryAfterSeconds: number): void {
  const body = `${reason}\n`;
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nRetry-After: ${retryAfterSeconds}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  // A peer that never closes its side would hold the socket half-open: not for long.
  socket.setTimeout(1_000, () => socket.destroy());
}

/** Frames a connection may send while its hello is still being checked (ours). */
const MAX_FRAMES_BEFORE_WELCOME = 16;

/** Open the WebSocket endpoint in front of an EligibilityService. Resolves once it listens. */
export async function openServiceEndpoint(options: ServiceEndpointOptions): Promise<ServiceEndpoint> {
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => console.error(line));
  const { service } = options;
  const connections = new ConnectionRegistry();
  const faults = new ServiceFaults(() =>
    connections.closeTerminals(CLOSE.tryAgainLater, 'service down', { code: 'SERVICE_DOWN', message: 'The eligibility service is down; switch to outage handling and retry later.' }),
  );
  const currentFaults = () => faults.current;
  const throttle = new HelloThrottle({ ...DEFAULT_HELLO_THROTTLE, ...options.helloThrottle }, (scope, key, until, failures) =>
    log(`eligibility server: hello lockout: ${scope === 'source' ? 'address' : '医療機関コード'} ${key} after ${failures} failed hellos, until ${until.toISOString()}`),
  );
  const admission = new ConnectionAdmission(limits, throttle);
  const refused = { 429: 0, 503: 0 };
  // The clinic-scope counts live in the database, shared by every instance on it.
  const sharedFailures = new HelloFailureRecords(service.db);
  const hellos = new HelloAuthentication({ clinics: service.clinics, operatorSecret: options.operatorSecret ?? null, faults: currentFaults, throttle, sharedFailures, admission, limits });
  const terminals = new TerminalRequests({ service, limits, faults: currentFaults, log });
  const operator = new OperatorChannel({ service, faults, connections, throttle, sharedFailures });

  // The door (TCP) decides before HTTP is parsed; HTTP only carries the upgrade; ws speaks the protocol.
  const admitted = new WeakMap<Socket, AdmittedSocket>();
  const open = new Set<Socket>();
  const http = createHttpServer((_request, response) => response.writeHead(426, STATUS_TEXT[426], { 'Content-Type': 'text/plain' }).end('This is a WebSocket endpoint (docs/protocol.md).\n'));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.hardMaxFrameBytes, perMessageDeflate: false });
  const tcp = createTcpServer({ pauseOnConnect: true }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    const decision = admission.admit(socket);
    if (!decision.ok) {
      refused[decision.status] += 1;
      refuseAtTheDoor(socket, decision.status, decision.reason, decision.retryAfterSeconds);
      return;
    }
    admitted.set(socket, decision.admitted);
    socket.once('close', () => admission.release(decision.admitted));
    // A connection that never even completes the upgrade is gone with the hello deadline too.
    const deadline = setTimeout(() => {
      if (!decision.admitted.authenticated) socket.destroy();
    }, limits.helloTimeoutMs + 1000);
    deadline.unref();
    socket.once('close', () => clearTimeout(deadline));
    http.emit('connection', socket);
    socket.resume();
  });
  http.on('upgrade', (request, socket, head) => {
    if (!admitted.has(socket as Socket)) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, admitted.get(socket as Socket)!));
  });
  http.on('clientError', (_error, socket) => socket.destroy());
  tcp.on('error', (error) => log(`eligibility server: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    tcp.once('listening', resolve);
    tcp.once('error', reject);
    tcp.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  });

  /** A promise only for a hello, which is checked against the database: the connection's next frames wait for it. */
  function onFrame(conn: Connection, data: RawData, isBinary: boolean): Promise<void> | void {
    let decoded;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      decoded = decodeClientFrame(bytes, isBinary, conn.role, limits.maxFrameBytes);
    } catch (error) {
      const fault = error instanceof FrameFault ? error : new FrameFault(null, 'MALFORMED_FRAME', 'The frame could not be read.');
      conn.sendError(fault.requestId, fault.code, fault.message, fault.details);
      if (!conn.badFrames.take()) {
        conn.sendError(null, 'TOO_MANY_BAD_FRAMES', 'Too many bad frames on this connection; it is being closed. Fix the client, then reconnect.');
        conn.socket.close(CLOSE.policy, 'too many bad frames');
      }
      return;
    }
    if (decoded.kind === 'hello') return hellos.answer(conn, decoded.message);
    else if (decoded.kind === 'terminal') terminals.answer(conn, decoded.message);
    else void operator.answer(conn, decoded.message);
  }

  function onConnection(socket: WebSocket, admittedSocket: AdmittedSocket): void {
    const conn = new Connection(socket, admittedSocket, new TokenBucket(limits.badFrameBurst, limits.badFramesPerSecond), limits.maxBufferedBytes);
    connections.add(conn);
    const helloTimer = setTimeout(() => {
      if (conn.role === 'unauthenticated') {
        conn.sendError(null, 'NOT_AUTHENTICATED', `No hello within ${limits.helloTimeoutMs} ms; closing.`);
        socket.close(CLOSE.policy, 'no hello');
      }
    }, limits.helloTimeoutMs);
    helloTimer.unref();
    const failed = (error: unknown) => {
      // Last line of defence: one connection's trouble must never take the process down.
      log(`eligibility server: frame handling failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      conn.sendError(null, 'INTERNAL', 'The service failed on this frame.');
    };
    const receive = (data: RawData, isBinary: boolean): Promise<void> | void => {
      try {
        return onFrame(conn, data, isBinary)?.catch(failed);
      } catch (error) {
        failed(error);
      }
    };
    // While a hello is being checked, the frames after it wait their turn, in order, up to a few: a client
    // that sends more before its welcome is not waiting for it, and is closed.
    let waiting: Promise<void> | null = null;
    let queued = 0;
    socket.on('message', (data, isBinary) => {
      if (waiting && (queued += 1) > MAX_FRAMES_BEFORE_WELCOME) {
        if (queued === MAX_FRAMES_BEFORE_WELCOME + 1) {
          conn.sendError(null, 'TOO_MANY_BAD_FRAMES', `More than ${MAX_FRAMES_BEFORE_WELCOME} frames before the hello was answered; closing. Wait for the welcome.`);
          socket.close(CLOSE.policy, 'frames before welcome');
        }
        return;
      }
      const after = waiting ? waiting.then(() => receive(data, isBinary)) : receive(data, isBinary);
      if (!after) return;
      const mine: Promise<void> = after
        .catch(failed)
        .then(() => {
          if (waiting === mine) {
            waiting = null;
            queued = 0;
          }
        });
      waiting = mine;
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clearTimeout(helloTimer);
      connections.delete(conn);
    });
  }

  const port = (tcp.address() as AddressInfo).port;
  return {
    url: `ws://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults: currentFaults,
    setFaults: (next) => faults.set(next),
    dropTerminalConnections: () => connections.dropTerminals(),
    connectionCount: () => connections.size,
    admissions: () => ({ ...admission.counts, refused: { ...refused } }),
    lockouts: () => throttle.list(),
    close: () =>
      new Promise<void>((resolve) => {
        connections.terminateAll();
        wss.close();
        tcp.close(() => resolve());
        // Sockets still at the door (refused, or before their upgrade) would keep close() waiting.
        for (const socket of open) socket.destroy();
      }),
  };
}
