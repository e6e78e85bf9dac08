import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { dialService, sayHello, type Dialled } from '../../test/harness/dialService.ts';
import { startTestService, type TestService } from '../../test/harness/startTestService.ts';
import { sourceOf } from './ConnectionAdmission.ts';

const services: TestService[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.terminate());
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});
async function start(options: Parameters<typeof startTestService>[0]): Promise<TestService> {
  const logs: string[] = [];
  const s = await startTestService({ log: (l) => logs.push(l), ...options });
  services.push(s);
  return Object.assign(s, { logs });
}
const kept = (d: Dialled) => {
  if (d.kind === 'open') sockets.push(d.socket);
  return d;
};
const terminalHello = (s: TestService, secret = s.clinic(0).secret) => ({ role: 'terminal', medicalInstitutionCode: s.clinic(0).code, secret, terminalId: 'probe' });

describe('the door', () => {
  it('caps the connections one address holds without saying hello (HTTP 429), while other addresses and clinics that said hello get in', async () => {
    const s = await start({ limits: { maxUnauthenticatedPerSource: 8 } });
    const idle = await Promise.all(Array.from({ length: 12 }, () => dialService(s.server.url, { localAddress: '127.0.0.2' }).then(kept)));
    expect(idle.filter((d) => d.kind === 'open')).toHaveLength(8);
    expect(idle.filter((d) => d.kind === 'refused')).toEqual(Array.from({ length: 4 }, () => ({ kind: 'refused', status: 429, retryAfter: '1' })));
    const legit = kept(await dialService(s.server.url, { localAddress: '127.0.0.1' }));
    expect(legit.kind).toBe('open');
    expect(await sayHello((legit as { socket: WebSocket }).socket, terminalHello(s))).toMatchObject({ type: 'welcome' });
    // A connection that said hello no longer counts against its address.
    const fromFlooder = kept(await dialService(s.server.url, { localAddress: '127.0.0.2' }));
    expect(fromFlooder.kind).toBe('refused');
    (idle.find((d) => d.kind === 'open') as { socket: WebSocket }).socket.terminate();
    await new Promise((r) => setTimeout(r, 50));
    const room = kept(await dialService(s.server.url, { localAddress: '127.0.0.2' }));
    expect(room.kind).toBe('open');
    expect(await sayHello((room as { socket: WebSocket }).socket, terminalHello(s))).toMatchObject({ type: 'welcome' });
    expect(s.server.admissions()).toMatchObject({ authenticated: 2, refused: { 429: 5 } });
  });

  it('keeps part of the total cap for authenticated clinics: the oldest silent connection makes room, and only a cap full of clinics answers 503', async () => {
    const s = await start({ limits: { maxConnections: 12, reservedForAuthenticated: 6, maxUnauthenticatedPerSource: 100 } });
    const silent: Dialled[] = [];
    for (let i = 0; i < 6; i += 1) silent.push(kept(await dialService(s.server.url, { localAddress: `127.0.1.${i + 1}` })));
    expect(silent.every((d) => d.kind === 'open')).toBe(true);
    // A seventh silent one: the oldest is closed to make room.
    const oldestClosed = new Promise<number>((resolve) => (silent[0] as { socket: WebSocket }).socket.once('close', resolve));
    const seventh = kept(await dialService(s.server.url, { localAddress: '127.0.1.7' }));
    expect(seventh.kind).toBe('open');
    await oldestClosed;
    // Clinics keep getting in, past the silent share, up to the total cap.
    const terminals: Dialled[] = [];
    for (let i = 0; i < 6; i += 1) {
      const d = kept(await dialService(s.server.url));
      terminals.push(d);
      expect(await sayHello((d as { socket: WebSocket }).socket, terminalHello(s))).toMatchObject({ type: 'welcome' });
    }
    // Each terminal past the silent share took the place of the oldest silent connection.
    expect(s.server.admissions()).toMatchObject({ authenticated: 6, unauthenticated: 5, evicted: 2 });
    const more = [];
    for (let i = 0; i < 6; i += 1) {
      const d = kept(await dialService(s.server.url));
      more.push(await sayHello((d as { socket: WebSocket }).socket, terminalHello(s)));
    }
    expect(more.every((m) => m.type === 'welcome')).toBe(true);
    expect(s.server.admissions()).toMatchObject({ authenticated: 12, unauthenticated: 0 });
    expect(kept(await dialService(s.server.url))).toEqual({ kind: 'refused', status: 503, retryAfter: '5' });
  });

  it('answers plain HTTP with 426 and closes connections that never upgrade at the hello deadline', async () => {
    const s = await start({ limits: { helloTimeoutMs: 300 } });
    const response = await fetch(s.server.url.replace('ws:', 'http:'));
    expect(response.status).toBe(426);
    const { connect } = await import('node:net');
    const raw = connect({ host: '127.0.0.1', port: s.server.port });
    const closed = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      raw.on('close', () => resolve(Date.now() - t0));
      raw.on('error', () => {});
    });
    expect(closed).toBeLessThan(3_000);
  });
});

describe('failed hellos', () => {
  it('are answered at once a few times, then held back and locked out per address and per 医療機関コード, logged and shown to the operator; the right secret is not checked meanwhile', async () => {
    const s = (await start({ helloThrottle: { freeFailures: 3, backoffMs: 100, lockoutAfter: 6, lockoutMs: 60_000 } })) as TestService & { logs: string[] };
    // The clinic's own kiosk has said hello from its usual address before.
    const own = kept(await dialService(s.server.url));
    expect(await sayHello((own as { socket: WebSocket }).socket, terminalHello(s))).toMatchObject({ type: 'welcome' });

    const answers: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const d = await dialService(s.server.url, { localAddress: '127.0.0.2' });
      if (d.kind !== 'open') answers.push(`http ${d.kind === 'refused' ? d.status : d.error}`);
      else answers.push(String((await sayHello(d.socket, terminalHello(s, `guess-${i}-${'x'.repeat(20)}`))).code));
    }
    // 3 free, the 4th starts the back-off (100 ms, doubling), the 6th locks the address out: never more than 6 checked.
    expect(answers.slice(0, 5)).toEqual(['AUTH_FAILED', 'AUTH_FAILED', 'AUTH_FAILED', 'AUTH_FAILED', expect.stringMatching(/^(AUTH_LOCKED|http 429)$/)]);
    expect(answers.filter((a) => a === 'AUTH_FAILED').length).toBeLessThanOrEqual(6);
    expect(answers.slice(4).every((a) => a === 'AUTH_LOCKED' || a === 'http 429' || a === 'AUTH_FAILED')).toBe(true);

    // The right secret from the guessing address: locked out, not welcomed.
    const right = await dialService(s.server.url, { localAddress: '127.0.0.2' });
    expect(right).toMatchObject({ kind: 'refused', status: 429 });

    // Let the back-off pass until the lockout, from a second address guessing the same clinic.
    for (let i = 0; i < 40 && !s.logs.some((l) => l.includes('医療機関コード')); i += 1) {
      await new Promise((r) => setTimeout(r, 120));
      const d = await dialService(s.server.url, { localAddress: '127.0.0.3' });
      if (d.kind === 'open') await sayHello(d.socket, terminalHello(s, `guess-again-${i}-${'y'.repeat(20)}`));
    }
    expect(s.logs.some((l) => /hello lockout: 医療機関コード 1310000001 after 6 failed hellos/.test(l))).toBe(true);
    const operator = s.operator();
    const lockouts = await operator.lockouts();
    expect(lockouts.find((l) => l.scope === 'clinic')).toMatchObject({ key: '1310000001', lockedOut: true, lockouts: 1 });

    // A stranger with the right secret is refused while the clinic is locked out; the clinic's own address is not.
    const stranger = kept(await dialService(s.server.url, { localAddress: '127.0.0.4' }));
    expect(await sayHello((stranger as { socket: WebSocket }).socket, terminalHello(s))).toMatchObject({ code: 'AUTH_LOCKED', retryable: true, details: { scope: 'clinic' } });
    const again = kept(await dialService(s.server.url));
    expect(await sayHello((again as { socket: WebSocket }).socket, terminalHello(s))).toMatchObject({ type: 'welcome' });

    expect(await operator.clearLockout('clinic', '1310000001')).toBe(true);
    const afterClear = kept(await dialService(s.server.url, { localAddress: '127.0.0.5' }));
    expect(await sayHello((afterClear as { socket: WebSocket }).socket, terminalHello(s))).toMatchObject({ type: 'welcome' });
  });
});

describe('sourceOf', () => {
  it('counts IPv4 as is, unwraps IPv4-mapped IPv6, and counts IPv6 by its /64', () => {
    expect(sourceOf('192.0.2.1')).toBe('192.0.2.1');
    expect(sourceOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(sourceOf('2001:db8:0:1:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('2001:0db8:0000:0001::5%eth0')).toBe('2001:db8:0:1::/64');
  });
});
