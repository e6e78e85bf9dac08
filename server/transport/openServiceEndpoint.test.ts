import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { seededRandom } from '../../foundation/seededRandom.ts';
import { isServiceError } from '../../protocol/eligibility/ServiceError.ts';
import { demoClinic } from '../seed/demoClinic.ts';
import { OPERATOR_SECRET, startTestService, type TestService } from '../../test/harness/startTestService.ts';

const clinic = demoClinic();

/** A raw WebSocket peer: whatever bytes a test wants, and every frame that comes back. */
class RawPeer {
  readonly received: Record<string, unknown>[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Record<string, unknown>);
      this.waiters.splice(0).forEach((w) => w());
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  static async open(url: string): Promise<RawPeer> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawPeer(socket);
  }

  static async terminal(url: string, secret = clinic.secret): Promise<RawPeer> {
    const peer = await RawPeer.open(url);
    peer.sendJson({ v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: clinic.code, secret, terminalId: 'raw' });
    await peer.waitFor(1);
    return peer;
  }

  sendJson(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  async waitFor(count: number, timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count && this.closeCode === null) {
      if (Date.now() > until) throw new Error(`waited for ${count} frames, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async waitForClose(timeoutMs = 5_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (this.closeCode === null) {
      if (Date.now() > until) throw new Error('the connection stayed open');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.closeCode;
  }

  last(): Record<string, unknown> {
    return this.received[this.received.length - 1]!;
  }

  close(): void {
    this.socket.terminate();
  }
}

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ limits: { badFrameBurst: 20, badFramesPerSecond: 1, maxFrameBytes: 4096, hardMaxFrameBytes: 64 * 1024, requestsPerSecond: 1000, burst: 1000 } });
});
afterAll(async () => service.dispose());

describe('authentication', () => {
  it('welcomes a terminal with its clinic’s name', async () => {
    const peer = await RawPeer.terminal(service.server.url);
    expect(peer.received[0]).toMatchObject({ type: 'welcome', id: 'h', role: 'terminal', medicalInstitutionCode: '1310000001', clinicName: '霞が関内科クリニック' });
    peer.close();
  });

  it('refuses a wrong secret with AUTH_FAILED and closes the connection (1008)', async () => {
    const peer = await RawPeer.terminal(service.server.url, 'not-the-secret-at-all');
    expect(peer.received[0]).toMatchObject({ type: 'error', id: 'h', code: 'AUTH_FAILED', retryable: false });
    expect(await peer.waitForClose()).toBe(1008);
  });

  it('refuses an unknown 医療機関コード the same way, without saying which part was wrong', async () => {
    const peer = await RawPeer.open(service.server.url);
    peer.sendJson({ v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: '9999999999', secret: clinic.secret, terminalId: 'raw' });
    await peer.waitFor(1);
    expect(peer.received[0]).toMatchObject({ code: 'AUTH_FAILED', message: 'Unknown 医療機関コード or wrong secret.' });
  });

  it('refuses the operator channel with a wrong secret', async () => {
    const peer = await RawPeer.open(service.server.url);
    peer.sendJson({ v: 1, type: 'hello', id: 'h', role: 'operator', secret: `${OPERATOR_SECRET}x` });
    await peer.waitFor(1);
    expect(peer.received[0]).toMatchObject({ code: 'AUTH_FAILED' });
  });
});

describe('bad frames', () => {
  it('answers each kind of bad frame with its own typed error, naming the request id when it can', async () => {
    const peer = await RawPeer.terminal(service.server.url);
    const cases: [string | Buffer, Record<string, unknown>][] = [
      ['not json', { code: 'MALFORMED_FRAME', id: null }],
      [Buffer.from([0xde, 0xad]), { code: 'MALFORMED_FRAME', id: null }],
      ['[1,2,3]', { code: 'MALFORMED_FRAME' }],
      [JSON.stringify({ v: 2, type: 'ping', id: 'a' }), { code: 'UNSUPPORTED_VERSION', id: 'a', details: { supported: [1] } }],
      [JSON.stringify({ v: 1, type: 'teleport', id: 'b' }), { code: 'UNKNOWN_MESSAGE_TYPE', id: 'b' }],
      [JSON.stringify({ v: 1, type: 'card.challenge', id: 'c' }), { code: 'INVALID_MESSAGE', id: 'c' }],
      [JSON.stringify({ v: 1, type: 'operator.faults', id: 'd', faults: { down: true } }), { code: 'FORBIDDEN', id: 'd' }],
      [JSON.stringify({ v: 1, type: 'hello', id: 'e', role: 'terminal', medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'x' }), { code: 'ALREADY_AUTHENTICATED', id: 'e' }],
      [JSON.stringify({ v: 1, type: 'ping', id: 'f', extra: true }), { code: 'INVALID_MESSAGE', id: 'f' }],
      [JSON.stringify({ v: 1, type: 'insurance.confirm', id: 'g', idempotencyKey: 'key-12345', search: { InsurerNumber: '12' } }), { code: 'INVALID_MESSAGE', id: 'g' }],
    ];
    for (const [frame, expected] of cases) {
      const before = peer.received.length;
      peer.socket.send(frame, { binary: Buffer.isBuffer(frame) });
      await peer.waitFor(before + 1);
      expect(peer.last()).toMatchObject({ type: 'error', retryable: false, ...expected });
    }
    expect(peer.closeCode).toBeNull();
    peer.close();
  });

  it('answers a request before hello with NOT_AUTHENTICATED and keeps the connection for the hello', async () => {
    const peer = await RawPeer.open(service.server.url);
    peer.sendJson({ v: 1, type: 'ping', id: 'p' });
    await peer.waitFor(1);
    expect(peer.received[0]).toMatchObject({ code: 'NOT_AUTHENTICATED', id: 'p' });
    peer.sendJson({ v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'raw' });
    await peer.waitFor(2);
    expect(peer.received[1]).toMatchObject({ type: 'welcome' });
    peer.close();
  });

  it('answers frames sent right after the hello in order once the hello is, and closes a client that sends more than 16 before its welcome', async () => {
    const patient = await RawPeer.open(service.server.url);
    patient.sendJson({ v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'raw' });
    for (let i = 0; i < 3; i += 1) patient.sendJson({ v: 1, type: 'ping', id: `p${i}` });
    await patient.waitFor(4);
    expect(patient.received.map((m) => m.id)).toEqual(['h', 'p0', 'p1', 'p2']);
    expect(patient.received[0]).toMatchObject({ type: 'welcome' });
    patient.close();
    const eager = await RawPeer.open(service.server.url);
    // One write: the service reads the hello and every ping together, before the hello's check has answered.
    const frames = [{ v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'raw' }, ...Array.from({ length: 40 }, (_, i) => ({ v: 1, type: 'ping', id: `q${i}` }))];
    for (const f of frames) eager.sendJson(f);
    expect(await eager.waitForClose()).toBe(1008);
    expect(eager.received.some((m) => m.code === 'TOO_MANY_BAD_FRAMES' && String(m.message).includes('before the hello was answered'))).toBe(true);
  });

  it('answers a frame over the soft limit with FRAME_TOO_LARGE, and closes with 1009 beyond the hard limit', async () => {
    const peer = await RawPeer.terminal(service.server.url);
    peer.sendJson({ v: 1, type: 'ping', id: 'big', pad: 'x'.repeat(5000) });
    await peer.waitFor(2);
    expect(peer.last()).toMatchObject({ code: 'FRAME_TOO_LARGE', details: { maxFrameBytes: 4096 } });
    peer.socket.send('x'.repeat(70 * 1024));
    expect(await peer.waitForClose()).toBe(1009);
  });

  it('closes a connection whose text frame is not UTF-8 with 1007, as RFC 6455 asks', async () => {
    const peer = await RawPeer.terminal(service.server.url);
    peer.socket.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    expect(await peer.waitForClose()).toBe(1007);
  });

  it('closes a connection that keeps sending bad frames, after saying TOO_MANY_BAD_FRAMES', async () => {
    const peer = await RawPeer.terminal(service.server.url);
    for (let i = 0; i < 30; i += 1) peer.socket.send('junk');
    expect(await peer.waitForClose()).toBe(1008);
    expect(peer.received.some((m) => m.code === 'TOO_MANY_BAD_FRAMES')).toBe(true);
  });

  it('refuses an idempotency key reused for a different request', async () => {
    const client = service.terminal(0);
    const search = { InsurerNumber: '06131234', InsuredIdentificationNumber: '50021', Birthdate: '19850228', LimitApplicationCertificateRelatedConsFlg: '0' as const };
    const peer = await RawPeer.terminal(service.server.url);
    peer.sendJson({ v: 1, type: 'insurance.confirm', id: 'one', idempotencyKey: 'same-key-123', search });
    peer.sendJson({ v: 1, type: 'insurance.confirm', id: 'two', idempotencyKey: 'same-key-123', search });
    peer.sendJson({ v: 1, type: 'insurance.confirm', id: 'three', idempotencyKey: 'same-key-123', search: { ...search, Birthdate: '19850301' } });
    await peer.waitFor(4);
    expect(peer.received[1]).toMatchObject({ type: 'reply', id: 'one', replayed: false });
    expect(peer.received[2]).toMatchObject({ type: 'reply', id: 'two', replayed: true });
    expect((peer.received[2]!.body as { assessment: unknown }).assessment).toEqual((peer.received[1]!.body as { assessment: unknown }).assessment);
    expect(peer.received[3]).toMatchObject({ type: 'error', id: 'three', code: 'IDEMPOTENCY_KEY_REUSED' });
    peer.close();
    await client.close();
  });
});

describe('a flood of malformed frames', () => {
  it('answers 10^5 malformed frames with 10^5 typed errors, keeps serving, and keeps its memory', async () => {
    const flood = await startTestService({ limits: { badFrameBurst: 1e9, badFramesPerSecond: 1e9 } });
    try {
      const random = seededRandom(2024);
      const valid = JSON.stringify({ v: 1, type: 'card.confirm', id: 'x', idempotencyKey: 'k'.repeat(10), challengeId: 'c', certificate: 'AAAA', signature: null, identityMethod: 'pin', consent: {} });
      const junk = (): string | Buffer => {
        const r = random();
        if (r < 0.15) return Buffer.from(Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
        if (r < 0.3) return valid.slice(0, Math.floor(random() * valid.length));
        if (r < 0.45) return JSON.stringify({ v: [0, 2, '1', null][Math.floor(random() * 4)], type: 'ping', id: 'i' });
        if (r < 0.6) return valid.replace(/"[a-zA-Z]+":/, `"${String.fromCharCode(97 + Math.floor(random() * 26))}":`);
        if (r < 0.7) return '['.repeat(2000) + ']'.repeat(2000);
        if (r < 0.8) return JSON.stringify({ v: 1, type: 'outage.lookup', id: 'o', idempotencyKey: 'kkkkkkkk', cardFace: { name: '', birthDate: '2024-02-30', sex: 'x', address: null } });
        if (r < 0.9) return JSON.stringify({ __proto__: { polluted: true }, constructor: { prototype: { v: 1 } }, v: 1, type: 'ping', id: 'p' });
        return JSON.stringify({ v: 1, type: 'medical.read', id: 'm', idempotencyKey: 'kkkkkkkk', referenceNumber: 7, item: 'everything' });
      };
      const heapBefore = process.memoryUsage().heapUsed;
      const peers = await Promise.all(Array.from({ length: 4 }, () => RawPeer.terminal(flood.server.url)));
      const perPeer = 25_000;
      for (const peer of peers) for (let i = 0; i < perPeer; i += 1) peer.socket.send(junk());
      await Promise.all(peers.map((p) => p.waitFor(perPeer + 1, 60_000)));
      const answers = peers.flatMap((p) => p.received.slice(1));
      expect(answers).toHaveLength(4 * perPeer);
      expect(answers.filter((a) => a.type !== 'error' || typeof a.code !== 'string' || a.code === 'INTERNAL')).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      peers.forEach((p) => p.close());
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
      const client = flood.terminal(0);
      expect(await client.ping()).toBeInstanceOf(Date);
    } finally {
      await flood.dispose();
    }
  }, 120_000);
});

describe('rate limits', () => {
  it('answers a clinic over its limit with RATE_LIMITED and how long to wait', async () => {
    const limited = await startTestService({ limits: { requestsPerSecond: 1, burst: 3 } });
    try {
      const peer = await RawPeer.terminal(limited.server.url);
      for (let i = 0; i < 5; i += 1) peer.sendJson({ v: 1, type: 'ping', id: `p${i}` });
      await peer.waitFor(6);
      const codes = peer.received.slice(1).map((m) => (m.type === 'reply' ? 'ok' : m.code));
      expect(codes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
      expect((peer.last().details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
      peer.close();
    } finally {
      await limited.dispose();
    }
  });
});

describe('the operator control', () => {
  it('takes the service down: terminals are told SERVICE_DOWN and cut off, new ones refused, until it is back', async () => {
    const operator = service.operator();
    const peer = await RawPeer.terminal(service.server.url);
    await operator.setFaults({ down: true });
    expect(await peer.waitForClose()).toBe(1013);
    expect(peer.received.some((m) => m.code === 'SERVICE_DOWN')).toBe(true);
    const refused = await RawPeer.terminal(service.server.url);
    expect(refused.received[0]).toMatchObject({ code: 'SERVICE_DOWN', retryable: true });
    await operator.setFaults({ down: false });
    const back = await RawPeer.terminal(service.server.url);
    expect(back.received[0]).toMatchObject({ type: 'welcome' });
    back.close();
  });

  it('makes every answer an error of its choice, or slow', async () => {
    const operator = service.operator();
    const client = service.terminal(0);
    await operator.setFaults({ failWith: 'SERVICE_UNAVAILABLE' });
    const error = await client.ping({ deadlineMs: 500 }).catch((e: unknown) => e);
    expect(isServiceError(error) && (error.code === 'SERVICE_UNAVAILABLE' || (error.code === 'TIMEOUT' && isServiceError(error.cause, 'SERVICE_UNAVAILABLE')))).toBe(true);
    await operator.setFaults({ failWith: null, delayMs: 300 });
    const started = Date.now();
    await client.ping();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await operator.setFaults({ delayMs: 0 });
  });

  it('drops every terminal connection on request', async () => {
    const operator = service.operator();
    const peer = await RawPeer.terminal(service.server.url);
    expect(await operator.dropConnections()).toBeGreaterThanOrEqual(1);
    expect(await peer.waitForClose()).toBe(1006);
  });
});
