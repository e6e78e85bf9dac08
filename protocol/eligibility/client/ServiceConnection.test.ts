import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { EligibilityClient, isServiceError, type ServiceError } from './EligibilityClient.ts';

/** What the fake service answers to one request frame: raw text, or nothing at all. */
type Answer = (request: { id: string; type: string }, socket: WebSocket) => string | null;

const servers: WebSocketServer[] = [];
const clients: EligibilityClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A fake eligibility service: a proper welcome to every hello, then `answer` to every request. */
async function fakeService(answer: Answer): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { id: string; type: string };
      if (frame.type === 'hello') {
        const welcome = { v: 1, type: 'welcome', id: frame.id, role: 'terminal', medicalInstitutionCode: '1310000001', clinicName: 'テスト', serverTime: new Date().toISOString(), limits: { maxFrameBytes: 65536, requestsPerSecond: 500, burst: 1000 } };
        socket.send(JSON.stringify(welcome));
        return;
      }
      const text = answer(frame, socket);
      if (text !== null) socket.send(text);
    });
  });
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

function client(url: string): EligibilityClient {
  const c = new EligibilityClient({ url, medicalInstitutionCode: '1310000001', secret: 'secret', terminalId: 'test', deadlineMs: 2_000, reconnect: { initialDelayMs: 20, maxDelayMs: 50 } });
  clients.push(c);
  return c;
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isServiceError(error)).toBe(true);
  return error as ServiceError;
}

describe('ServiceConnection and frames it cannot read', () => {
  it('rejects the call with UNEXPECTED_REPLY, not TIMEOUT, when the answer is not JSON', async () => {
    const url = await fakeService(() => 'this is not JSON');
    const started = Date.now();
    const error = await rejection(client(url).ping());
    expect(error.code).toBe('UNEXPECTED_REPLY');
    expect(error.message).toMatch(/not JSON/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('rejects the call an unreadable answer names by id, saying what is missing', async () => {
    const url = await fakeService((request) => JSON.stringify({ v: 1, type: 'reply', id: request.id, body: {} }));
    const error = await rejection(client(url).ping());
    expect(error.code).toBe('UNEXPECTED_REPLY');
    expect(error.message).toMatch(/request/);
  });

  it('rejects every call waiting on the connection when the unreadable frame carries no id', async () => {
    let seen = 0;
    const url = await fakeService(() => ((seen += 1) === 2 ? JSON.stringify({ hello: 'world' }) : null));
    const c = client(url);
    await c.connect();
    const errors = await Promise.all([rejection(c.ping()), rejection(c.ping())]);
    expect(errors.map((e) => e.code)).toEqual(['UNEXPECTED_REPLY', 'UNEXPECTED_REPLY']);
  });
});

describe('ServiceConnection deadlines', () => {
  it('a call whose deadline runs out during a retry rejects with TIMEOUT caused by the failure that made it retry', async () => {
    let seen = 0;
    const unavailable = (id: string) => JSON.stringify({ v: 1, type: 'error', id, code: 'SERVICE_UNAVAILABLE', message: 'try later', retryable: true });
    const url = await fakeService((request) => ((seen += 1) === 1 ? unavailable(request.id) : null));
    const c = client(url);
    await c.connect();
    const error = await rejection(c.ping({ deadlineMs: 500 }));
    expect(error.code).toBe('TIMEOUT');
    expect(isServiceError(error.cause, 'SERVICE_UNAVAILABLE')).toBe(true);
  });
});
