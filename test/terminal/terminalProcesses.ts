import { spawn, type ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

/** Kill every worker still running (a test that timed out must not leave terminals behind). */
export function killTerminalWorkers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** In the share's root: the worker stops once req and its claims are empty (before it, it keeps watching). */
export const STOP_WHEN_EMPTY = '.stop-when-empty';

/**
 * Run the terminal worker as its own process until it prints WORKER_DONE (resolves true). With `kill`, it
 * is SIGKILLed `kill.delayMs` after its `kill.afterAnswers`-th answer, somewhere in the middle of the next
 * ones (resolves false). `answered` counts what it reported before it died; `onReady` once it watches.
 */
export function runTerminalWorker(args: string[], kill: { afterAnswers: number; delayMs: number } | null, onReady: () => void = () => undefined): Promise<{ done: boolean; answered: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/crash/terminalWorker.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    if (process.env.DEBUG_WORKER) {
      child.stdout.on('data', (d) => process.stderr.write(`[${args[1]}] ${d}`));
      child.stderr.on('data', (d) => process.stderr.write(`[${args[1]} err] ${d}`));
    }
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const answered = () => [...out.matchAll(/^ANSWERED /gm)].length;
    child.stdout.on('data', (d) => {
      const wasReady = out.includes('WORKER_READY');
      out += d;
      if (!wasReady && out.includes('WORKER_READY')) onReady();
      if (kill && !timer && answered() >= kill.afterAnswers) timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      if (out.includes('WORKER_DONE')) resolve({ done: true, answered: answered() });
      else if (signal === 'SIGKILL') resolve({ done: false, answered: answered() });
      else reject(new Error(`terminal worker exited ${code}: ${err.slice(-2000)}`));
    });
  });
}
