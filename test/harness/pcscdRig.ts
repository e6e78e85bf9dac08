import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** vpcd slot 1. Slot 0 (35963, "Virtual PCD 00 00") belongs to the pcscd test suite, which may run at the same time. */
export const BENCH_VPCD_PORT = 35964;
export const BENCH_READER = 'Virtual PCD 00 01';

const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
export const SETUP_HINT = 'Run `bash scripts/setup` (it installs pcscd, vsmartcard-vpcd and libpcsclite-dev and sets the quickack route).';

export type PcscdRig =
  | { kind: 'reused'; stop: () => Promise<void> }
  | { kind: 'started'; pid: number; log: string; stop: () => Promise<void> }
  | { kind: 'unavailable'; reason: string };

function slotListening(port: number): boolean {
  const ss = spawnSync('ss', ['-ltn'], { encoding: 'utf8' });
  return new RegExp(` (0\\.0\\.0\\.0|\\*|\\[::\\]):${port} `).test(ss.stdout ?? '');
}

/** The machine's pcscd, from its pid file (which ends in "\n\0"), if it is alive. */
export function runningPcscdPid(): number | undefined {
  try {
    const pid = parseInt(readFileSync('/run/pcscd/pcscd.pid', 'utf8'), 10);
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Debian's vpcd writes the 2-byte length and the payload in two send()s; without the quickack route
 * on loopback each APDU waits ~44 ms for a delayed ACK. `undefined` when `ip` is missing.
 */
export function quickackRouteSet(): boolean | undefined {
  const ip = spawnSync('ip', ['route', 'show', 'table', 'local'], { encoding: 'utf8' });
  if (ip.status !== 0) return undefined;
  return /\bquickack 1\b/.test(ip.stdout);
}

/**
 * A pcscd whose vpcd listens on `port`: the running one (one pcscd per machine), or our own child,
 * stopped by `stop()`. Without `--apdu`: pcscd would log every VERIFY, PIN included, in clear.
 */
export async function ensurePcscd(options: { port?: number; log?: string } = {}): Promise<PcscdRig> {
  const port = options.port ?? BENCH_VPCD_PORT;
  const logFile = options.log ?? 'test-results/bench-pcscd.log';
  if (spawnSync('sh', ['-c', 'command -v pcscd']).status !== 0) return { kind: 'unavailable', reason: `pcscd is not installed. ${SETUP_HINT}` };
  if (!existsSync(VPCD_DRIVER)) return { kind: 'unavailable', reason: `vsmartcard-vpcd is not installed (${VPCD_DRIVER} is missing). ${SETUP_HINT}` };
  if (slotListening(port)) return { kind: 'reused', stop: async () => undefined };
  const other = runningPcscdPid();
  if (other !== undefined) {
    return { kind: 'unavailable', reason: `pcscd (pid ${other}) is running but nothing listens on vpcd port ${port}: is vsmartcard-vpcd configured (/etc/reader.conf.d/vpcd)? ${SETUP_HINT}` };
  }
  mkdirSync('test-results', { recursive: true });
  const log = openSync(logFile, 'w');
  const child: ChildProcess = spawn('pcscd', ['--foreground'], { stdio: ['ignore', log, log] });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      exited = true;
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  for (let i = 0; i < 50 && !exited && !slotListening(port); i++) await sleep(100);
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    await exit;
  };
  if (!slotListening(port)) {
    await stop();
    return { kind: 'unavailable', reason: `pcscd did not open vpcd port ${port}; see ${logFile}.` };
  }
  return { kind: 'started', pid: child.pid!, log: logFile, stop };
}
