import type { SimulatedClock } from 'xstate';

/** One wait of the statechart still to run out: how long it was set for and when it is due (clock time). */
export interface PendingWait {
  ms: number;
  dueAt: number;
}

interface Timer extends PendingWait {
  fn: () => void;
  handle: unknown;
}

/**
 * The clock the statechart's `after` waits run on (an xstate Clock). It knows every wait still pending,
 * so the screens can count down the one a patient is warned of, and it can let time pass at once
 * (the control panel's fast-forward): every wait due by then fires in order, the others keep what is
 * left of theirs. Over a SimulatedClock (tests) it schedules on that clock and fast-forwards it.
 */
export class KioskClock {
  private offset = 0;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  /** `wallClock`: where real time comes from (tests pass a fixed one). */
  constructor(
    private readonly base?: SimulatedClock,
    private readonly wallClock: () => number = Date.now,
  ) {}

  now(): number {
    return this.base ? this.base.now() : this.wallClock() + this.offset;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { fn, ms, dueAt: this.now() + ms, handle: this.arm(id, ms) });
    return id;
  }

  clearTimeout(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    this.disarm(timer.handle);
    this.timers.delete(id);
  }

  /** The waits still to run out, soonest first. */
  pending(): PendingWait[] {
    return [...this.timers.values()].map(({ ms, dueAt }) => ({ ms, dueAt })).sort((a, b) => a.dueAt - b.dueAt);
  }

  /** Let `ms` pass at once. */
  fastForward(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`fast-forward needs a duration ≥ 0 ms, got ${ms}`);
    if (this.base) {
      this.base.increment(ms);
      return;
    }
    this.offset += ms;
    const due = [...this.timers.entries()].filter(([, t]) => t.dueAt <= this.now()).sort((a, b) => a[1].dueAt - b[1].dueAt);
    for (const [id, timer] of due) {
      this.disarm(timer.handle);
      this.fire(id);
    }
    // What a fired wait scheduled is measured from the new now already; the rest are re-armed for what is left.
    for (const [id, timer] of this.timers) {
      this.disarm(timer.handle);
      timer.handle = this.arm(id, Math.max(0, timer.dueAt - this.now()));
    }
  }

  private fire(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    this.timers.delete(id);
    timer.fn();
  }

  private arm(id: number, ms: number): unknown {
    const fire = () => this.fire(id);
    return this.base ? this.base.setTimeout(fire, ms) : setTimeout(fire, ms);
  }

  private disarm(handle: unknown): void {
    if (this.base) this.base.clearTimeout(handle as never);
    else clearTimeout(handle as NodeJS.Timeout);
  }
}
