// One client that would lock every clinic out, in a process of its own (issue 12 §2), all from one
// address: `idle` WebSockets that never say hello (each kept open for as long as the service allows),
// and `hellos` connections that each say hello with a wrong secret. Plain TCP with a hand-written
// upgrade, as a flood tool would: the load is on the service, not on a WebSocket library here.
// It floods only between a 'go' and a 'stop' from its parent (so the parent can measure with and without
// it, interleaved), and reports what it got on IPC when it is through.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

const [url, localAddress, idleText, hellosText, code, rateText] = process.argv.slice(2) as [string, string, string, string, string, string];
/** New connections per second of each kind while flooding, at most (0: as fast as it can). */
const RATE = Number(rateText ?? 0);

let flooding = false;
const waiting: (() => void)[] = [];
process.on('message', (m) => {
  flooding = m === 'go';
  if (flooding) waiting.splice(0).forEach((w) => w());
});
/** Resolves while flooding; otherwise at the next 'go'. */
function gate(): Promise<void> {
  return flooding ? Promise.resolve() : new Promise<void>((r) => waiting.push(r));
}
const { hostname, port } = new URL(url);
const CONCURRENCY = 400;

const upgrade = () =>
  `GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** One masked text frame, as a client must send it. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

/** Dial and upgrade; resolves with the status line's code (101 when upgraded), or the failure. */
function dial(): Promise<{ status: string; socket: Socket; rest: Buffer }> {
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    let buffered = Buffer.alloc(0);
    const done = (status: string) => {
      socket.removeAllListeners('data');
      const end = buffered.indexOf('\r\n\r\n');
      resolve({ status, socket, rest: end >= 0 ? buffered.subarray(end + 4) : Buffer.alloc(0) });
    };
    socket.on('error', () => done('failed'));
    socket.on('close', () => done(buffered.length ? /^HTTP\/1\.1 (\d+)/.exec(buffered.toString('latin1'))?.[1] ?? 'closed' : 'closed'));
    socket.once('connect', () => socket.write(upgrade()));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.includes('\r\n\r\n')) done(/^HTTP\/1\.1 (\d+)/.exec(buffered.toString('latin1'))?.[1] ?? 'garbled');
    });
  });
}

/** The text of the first frame the service sends after the upgrade (its answer to our hello). */
function firstFrame(socket: Socket, already: Buffer): Promise<string> {
  return new Promise((resolve) => {
    let buffered = already;
    const check = () => {
      if (buffered.length < 2) return false;
      let length = buffered[1]! & 127;
      let offset = 2;
      if (length === 126) [length, offset] = [buffered.readUInt16BE(2), 4];
      if (buffered.length < offset + length) return false;
      resolve(buffered.subarray(offset, offset + length).toString());
      return true;
    };
    if (check()) return;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      check();
    });
    socket.on('close', () => resolve('{"type":"closed"}'));
  });
}

const tally = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

async function inParallel(total: number, work: () => Promise<void>): Promise<void> {
  let started = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < total) {
        await gate();
        if (started >= total) break;
        started += 1;
        // Paced while flooding; a pause does not bank connections for later.
        const due = Math.max(next, performance.now());
        next = due + (RATE > 0 ? 1000 / RATE : 0);
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        await work();
      }
    }),
  );
}

const idle: Record<string, number> = {};
const hellos: Record<string, number> = {};
let holding = 0;
let mostHeldAtOnce = 0;
const held: Socket[] = [];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all([
  inParallel(Number(idleText), async () => {
    const d = await dial();
    tally(idle, d.status === '101' ? 'open' : `http ${d.status}`);
    if (d.status !== '101') return void d.socket.destroy();
    mostHeldAtOnce = Math.max(mostHeldAtOnce, (holding += 1));
    d.socket.once('close', () => (holding -= 1));
    held.push(d.socket);
  }),
  inParallel(Number(hellosText), async () => {
    const d = await dial();
    if (d.status !== '101') {
      d.socket.destroy();
      return void tally(hellos, `http ${d.status}`);
    }
    const hello = { v: 1, type: 'hello', id: 'h', role: 'terminal', medicalInstitutionCode: code, secret: `wrong-${randomBytes(8).toString('hex')}-guess`, terminalId: 'attacker' };
    const answer = firstFrame(d.socket, d.rest);
    d.socket.write(textFrame(JSON.stringify(hello)));
    const parsed = JSON.parse(await answer) as { code?: string; type: string };
    tally(hellos, parsed.code ?? parsed.type);
    d.socket.destroy();
  }),
]);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.send!({ idle, hellos, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, mostHeldAtOnce, heldAtEnd: holding });
held.forEach((s) => s.destroy());
process.on('disconnect', () => process.exit(0));
