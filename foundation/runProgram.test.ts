import { describe, expect, it } from 'vitest';
import { ProgramError, runProgram } from './runProgram.ts';

async function failure(promise: Promise<unknown>): Promise<ProgramError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProgramError);
    return error as ProgramError;
  }
  return expect.unreachable('it should have failed');
}

describe('runProgram', () => {
  it('feeds stdin and collects stdout as bytes', async () => {
    const { stdout } = await runProgram('cat', [], { input: Uint8Array.of(0, 1, 2, 255) });
    expect([...stdout]).toEqual([0, 1, 2, 255]);
  });

  it('says PROGRAM_MISSING when the program is not installed', async () => {
    expect((await failure(runProgram('no-such-program-here', []))).code).toBe('PROGRAM_MISSING');
  });

  it('says PROGRAM_FAILED with the last line of stderr when it exits non-zero', async () => {
    const error = await failure(runProgram('sh', ['-c', 'echo first >&2; echo "the reason" >&2; exit 3']));
    expect(error.code).toBe('PROGRAM_FAILED');
    expect(error.message).toMatch(/exited with 3: the reason/);
    expect(error.stderr).toBe('first\nthe reason');
  });

  it('kills it and answers at once on timeout or abort, even when its children keep the pipes open', async () => {
    let started = Date.now();
    expect((await failure(runProgram('sh', ['-c', 'sleep 5'], { timeoutMs: 100 }))).code).toBe('PROGRAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1000);
    started = Date.now();
    const error = await failure(runProgram('sh', ['-c', 'sleep 5'], { signal: AbortSignal.timeout(100) }));
    expect(error.code).toBe('PROGRAM_ABORTED');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
