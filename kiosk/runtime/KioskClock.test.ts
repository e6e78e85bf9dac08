import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { KioskClock } from './KioskClock.ts';

describe('the kiosk clock', () => {
  it('fast-forward fires every wait due by then in order, and the others keep what is left of theirs', () => {
    const clock = new KioskClock(undefined, () => 1_000_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('60 s'), 60_000);
    clock.setTimeout(() => fired.push('15 s'), 15_000);
    const late = clock.setTimeout(() => fired.push('never'), 120_000);
    clock.fastForward(59_000);
    expect(fired).toEqual(['15 s']);
    expect(clock.pending().map((w) => w.ms)).toEqual([60_000, 120_000]);
    expect(clock.pending()[0]!.dueAt - clock.now()).toBe(1_000);
    clock.fastForward(1_000);
    expect(fired).toEqual(['15 s', '60 s']);
    clock.clearTimeout(late);
    expect(clock.pending()).toEqual([]);
  });

  it('a wait a fired wait sets is measured from the new now, so one fast-forward does not run a whole chain', () => {
    const clock = new KioskClock(undefined, () => 1_000_000);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(1);
      clock.setTimeout(() => fired.push(2), 10_000);
    }, 10_000);
    clock.fastForward(15_000);
    expect(fired).toEqual([1]);
    clock.fastForward(10_000);
    expect(fired).toEqual([1, 2]);
  });

  it('over a simulated clock it schedules there and fast-forwards that clock', () => {
    const sim = new SimulatedClock();
    const clock = new KioskClock(sim);
    let fired = false;
    clock.setTimeout(() => (fired = true), 5_000);
    sim.increment(4_999);
    expect(fired).toBe(false);
    clock.fastForward(1);
    expect(fired).toBe(true);
  });
});
