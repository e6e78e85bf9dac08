import { CardError } from './CardError.ts';
import type { CardReader } from './CardReader.ts';
import type { ReaderList } from './ReaderList.ts';

/**
 * The reader of that name once it is attached, whichever ReaderList it comes from; READER_UNAVAILABLE
 * after `timeoutMs`, naming the readers that were seen (pick readers by name, never by index).
 */
export function waitForReader(list: ReaderList, name: string, timeoutMs: number): Promise<CardReader> {
  const present = list.readers().find((r) => r.name === name);
  if (present) return Promise.resolve(present);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const seen = list.readers().map((r) => r.name);
      reject(new CardError('READER_UNAVAILABLE', `Reader ${JSON.stringify(name)} did not appear within ${timeoutMs} ms; readers seen: ${seen.join(', ') || 'none'}.`));
    }, timeoutMs);
    const off = list.on('reader.attached', (reader) => {
      if (reader.name !== name) return;
      clearTimeout(timer);
      off();
      resolve(reader);
    });
  });
}
