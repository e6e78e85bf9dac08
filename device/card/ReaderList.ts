import type { CardReader } from './CardReader.ts';
import type { CardError } from './CardError.ts';

export interface ReaderListEvents {
  'reader.attached': (reader: CardReader) => void;
  'reader.detached': (name: string) => void;
  error: (error: CardError) => void;
}

/** The readers a machine has, with hot-plug. Pick readers by name, never by index: order is not stable. */
export interface ReaderList {
  readers(): CardReader[];
  /** Resolve with the reader of that name once it is attached, or reject with READER_UNAVAILABLE after `timeoutMs`. */
  waitForReader(name: string, timeoutMs: number): Promise<CardReader>;
  on<E extends keyof ReaderListEvents>(event: E, listener: ReaderListEvents[E]): () => void;
  /** Release every native handle; the process can exit afterwards. */
  close(): Promise<void>;
}
