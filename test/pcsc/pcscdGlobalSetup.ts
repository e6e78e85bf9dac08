import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const INSTALL_HINT =
  'Install the PC/SC rig with `bash scripts/setup` (or `apt-get update && apt-get install -y --no-install-recommends pcscd libpcsclite-dev vsmartcard-vpcd opensc libusb-1.0-0`).';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

function vpcdListening(): boolean {
  const ss = spawnSync('ss', ['-ltn'], { encoding: 'utf8' });
  return / (0\.0\.0\.0|\*|\[::\]):35963 /.test(ss.stdout ?? '');
}

function runningPcscdPid(): number | undefined {
  try {
    const pid = parseInt(readFileSync('/run/pcscd/pcscd.pid', 'utf8'), 10);
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * The hardware-path tests need the real pcscd with vsmartcard's vpcd driver. Reuse a running one
 * (one pcscd per machine), or start it as our child and stop it afterwards. Never skip: a missing
 * install fails here with how to fix it.
 */
export default async function startPcscd(): Promise<(() => Promise<void>) | void> {
  if (spawnSync('sh', ['-c', 'command -v pcscd']).status !== 0) throw new Error(`pcscd is not installed. ${INSTALL_HINT}`);
  if (!existsSync(VPCD_DRIVER)) throw new Error(`The vpcd driver (${VPCD_DRIVER}) is missing: vsmartcard-vpcd is not installed. ${INSTALL_HINT}`);
  // Debian's vpcd sends each frame in two writes; without quickack every APDU stalls ~44 ms on loopback.
  spawnSync('ip', ['route', 'change', 'local', '127.0.0.1', 'dev', 'lo', 'proto', 'kernel', 'scope', 'host', 'src', '127.0.0.1', 'table', 'local', 'quickack', '1']);
  if (vpcdListening()) return;
  mkdirSync('test-results', { recursive: true });
  const log = openSync('test-results/pcscd.log', 'w');
  const pcscd = spawn('pcscd', ['--foreground', '--debug', '--apdu'], { stdio: ['ignore', log, log] });
  let exited = false;
  pcscd.on('exit', () => (exited = true));
  for (let i = 0; i < 100 && !vpcdListening(); i++) {
    if (exited) throw new Error(`pcscd exited at start; see test-results/pcscd.log. ${INSTALL_HINT}`);
    await sleep(100);
  }
  if (!vpcdListening()) throw new Error('pcscd started but vpcd is not listening on 35963; see test-results/pcscd.log.');
  return async () => {
    if (!exited) {
      const done = new Promise((resolve) => pcscd.once('exit', resolve));
      pcscd.kill('SIGTERM');
      await done;
    }
    // The restart test replaces our pcscd with a new one; we started the rig, so we stop that one too.
    const successor = runningPcscdPid();
    if (successor !== undefined) process.kill(successor, 'SIGTERM');
  };
}
