import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import type { CardReader, CardReaderEvents } from '../card/CardReader.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { SerialQueue } from '../card/SerialQueue.ts';
import type { NativeCardReader } from './loadPcsclite.ts';
import { toCardError } from './pcscErrorCode.ts';

/** Transport errors that may just mean the card left; we look at the slot before we believe them. */
const MAYBE_REMOVED = new Set(['NOT_TRANSACTED', 'COMM', 'PCSC_FAILURE', 'RESET', 'UNRESPONSIVE_CARD']);
/** pcscd polls readers every 400 ms; a removal shows in the slot status within this long. */
const REMOVAL_SETTLE_MS = 1000;
/** A short APDU answer buffer: 256 data bytes + SW. */
const RESPONSE_BUFFER = 258;

/**
 * A PC/SC reader through `pcsclite`: status storms de-duplicated into inserted/removed, SHARED
 * connections, every native call serialised, native errors mapped to CardError codes.
 */
export class PcscReader implements CardReader {
  private readonly events = new EventHub<CardReaderEvents>();
  private readonly queue = new SerialQueue();
  private present = false;
  private atr: Uint8Array = new Uint8Array(0);
  private protocol: number | undefined;
  /** Bumped on every insertion/removal so a channel to an earlier card fails fast. */
  private generation = 0;
  private ended = false;

  constructor(private readonly native: NativeCardReader) {
    native.on('status', (status: { state: number; atr?: Buffer }) => this.onStatus(status));
    native.on('end', () => this.markDetached());
    native.on('error', (error: unknown) => this.events.emit('error', toCardError(error, `reader ${this.name}`)));
  }

  get name(): string {
    return this.native.name;
  }

  get cardPresent(): boolean {
    return this.present;
  }

  on<E extends keyof CardReaderEvents>(event: E, listener: CardReaderEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  private onStatus(status: { state: number; atr?: Buffer }): void {
    const present = (status.state & this.native.SCARD_STATE_PRESENT) !== 0 && (status.state & this.native.SCARD_STATE_MUTE) === 0 && (status.atr?.length ?? 0) > 0;
    if (present === this.present) return; // pcsclite repeats unchanged status; only edges matter
    if (present) {
      this.present = true;
      this.generation += 1;
      this.atr = new Uint8Array(status.atr!);
      this.events.emit('card.inserted', this.atr);
    } else {
      this.markRemoved();
    }
  }

  private markRemoved(): void {
    this.present = false;
    this.generation += 1;
    if (this.protocol !== undefined) {
      this.protocol = undefined;
      // Never call into the native reader from inside its status handler: it deadlocks (rig notes).
      setTimeout(() => this.queue.run(() => this.disconnectNative(this.native.SCARD_LEAVE_CARD)).catch(() => undefined), 0);
    }
    this.events.emit('card.removed');
  }

  private connectNative(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.native.connect({ share_mode: this.native.SCARD_SHARE_SHARED }, (err, protocol) => (err ? reject(toCardError(err, `connect to ${this.name}`)) : resolve(protocol)));
    });
  }

  private disconnectNative(disposition: number): Promise<void> {
    return new Promise((resolve) => {
      if (!this.native.connected) return resolve();
      this.native.disconnect(disposition, () => resolve());
    });
  }

  async connect(): Promise<CardChannel> {
    return this.queue.run(async () => {
      if (this.ended) throw new CardError('READER_UNAVAILABLE', `Reader ${this.name} is gone.`);
      if (!this.present) throw new CardError('NO_SMARTCARD', `No card in reader ${this.name}.`);
      if (this.native.connected) await this.disconnectNative(this.native.SCARD_LEAVE_CARD);
      this.protocol = await this.connectNative();
      return this.openChannel(this.generation);
    });
  }

  private openChannel(generation: number): CardChannel {
    let closed = false;
    const check = () => {
      if (this.ended) throw new CardError('READER_UNAVAILABLE', `Reader ${this.name} was detached.`);
      if (closed || generation !== this.generation || this.protocol === undefined) throw new CardError('CARD_REMOVED', `The card was removed from ${this.name}.`);
    };
    return {
      atr: this.atr,
      transmit: (command) =>
        this.queue.run(async () => {
          check();
          try {
            return await this.transmitNative(command);
          } catch (error) {
            throw await this.explain(toCardError(error, `transmit to ${this.name}`), generation);
          }
        }),
      reset: () =>
        this.queue.run(async () => {
          check();
          await this.disconnectNative(this.native.SCARD_RESET_CARD);
          this.protocol = await this.connectNative();
        }),
      close: () =>
        this.queue.run(async () => {
          if (closed) return;
          closed = true;
          if (generation === this.generation) {
            this.protocol = undefined;
            await this.disconnectNative(this.native.SCARD_LEAVE_CARD);
          }
        }),
    };
  }

  private transmitNative(command: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.native.transmit(Buffer.from(command), RESPONSE_BUFFER, this.protocol!, (err, data) => {
        if (err) return reject(err);
        // No status word: the exchange broke off (a card leaving the field does this through vpcd).
        if (data.length < 2) return reject(new CardError('COMM', `The reader ${this.name} returned ${data.length} byte(s) and no status word.`));
        resolve(new Uint8Array(data));
      });
    });
  }

  /** A vague transport error right after the card left is a removal: wait for the slot to say so. */
  private async explain(error: CardError, generation: number): Promise<CardError> {
    if (error.code === 'CARD_REMOVED' || !MAYBE_REMOVED.has(error.code)) return error;
    const deadline = Date.now() + REMOVAL_SETTLE_MS;
    while (Date.now() < deadline) {
      if (this.ended) return new CardError('READER_UNAVAILABLE', `Reader ${this.name} was detached.`, { cause: error });
      if (generation !== this.generation) return new CardError('CARD_REMOVED', `The card was removed from ${this.name} during the command.`, { cause: error });
      await new Promise((r) => setTimeout(r, 50));
    }
    return error;
  }

  /** Release the native handle (part of PcscReaderList.close). */
  /** The card goes with the reader; only the detach is reported (CardReader contract), once. */
  private markDetached(): void {
    if (this.ended) return;
    this.ended = true;
    this.present = false;
    this.generation += 1;
    this.protocol = undefined;
    this.events.emit('reader.detached');
  }

  /** The reader list dropped this reader (pcscd went away): a detach to whoever holds it, then the native handle goes. */
  closeNative(): void {
    this.markDetached();
    try {
      this.native.close();
    } catch {
      // already closed
    }
  }
}
