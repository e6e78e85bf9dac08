import { WebSocket } from 'ws';

/** How a WebSocket dial ended: open, refused with an HTTP status, or failed below HTTP. */
export type Dialled = { kind: 'open'; socket: WebSocket } | { kind: 'refused'; status: number; retryAfter: string | null } | { kind: 'failed'; error: string };

/**
 * Dial the service from a chosen loopback address (127.0.0.2 and so on are this machine too), so a
 * test can be several sources at once. Never rejects: the outcome is the value.
 */
export function dialService(url: string, options: { localAddress?: string; timeoutMs?: number } = {}): Promise<Dialled> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: options.timeoutMs ?? 5_000, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    socket.once('open', () => resolve({ kind: 'open', socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0, retryAfter: (response.headers['retry-after'] as string | undefined) ?? null });
      response.resume();
      socket.terminate();
    });
    // Resolved once; later errors (an aborted handshake reports one) only end the socket.
    socket.on('error', (error) => resolve({ kind: 'failed', error: error.message }));
  });
}

/** Say hello on an open socket and resolve with the service's first answer (welcome or error). */
export function sayHello(socket: WebSocket, hello: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.once('close', (code) => resolve({ type: 'closed', code }));
    socket.send(JSON.stringify({ v: 1, type: 'hello', id: 'h', ...hello }));
  });
}
