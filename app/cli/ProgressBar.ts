/** A one-line progress bar on stderr: percent, records/s, ETA. Redrawn in place on a terminal, one line every few seconds otherwise. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly label: string) {}

  update(progress: { classified: number; done: number; total: number; elapsedMs: number }, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < (this.tty ? 200 : 5000)) return;
    this.lastDraw = now;
    const share = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 1;
    const rate = progress.elapsedMs > 0 ? (progress.classified * 1000) / progress.elapsedMs : 0;
    const eta = share > 0 && share < 1 ? ((progress.elapsedMs / share) * (1 - share)) / 1000 : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(1).padStart(5)} % ${progress.classified.toLocaleString('en')} records, ${Math.round(rate).toLocaleString('en')} records/s, ETA ${formatSeconds(eta)}`;
    process.stderr.write(this.tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  finish(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}
