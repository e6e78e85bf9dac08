import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUN_IN_GUEST = fileURLToPath(new URL('./guest/runInGuest.sh', import.meta.url));
const GUEST_SCRIPT = 'test/hid/guest/panelInGuest.ts';
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface GuestStep {
  step: string;
  ok: boolean;
  [detail: string]: unknown;
}

interface GuestRun {
  exitCode: number | null;
  output: string;
  steps: Map<string, GuestStep>;
  seconds: number;
}

/** One boot: prepare (install qemu, kernel, busybox when missing), boot, run panelInGuest.ts, power off. */
function runGuest(): Promise<GuestRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [RUN_IN_GUEST, '--timeout', '150', '--', 'node', '--import', 'tsx', GUEST_SCRIPT], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const steps = new Map<string, GuestStep>();
      for (const line of output.split('\n')) {
        const json = /^HIDPANEL (\{.*\})$/.exec(line)?.[1];
        if (json) {
          const step = JSON.parse(json) as GuestStep;
          steps.set(step.step, step);
        }
      }
      resolve({ exitCode, output, steps, seconds: (Date.now() - started) / 1000 });
    });
  });
}

describe('the real node-hid staff panel adapter against a uhid device in a QEMU guest', () => {
  // One boot for all the tests, started by whichever test runs first. Not a beforeAll: a failed hook
  // marks the tests skipped, and a machine that cannot run the guest must fail every test, saying why.
  let booted: Promise<GuestRun> | undefined;
  async function guest(): Promise<GuestRun> {
    booted ??= runGuest().then((run) => {
      console.log(`hid: QEMU guest run took ${run.seconds.toFixed(1)} s (exit ${run.exitCode})`);
      return run;
    });
    const run = await booted;
    if (run.steps.size === 0) {
      const tail = run.output.split('\n').slice(-40).join('\n');
      throw new Error(
        `The HID guest did not run (exit ${run.exitCode}). It needs root, apt access to the Debian archive on the first run ` +
          `(qemu-system-x86, cpio, the kernel package, busybox-static; cached in /var/cache/myna-kiosk-hid) and node-hid installed. Output:\n${tail}`,
      );
    }
    return run;
  }

  async function expectStep(name: string): Promise<GuestStep> {
    const run = await guest();
    const step = run.steps.get(name);
    expect(step, `step "${name}" never reported; guest output:\n${run.output.split('\n').slice(-30).join('\n')}`).toBeDefined();
    expect(step!.ok, `step "${name}" failed: ${JSON.stringify(step)}`).toBe(true);
    return step!;
  }

  it('finds a device speaking our report format by its usage page and usage, whatever its USB ids', async () => {
    const step = await expectStep('attach');
    expect(step.listed).toMatchObject({ usagePage: 0xff00, usage: 0x4d4b });
  });

  it('turns button reports into one press per button, in order, and ignores the reserved bits', async () => {
    expect((await expectStep('buttons')).presses).toEqual(['visualOk', 'visualNg', 'staffCallAcknowledged', 'cancel']);
  });

  it('writes the indicator state as our output report', async () => {
    expect((await expectStep('indicator')).outputs).toEqual(['0203']);
  });

  it('reports a button held down as BUTTON_STUCK after one press', async () => {
    await expectStep('stuck');
  });

  it('notices an unplug through the read error and refuses indicator writes while detached', async () => {
    expect((await expectStep('detach')).rejected).toBe('PANEL_DETACHED');
  });

  it('finds the re-plugged panel again, shows the remembered state and reads its buttons', async () => {
    const step = await expectStep('reattach');
    expect(step.reshown).toBe('outage');
    expect(step.reattachMs as number).toBeLessThan(5000);
  });

  it('reads an off-the-shelf foot switch through the shipped mapping file', async () => {
    expect((await expectStep('footSwitch')).presses).toEqual(['visualOk']);
  });

  it('ends with every step passed', async () => {
    const run = await guest();
    expect(run.exitCode, run.output.split('\n').slice(-30).join('\n')).toBe(0);
  });
});
