import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';
import type { EligibilityService } from '../EligibilityService.ts';
import { Connection } from './Connection.ts';
import { CLOSE, DEFAULT_LIMITS, type ConnectionLimits } from './ConnectionLimits.ts';
import { ConnectionRegistry } from './ConnectionRegistry.ts';
import { decodeClientFrame, FrameFault } from './decodeClientFrame.ts';
import { HelloAuthentication } from './HelloAuthentication.ts';
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
  /** Where unexpected errors go (never PINs: the service never sees one). */
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
  close(): Promise<void>;
}

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
  const hellos = new HelloAuthentication({ clinics: service.clinics, operatorSecret: options.operatorSecret ?? null, faults: currentFaults, limits });
  const terminals = new TerminalRequests({ service, limits, faults: currentFaults, log });
  const operator = new OperatorChannel({ service, faults, connections });

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

  function onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
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
    if (decoded.kind === 'hello') hellos.answer(conn, decoded.message);
    else if (decoded.kind === 'terminal') terminals.answer(conn, decoded.message);
    else operator.answer(conn, decoded.message);
  }

  wss.on('connection', (socket: WebSocket) => {
    const conn = new Connection(socket, new TokenBucket(limits.badFrameBurst, limits.badFramesPerSecond), limits.maxBufferedBytes);
    connections.add(conn);
    const helloTimer = setTimeout(() => {
      if (conn.role === 'unauthenticated') {
        conn.sendError(null, 'NOT_AUTHENTICATED', `No hello within ${limits.helloTimeoutMs} ms; closing.`);
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
        conn.sendError(null, 'INTERNAL', 'The service failed on this frame.');
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
    faults: currentFaults,
    setFaults: (next) => faults.set(next),
    dropTerminalConnections: () => connections.dropTerminals(),
    connectionCount: () => connections.size,
    close: () =>
      new Promise<void>((resolve) => {
        connections.terminateAll();
        wss.close(() => resolve());
      }),
  };
}
