import { spawn } from 'node:child_process';
import { CodedError } from './CodedError.ts';

export type ProgramErrorCode =
  /** The program is not installed (not on PATH, or the path given does not exist). */
  | 'PROGRAM_MISSING'
  /** It ran and exited non-zero (or was killed by a signal); `stderr` says why. */
  | 'PROGRAM_FAILED'
  /** It did not finish within `timeoutMs`; it was killed. */
  | 'PROGRAM_TIMEOUT'
  /** The caller's signal aborted it; it was killed. */
  | 'PROGRAM_ABORTED';

export class ProgramError extends CodedError<ProgramErrorCode> {
  override readonly name = 'ProgramError';
  /** What the program wrote on stderr (trimmed), for the adapter to read its own failures from. */
  readonly stderr: string;

  constructor(code: ProgramErrorCode, message: string, options: { cause?: unknown; stderr?: string } = {}) {
    super(code, message, options);
    this.stderr = options.stderr ?? '';
  }
}

export interface RunProgramOptions {
  /** Bytes written to the program's stdin (then closed); without it stdin is empty. */
  input?: Uint8Array;
  /** Kill it after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra environment (merged over this process's). */
  env?: Record<string, string>;
}

export interface ProgramOutput {
  stdout: Buffer;
  stderr: string;
}

/**
 * Run an external program to completion and collect its output: the one way the device adapters
 * call Debian tools (tesseract, ffmpeg). Asynchronous on purpose: the kiosk's event loop keeps
 * serving the screens while an OCR or a decode runs.
 */
export function runProgram(command: string, args: readonly string[], options: RunProgramOptions = {}): Promise<ProgramOutput> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ProgramError('PROGRAM_ABORTED', `${command} was not started: aborted.`));
      return;
    }
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const kill = (why: 'PROGRAM_TIMEOUT' | 'PROGRAM_ABORTED') => {
      child.kill('SIGKILL');
      // Settle now, not on 'close': a wrapper script's own children (a shell running `sleep`) can hold
      // the pipes open long after the program itself is dead.
      child.stdout.destroy();
      child.stderr.destroy();
      finish(() =>
        reject(
          why === 'PROGRAM_TIMEOUT'
            ? new ProgramError('PROGRAM_TIMEOUT', `${command} did not finish within ${options.timeoutMs} ms.`, { stderr: stderr.trim() })
            : new ProgramError('PROGRAM_ABORTED', `${command} was stopped: aborted.`, { stderr: stderr.trim() }),
        ),
      );
    };
    const onAbort = () => kill('PROGRAM_ABORTED');
    if (options.timeoutMs !== undefined) timer = setTimeout(() => kill('PROGRAM_TIMEOUT'), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          error.code === 'ENOENT'
            ? new ProgramError('PROGRAM_MISSING', `${command} is not installed (not found on PATH).`, { cause: error })
            : new ProgramError('PROGRAM_FAILED', `${command} could not be started: ${error.message}`, { cause: error }),
        ),
      ),
    );
    child.on('close', (code, signal) =>
      finish(() => {
        if (code !== 0) reject(new ProgramError('PROGRAM_FAILED', `${command} ${signal ? `was killed by ${signal}` : `exited with ${code}`}: ${lastLine(stderr)}`, { stderr: stderr.trim() }));
        else resolve({ stdout: Buffer.concat(stdout), stderr });
      }),
    );
    // A program that exits before reading its stdin (a bad option) must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input === undefined ? undefined : Buffer.from(options.input.buffer, options.input.byteOffset, options.input.byteLength));
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines.at(-1) || '(nothing on stderr)';
}
