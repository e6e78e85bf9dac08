import { basename } from 'node:path';
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
}

/**
 * Tells of request files in `req` once they are complete: chokidar, with its write-finish check. Other
 * names (clients' temporary files, anything not OQS…req_….xml) are ignored. Files there at start count.
 * Symbolic links are reported, not followed: the terminal refuses them.
 */
export class RequestWatcher {
  private watcher: FSWatcher | undefined;

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
      this.watcher!.once('ready', () => resolve());
      this.watcher!.once('error', reject);
    });
  }

  close(): Promise<void> {
    return this.watcher?.close() ?? Promise.resolve();
  }
}
