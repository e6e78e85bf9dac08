import { describe, expect, it } from 'vitest';
import { ButtonTracker } from './ButtonTracker.ts';
import type { PanelButton } from './StaffPanel.ts';

/** A stuck timer the test fires by hand: each wait resolves when `fire` is called, unless aborted first. */
function handSleep() {
  const waits: { ms: number; signal: AbortSignal; resolve: () => void }[] = [];
  const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => waits.push({ ms, signal, resolve }));
  return { waits, sleep, fire: async () => (waits.forEach((w) => w.resolve()), await Promise.resolve()) };
}

function tracker() {
  const clock = handSleep();
  const presses: PanelButton[] = [];
  const stuck: PanelButton[] = [];
  const t = new ButtonTracker({ stuckAfterMs: 10_000, sleep: clock.sleep, onPressed: (b) => presses.push(b), onStuck: (b) => stuck.push(b) });
  return { t, clock, presses, stuck };
}

describe('turning button states into presses', () => {
  it('reports a press when a button goes down, not while it stays down or when it comes up', () => {
    const { t, presses } = tracker();
    t.update(new Set(['visualOk']));
    t.update(new Set(['visualOk']));
    t.update(new Set());
    t.update(new Set(['visualOk', 'visualNg']));
    expect(presses).toEqual(['visualOk', 'visualOk', 'visualNg']);
    expect(t.held).toEqual(['visualOk', 'visualNg']);
  });

  it('reports a button still down when its stuck timer runs out', async () => {
    const { t, clock, stuck } = tracker();
    t.update(new Set(['cancel']));
    expect(clock.waits.map((w) => w.ms)).toEqual([10_000]);
    await clock.fire();
    expect(stuck).toEqual(['cancel']);
  });

  it('does not report a button released before its timer runs out', async () => {
    const { t, clock, stuck } = tracker();
    t.update(new Set(['cancel']));
    t.update(new Set());
    await clock.fire();
    expect(stuck).toEqual([]);
  });

  it('forgets held buttons on reset, without events, so the next report can press them again', async () => {
    const { t, clock, presses, stuck } = tracker();
    t.update(new Set(['visualOk']));
    t.reset();
    await clock.fire();
    t.update(new Set(['visualOk']));
    expect(presses).toEqual(['visualOk', 'visualOk']);
    expect(stuck).toEqual([]);
  });
});
