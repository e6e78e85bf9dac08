import { CardError } from '../../device/card/CardError.ts';
import type { CardReader } from '../../device/card/CardReader.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { waitForReader } from '../../device/card/waitForReader.ts';
import type { ReaderList, ReaderListEvents } from '../../device/card/ReaderList.ts';
import { SimReader, type SimReaderOptions } from './SimReader.ts';

/** The simulated peer of PcscReaderList: readers come and go when a test says so. */
export class SimReaderList implements ReaderList {
  private readonly events = new EventHub<ReaderListEvents>();
  private readonly all = new Map<string, SimReader>();

  constructor(
    names: string[] = ['Sim Reader 0'],
    private readonly options: SimReaderOptions = {},
  ) {
    for (const name of names) this.add(name);
  }

  add(name: string): SimReader {
    const reader = new SimReader(name, this.options);
    reader.on('reader.detached', () => this.events.emit('reader.detached', name));
    this.all.set(name, reader);
    this.events.emit('reader.attached', reader);
    return reader;
  }

  get(name: string): SimReader {
    const reader = this.all.get(name);
    if (!reader) throw new CardError('READER_UNAVAILABLE', `No simulated reader named ${JSON.stringify(name)}.`);
    return reader;
  }

  /** Plug a detached reader back in. */
  reattach(name: string): void {
    const reader = this.get(name);
    if (reader.attached) return;
    reader.reattach();
    this.events.emit('reader.attached', reader);
  }

  readers(): CardReader[] {
    return [...this.all.values()].filter((r) => r.attached);
  }

  waitForReader(name: string, timeoutMs: number): Promise<CardReader> {
    return waitForReader(this, name, timeoutMs);
  }

  on<E extends keyof ReaderListEvents>(event: E, listener: ReaderListEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {
    for (const reader of this.all.values()) reader.removeCard();
  }
}
