import { PANEL_BUTTONS, type PanelButton } from './StaffPanel.ts';

export interface ButtonTrackerOptions {
  /** A button held this long is reported stuck. */
  stuckAfterMs: number;
  /** How the stuck timer waits; resolves early (or rejects) when `signal` aborts. A simulated clock passes its own. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  onPressed: (button: PanelButton) => void;
  onStuck: (button: PanelButton) => void;
}

/**
 * Turns "which buttons are down now" (one HID input report, or the simulator's switches) into
 * press edges, and notices a button that never comes up. Shared by the HID adapter and the
 * simulated panel so that both report exactly the same events for the same button history.
 */
export class ButtonTracker {
  private readonly down = new Map<PanelButton, AbortController>();

  constructor(private readonly options: ButtonTrackerOptions) {}

  get held(): PanelButton[] {
    return [...this.down.keys()];
  }

  update(nowDown: ReadonlySet<PanelButton>): void {
    for (const button of PANEL_BUTTONS) {
      const wasDown = this.down.has(button);
      if (nowDown.has(button) && !wasDown) {
        const timer = new AbortController();
        this.down.set(button, timer);
        this.options.sleep(this.options.stuckAfterMs, timer.signal).then(
          () => {
            if (!timer.signal.aborted) this.options.onStuck(button);
          },
          () => undefined,
        );
        this.options.onPressed(button);
      } else if (!nowDown.has(button) && wasDown) {
        this.down.get(button)!.abort();
        this.down.delete(button);
      }
    }
  }

  /** Forget every held button without events: the panel went away, so its buttons are unknown. */
  reset(): void {
    for (const timer of this.down.values()) timer.abort();
    this.down.clear();
  }
}
