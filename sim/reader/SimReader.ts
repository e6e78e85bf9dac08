import { sleep as realSleep } from '../../foundation/sleep.ts';
import type { CardChannel } from '../../device/card/CardChannel.ts';
import { CardError } from '../../device/card/CardError.ts';
import type { CardReader, CardReaderEvents } from '../../device/card/CardReader.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { SerialQueue } from '../../device/card/SerialQueue.ts';
import { redactCommand } from '../../device/card/redactCommand.ts';
import { toHex } from '../../device/card/Apdu.ts';
import type { ApduTraceEntry } from '../../kiosk/protocol/SimulatorControl.ts';
import type { SimCard } from '../card/SimCard.ts';
import { FaultInjector, type ActiveFault } from '../fault/FaultInjector.ts';
import type { FaultSpecInput } from '../../kiosk/protocol/ReaderFaultSpec.ts';


export interface SimReaderOptions {
  now?: () => number;
  /** How latency is waited out; a SimulatedClock passes its own. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * An in-process card reader: the simulated peer of device/pcsc's PcscReader. The levers that only a
 * simulator has (insertCard, removeCard, detach, injectFault) live on this class, not on CardReader.
 */
export class SimReader implements CardReader {
  readonly faults: FaultInjector;
  private readonly events = new EventHub<CardReaderEvents>();
  private readonly traceListeners = new Set<(entry: ApduTraceEntry) => void>();
  private card: SimCard | undefined;
  /** Bumped on every insertion, so a channel to a previous card fails even if a new card is in. */
  private insertion = 0;
  private attachedState = true;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    options: SimReaderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.faults = new FaultInjector(this.now);
  }

  get cardPresent(): boolean {
    return this.card !== undefined;
  }

  get attached(): boolean {
    return this.attachedState;
  }

  on<E extends keyof CardReaderEvents>(event: E, listener: CardReaderEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  onTrace(listener: (entry: ApduTraceEntry) => void): () => void {
    this.traceListeners.add(listener);
    return () => this.traceListeners.delete(listener);
  }

  /** Place a card. A dead chip is there (the slot sees it) but gives an empty ATR. */
  insertCard(card: SimCard, faults: FaultSpecInput[] = []): void {
    if (this.card) this.removeCard();
    for (const f of faults) this.faults.inject(f);
    this.card = card;
    this.insertion += 1;
    card.reset();
    this.events.emit('card.inserted', this.faults.isActive('deadChip') ? new Uint8Array(0) : card.atr);
  }

  removeCard(): void {
    if (!this.card) return;
    this.card = undefined;
    this.insertion += 1;
    this.events.emit('card.removed');
  }

  /** The card is gone now; the slot reports it `noticeMs` later (as PC/SC does at its next poll). */
  private removeCardAfter(noticeMs: number): void {
    if (noticeMs <= 0) return this.removeCard();
    if (!this.card) return;
    this.card = undefined;
    this.insertion += 1;
    void this.sleep(noticeMs).then(() => this.events.emit('card.removed'));
  }

  private detachAfter(noticeMs: number): void {
    if (noticeMs <= 0) return this.detach();
    if (!this.attachedState) return;
    this.card = undefined;
    this.insertion += 1;
    this.attachedState = false;
    void this.sleep(noticeMs).then(() => this.events.emit('reader.detached'));
  }

  /** Unplug the reader: the card is lost with it, but only `reader.detached` is reported (no card.removed). */
  detach(): void {
    if (!this.attachedState) return;
    this.card = undefined;
    this.insertion += 1;
    this.attachedState = false;
    this.events.emit('reader.detached');
  }

  /** Plug the reader back in; SimReaderList announces it as attached. */
  reattach(): void {
    this.attachedState = true;
  }

  injectFault(spec: FaultSpecInput): ActiveFault {
    const fault = this.faults.inject(spec);
    if (fault.spec.kind === 'readerDetached' && (fault.spec.scope.kind === 'untilCleared' || fault.spec.scope.kind === 'duration')) this.detach();
    return fault;
  }

  async connect(): Promise<CardChannel> {
    await Promise.resolve();
    if (!this.attachedState) throw new CardError('READER_UNAVAILABLE', `Reader ${this.name} is not attached.`);
    const card = this.card;
    if (!card) throw new CardError('NO_SMARTCARD', `No card in reader ${this.name}.`);
    const decision = this.faults.onConnect();
    if (decision.detached) {
      this.detach();
      throw new CardError('READER_UNAVAILABLE', `Reader ${this.name} went away.`);
    }
    if (decision.deadChip) throw new CardError('UNRESPONSIVE_CARD', `The card in ${this.name} does not answer (no ATR): the chip may be damaged.`);
    return this.openChannel(card, this.insertion);
  }

  private openChannel(card: SimCard, insertion: number): CardChannel {
    let closed = false;
    const check = () => {
      if (!this.attachedState) throw new CardError('READER_UNAVAILABLE', `Reader ${this.name} was detached.`);
      if (closed || this.insertion !== insertion || this.card !== card) throw new CardError('CARD_REMOVED', `The card was removed from ${this.name}.`);
    };
    const queue = new SerialQueue();
    return {
      atr: card.atr,
      transmit: (command: Uint8Array) => queue.run(() => this.exchange(card, command, check)),
      async reset() {
        check();
        card.reset();
      },
      async close() {
        closed = true;
      },
    };
  }

  private async exchange(card: SimCard, command: Uint8Array, check: () => void): Promise<Uint8Array> {
    const entry: ApduTraceEntry = { at: this.now(), reader: this.name, command: redactCommand(command), response: null, error: null };
    try {
      check();
      const faults = this.faults.onTransmit(command);
      if (faults.detached) {
        this.detachAfter(faults.noticeMs);
        check();
      }
      if (faults.deadChip) throw new CardError('UNRESPONSIVE_CARD', `The card in ${this.name} stopped answering.`);
      const response = card.transmit(command);
      if (faults.latencyMs > 0) await this.sleep(faults.latencyMs);
      else await Promise.resolve();
      if (faults.pulled) this.removeCardAfter(faults.noticeMs);
      check();
      if (faults.commFailure) throw new CardError('COMM', `Communication with the card in ${this.name} failed (dirty contact?).`);
      entry.response = toHex(response);
      return response;
    } catch (error) {
      entry.error = error instanceof CardError ? error.code : String(error);
      throw error;
    } finally {
      for (const listener of this.traceListeners) listener(entry);
    }
  }
}
