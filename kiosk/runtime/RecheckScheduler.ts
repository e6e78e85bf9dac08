/**
 * Runs the pending re-checks whenever one is due, not only when the connection comes back: at once when
 * a visit closes with one, again when a postponed one's back-off is over, and when the service connects.
 * One run at a time; a kick during a run makes one more run after it.
 */
export class RecheckScheduler {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly ready: () => boolean,
    private readonly nextDue: () => Date | null,
    private readonly now: () => Date,
  ) {}

  /** Something may be due: run now (or right after the run in progress). */
  kick(): void {
    if (this.stopped || !this.ready()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Wait for the run in progress, if any. */
  async idle(): Promise<void> {
    await this.running;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.run().catch(() => undefined);
    } while (this.again && !this.stopped);
    this.armTimer();
  }

  private armTimer(): void {
    if (this.stopped) return;
    const due = this.nextDue();
    if (!due) return;
    const wait = Math.max(0, due.getTime() - this.now().getTime());
    this.timer = setTimeout(() => this.kick(), Math.min(wait, 300_000) + 10);
    this.timer.unref();
  }
}
