import { lstatSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isRequestFileName } from '../files/RequestFileName.ts';

export interface WatchOptions {
  /** Poll instead of file-system events: for network shares, where events do not arrive. */
  polling?: boolean;
  /** Polling interval, ms (default 100). */
  intervalMs?: number;
  /**
   * A file is taken once its size and mtime have not changed for this long (default 300 ms): a client
   * that writes in place rather than renaming a finished file is not read half-way.
   */
  stableMs?: number;
  /**
   * How often `req` is also listed, as a net under the watcher (default 2,000 ms; ours): a file-system event
   * lost under load (seen here: a request renamed in while the machine was saturated was never reported)
   * would otherwise leave a request unanswered until the next start. A file is reported by the listing once
   * its mtime is at least `stableMs` old.
   */
  sweepMs?: number;
}

/**
 * Tells of request files in `req` once they are complete: chokidar, with its write-finish check. Other
 * names (clients' temporary files, anything not OQS…req_….xml) are ignored. Files there at start count.
 * Symbolic links are reported, not followed: the terminal refuses them.
 */
export class RequestWatcher {
  private watcher: FSWatcher | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly options: WatchOptions,
  ) {}

  start(onRequest: (name: string) => void): Promise<void> {
    const stableMs = this.options.stableMs ?? 300;
    this.watcher = watch(this.dir, {
      depth: 0,
      ignoreInitial: false,
      followSymlinks: false,
      usePolling: this.options.polling ?? false,
      interval: this.options.intervalMs ?? 100,
      awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: Math.max(10, Math.min(100, Math.floor(stableMs / 3))) },
      ignored: (path, stats) => path !== this.dir && stats?.isDirectory() !== true && !isRequestFileName(basename(path)),
    });
    const report = (path: string) => onRequest(basename(path));
    this.watcher.on('add', report).on('change', report);
    return new Promise((resolve, reject) => {
      this.watcher!.once('ready', () => {
        this.sweeper = setInterval(() => this.sweep(stableMs, onRequest), this.options.sweepMs ?? 2_000);
        this.sweeper.unref();
        resolve();
      });
      this.watcher!.once('error', reject);
    });
  }

  /** Report every complete request file in `req` (the caller ignores names it already has in hand). */
  private sweep(stableMs: number, onRequest: (name: string) => void): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return; // the folder is gone for now: the watcher reports the error; the next sweep tries again
    }
    const now = Date.now();
    for (const name of names) {
      if (!isRequestFileName(name)) continue;
      try {
        const stats = lstatSync(join(this.dir, name), { throwIfNoEntry: false });
        if (stats && (stats.isFile() || stats.isSymbolicLink()) && now - stats.mtimeMs >= stableMs) onRequest(name);
      } catch {
        // taken by a terminal between the listing and the stat
      }
    }
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return this.watcher?.close() ?? Promise.resolve();
  }
}
