import type { CardReader } from '../card/CardReader.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { waitForReader } from '../card/waitForReader.ts';
import type { ReaderList, ReaderListEvents } from '../card/ReaderList.ts';
import { loadPcsclite, type NativeCardReader, type NativePcsc, type PcscFactory } from './loadPcsclite.ts';
import { toCardError } from './pcscErrorCode.ts';
import { PcscReader } from './PcscReader.ts';

const BACKOFF_MS = [250, 500, 1000, 2000, 5000];

/**
 * The machine's PC/SC readers. When pcscd goes away (NO_SERVICE, or any context error) every reader
 * is reported detached and the context is re-created with back-off until pcscd is back.
 */
export class PcscReaderList implements ReaderList {
  private readonly events = new EventHub<ReaderListEvents>();
  private readonly all = new Map<string, PcscReader>();
  private context: NativePcsc | undefined;
  private closed = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly factory: PcscFactory = loadPcsclite()) {
    if (!this.open()) this.restart();
  }

  /** Establish a context; false when pcscd is not there (yet). */
  private open(): boolean {
    let context: NativePcsc;
    try {
      context = this.factory();
    } catch (error) {
      this.events.emit('error', toCardError(error, 'PC/SC'));
      return false;
    }
    this.context = context;
    context.on('reader', (native: NativeCardReader) => {
      this.failures = 0;
      const reader = new PcscReader(native);
      this.all.set(native.name, reader);
      reader.on('reader.detached', () => {
        if (this.all.get(native.name) === reader) this.all.delete(native.name);
        this.events.emit('reader.detached', native.name);
      });
      this.events.emit('reader.attached', reader);
    });
    context.on('error', (error: unknown) => {
      if (this.closed) return; // closing cancels SCardGetStatusChange (0x80100002): expected
      const cardError = toCardError(error, 'PC/SC');
      this.events.emit('error', cardError);
      this.restart();
    });
    return true;
  }

  /** Drop the dead context and its readers, then try again after a back-off. */
  private restart(): void {
    if (this.retryTimer || this.closed) return;
    const old = this.context;
    this.context = undefined;
    const readers = [...this.all.entries()];
    this.all.clear();
    setTimeout(() => {
      for (const [name, reader] of readers) {
        reader.closeNative();
        this.events.emit('reader.detached', name);
      }
      try {
        old?.close();
      } catch {
        // the context is already dead
      }
    }, 0);
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && !this.open()) this.restart();
    }, delay);
  }

  readers(): CardReader[] {
    return [...this.all.values()];
  }

  waitForReader(name: string, timeoutMs: number): Promise<CardReader> {
    return waitForReader(this, name, timeoutMs);
  }

  on<E extends keyof ReaderListEvents>(event: E, listener: ReaderListEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Close every reader and the context; pcsclite keeps the process alive until all are closed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const context = this.context;
    this.context = undefined;
    for (const reader of this.all.values()) reader.closeNative();
    for (const native of Object.values(context?.readers ?? {})) {
      try {
        native.close();
      } catch {
        // closed already
      }
    }
    try {
      context?.close();
    } catch (error) {
      throw toCardError(error, 'close PC/SC');
    }
    this.all.clear();
  }
}
