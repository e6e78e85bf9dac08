import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CameraError } from '../camera/CameraError.ts';
import type { CameraFrame, FrameRequest, FrameSource, FrameSourceEvents } from '../camera/FrameSource.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { sleep } from '../../foundation/sleep.ts';
import { readPngSize } from './readPngSize.ts';
import { SourceHealth } from './SourceHealth.ts';

export interface FolderFrameSourceOptions {
  /** The folder the scanner or document camera writes its images into. */
  dir: string;
  /** How often the folder is looked at (default 100 ms). */
  pollMs?: number;
  name?: string;
}

const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * A document camera or scanner that drops images into a folder (most have a "scan to folder" mode,
 * often onto a network share): a capture answers with the newest PNG written after the request. The
 * folder is polled rather than watched because fs.watch does not see files arriving over SMB or NFS.
 * A file still being written (no PNG end chunk yet) is waited for. Configure the device to write PNG.
 */
export class FolderFrameSource implements FrameSource {
  readonly name: string;
  private readonly dir: string;
  private readonly pollMs: number;
  private readonly events = new EventHub<FrameSourceEvents>();
  private readonly health = new SourceHealth(this.events);
  private busy = false;

  constructor(options: FolderFrameSourceOptions) {
    this.dir = options.dir;
    this.pollMs = options.pollMs ?? 100;
    this.name = options.name ?? `scanner folder ${options.dir}`;
  }

  on<E extends keyof FrameSourceEvents>(event: E, listener: FrameSourceEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  async capture(request: FrameRequest): Promise<CameraFrame> {
    if (this.busy) throw new CameraError('BUSY', `A capture from ${this.dir} is already waiting.`);
    this.busy = true;
    try {
      const frame = await this.waitForNewImage(request);
      this.health.ok();
      return frame;
    } catch (error) {
      if (error instanceof CameraError && (error.code === 'NO_CAMERA' || error.code === 'CAMERA_FAULT')) this.health.lost(error);
      throw error;
    } finally {
      this.busy = false;
    }
  }

  private async waitForNewImage(request: FrameRequest): Promise<CameraFrame> {
    const requestedAt = Date.now();
    const deadline = requestedAt + request.deadlineMs;
    for (;;) {
      if (request.signal?.aborted) throw new CameraError('ABORTED', 'The capture was aborted.');
      if (!existsSync(this.dir)) {
        throw new CameraError('NO_CAMERA', `The scanner's folder ${this.dir} does not exist: create it, or point the configuration at the folder the scanner writes to.`);
      }
      const newest = await this.newestPng(requestedAt);
      if (newest) return newest;
      const left = deadline - Date.now();
      if (left <= 0) throw new CameraError('TIMEOUT', `No new PNG appeared in ${this.dir} within ${request.deadlineMs} ms.`);
      await sleep(Math.min(this.pollMs, left), request.signal);
    }
  }

  /** The newest complete PNG written at or after `since`, or null. */
  private async newestPng(since: number): Promise<CameraFrame | null> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.toLowerCase().endsWith('.png'));
    } catch (error) {
      throw new CameraError('CAMERA_FAULT', `The scanner's folder ${this.dir} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    const dated = await Promise.all(
      names.map(async (n) => {
        const file = join(this.dir, n);
        // A file that vanished between readdir and stat (the scanner renames its temporary file) is skipped.
        const info = await stat(file).catch(() => null);
        return info?.isFile() && info.mtimeMs >= since ? { file, mtimeMs: info.mtimeMs } : null;
      }),
    );
    const candidates = dated.filter((d) => d !== null).sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { file, mtimeMs } of candidates) {
      const png = await readFile(file).catch(() => null);
      // Not yet complete: the scanner is still writing it; the next poll sees it whole.
      if (!png || !png.subarray(-PNG_END.length).equals(PNG_END)) continue;
      const size = readPngSize(png);
      if (!size) continue;
      return { png: new Uint8Array(png), ...size, capturedAt: Math.round(mtimeMs) };
    }
    return null;
  }
}
