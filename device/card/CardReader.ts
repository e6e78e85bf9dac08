import type { CardChannel } from './CardChannel.ts';
import type { CardError } from './CardError.ts';

export interface CardReaderEvents {
  /** A card is present and answered with an ATR. Fired once per insertion (never repeated for unchanged status). */
  'card.inserted': (atr: Uint8Array) => void;
  /** The card left the reader. Fired once per removal. */
  'card.removed': () => void;
  /** The reader itself went away (unplugged, pcscd stopped); a card in it goes too, without a card.removed. No further events follow. */
  'reader.detached': () => void;
  error: (error: CardError) => void;
}

/**
 * One card slot (contact or contactless). Events are de-duplicated: a listener sees
 * inserted/removed strictly alternating.
 */
export interface CardReader {
  readonly name: string;
  readonly cardPresent: boolean;
  /** Connect to the present card (shared mode on PC/SC). Rejects with NO_SMARTCARD when the slot is empty. */
  connect(): Promise<CardChannel>;
  on<E extends keyof CardReaderEvents>(event: E, listener: CardReaderEvents[E]): () => void;
}
