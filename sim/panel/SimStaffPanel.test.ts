import { describe, expect, it } from 'vitest';
import { isPanelError, type PanelError } from '../../device/panel/PanelError.ts';
import type { PanelButton } from '../../device/panel/StaffPanel.ts';
import { SimStaffPanel } from './SimStaffPanel.ts';

/** A simulated clock: `advance` moves time and wakes the waits that are due, in order. */
function simClock() {
  let now = 0;
  const waits: { at: number; resolve: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        waits.push({ at: now + ms, resolve });
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        waits.sort((a, b) => a.at - b.at);
        if (!waits[0] || waits[0].at > end) break;
        const due = waits.shift()!;
        now = due.at;
        due.resolve();
        for (let i = 0; i < 5; i++) await Promise.resolve();
      }
      now = end;
    },
  };
}

function panel() {
  const clock = simClock();
  const p = new SimStaffPanel({ now: clock.now, sleep: clock.sleep });
  const seen = { presses: [] as PanelButton[], errors: [] as PanelError[], attachment: [] as string[] };
  p.on('button.pressed', (b) => seen.presses.push(b));
  p.on('error', (e) => seen.errors.push(e));
  p.on('panel.detached', () => seen.attachment.push('detached'));
  p.on('panel.attached', () => seen.attachment.push('attached'));
  return { p, clock, seen };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => (isPanelError(e) ? e.code : String(e)),
  );
}

describe('the simulated staff panel', () => {
  it('reports each pressed button once', () => {
    const { p, seen } = panel();
    p.pressButton('visualOk');
    p.pressButton('visualNg');
    p.pressButton('visualOk');
    expect(seen.presses).toEqual(['visualOk', 'visualNg', 'visualOk']);
  });

  it('shows the indicator state the kiosk sets, and nothing while unplugged', async () => {
    const { p } = panel();
    const shown: (string | undefined)[] = [];
    p.onShown((s) => shown.push(s));
    await p.setIndicator('busy');
    p.detach();
    p.reattach();
    expect(shown).toEqual(['busy', undefined, 'busy']);
  });

  it('loses presses and refuses indicator writes while unplugged, then shows the remembered state', async () => {
    const { p, seen } = panel();
    p.detach();
    p.pressButton('visualOk');
    expect(await rejection(p.setIndicator('staffNeeded'))).toBe('PANEL_DETACHED');
    p.reattach();
    expect(seen.presses).toEqual([]);
    expect(seen.attachment).toEqual(['detached', 'attached']);
    expect(p.shown).toBe('staffNeeded');
  });

  it('stays unplugged under a panelDetached fault for the next two operations, then comes back', async () => {
    const { p, seen } = panel();
    p.injectFault({ kind: 'panelDetached', scope: { kind: 'count', operations: 2 } });
    expect(p.attached).toBe(false);
    p.pressButton('visualOk');
    expect(p.attached).toBe(false);
    expect(await rejection(p.setIndicator('busy'))).toBe('PANEL_DETACHED');
    expect(p.attached).toBe(true);
    p.pressButton('visualOk');
    expect(seen.presses).toEqual(['visualOk']);
    expect(seen.attachment).toEqual(['detached', 'attached']);
  });

  it('comes back by itself when a panelDetached fault with a duration is over', async () => {
    const { p, clock, seen } = panel();
    p.injectFault({ kind: 'panelDetached', scope: { kind: 'duration', ms: 3000 } });
    await clock.advance(2999);
    expect(p.attached).toBe(false);
    await clock.advance(1);
    expect(seen.attachment).toEqual(['detached', 'attached']);
  });

  it('keeps a cable pulled by hand out even after the fault that also unplugged it is cleared', () => {
    const { p } = panel();
    p.injectFault({ kind: 'panelDetached' });
    p.detach();
    p.clearFaults('panelDetached');
    expect(p.attached).toBe(false);
    p.reattach();
    expect(p.attached).toBe(true);
  });

  it('presses a stuck button once, reports BUTTON_STUCK after 10 s and ignores its further presses', async () => {
    const { p, clock, seen } = panel();
    p.injectFault({ kind: 'buttonStuck', button: 'visualOk' });
    expect(seen.presses).toEqual(['visualOk']);
    p.pressButton('visualOk');
    p.pressButton('cancel');
    await clock.advance(10_000);
    expect(seen.presses).toEqual(['visualOk', 'cancel']);
    expect(seen.errors.map((e) => e.code)).toEqual(['BUTTON_STUCK']);
  });

  it('frees a button stuck for the next press once that press was lost', () => {
    const { p, seen } = panel();
    p.injectFault({ kind: 'buttonStuck', button: 'visualNg', scope: { kind: 'next' } });
    p.pressButton('visualNg'); // lost: the button is still down
    p.pressButton('visualNg');
    expect(seen.presses).toEqual(['visualNg', 'visualNg']);
  });

  it('refuses indicator writes once closed', async () => {
    const { p } = panel();
    await p.close();
    expect(await rejection(p.setIndicator('standby'))).toBe('CLOSED');
  });
});
