import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KioskConnection } from '../../app/cli/KioskConnection.ts';
import type { SimCommandInput } from '../../kiosk/protocol/SimulatorControl.ts';

const MAIN = fileURLToPath(new URL('../../app/cli/main.ts', import.meta.url));

export interface KioskProcess {
  child: ChildProcess;
  dataDir: string;
  /** http://127.0.0.1:PORT of the kiosk's screens. */
  screensUrl: string;
  /** The staff view's link as printed (with the screen token). */
  staffUrl: string;
  /** The screen token, from the printed links. */
  token: string;
  serviceUrl: string;
  output: () => string;
  /** Pull a simulator lever as the control panel does (`card.place` through vpcd, faults…). */
  sim(command: SimCommandInput): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `npm run kiosk -- start …` in its own process, exactly as a person starts it (ports 0, a fresh data
 * directory); resolves once it prints its URLs. `args` are the device flags under test.
 */
export async function startKioskProcess(args: string[], options: { timeoutMs?: number } = {}): Promise<KioskProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-process-'));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start', '--port', '0', '--service-port', '0', '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const urls = await new Promise<{ screens: string; service: string; staff: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the kiosk did not start within ${options.timeoutMs ?? 30_000} ms:\n${out}`)), options.timeoutMs ?? 30_000);
    const check = () => {
      const screens = /patient screen\s+(http:\/\/\S+)\//.exec(out)?.[1];
      const service = /eligibility service\s+(ws:\/\/\S+)/.exec(out)?.[1];
      const staff = /staff view\s+(http:\/\/\S+)/.exec(out)?.[1];
      const token = staff ? new URLSearchParams(staff.split('?')[1]).get('token') : null;
      if (screens && service && staff && token && out.includes('Ctrl-C stops everything.')) {
        clearTimeout(timer);
        resolve({ screens, service, staff, token });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`the kiosk exited with ${code} before it started:\n${out}`)));
  });
  return {
    child,
    dataDir,
    screensUrl: urls.screens,
    staffUrl: urls.staff,
    token: urls.token,
    serviceUrl: urls.service,
    output: () => out,
    async sim(command) {
      const c = await KioskConnection.open(`${urls.screens.replace('http', 'ws')}/ws`, 'control', 5_000, urls.token);
      try {
        await c.request({ type: 'sim', command }, 15_000);
      } finally {
        c.close();
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
