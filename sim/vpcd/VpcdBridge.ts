import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodedError } from '../../foundation/CodedError.ts';
import type { SimCard } from '../card/SimCard.ts';
import { FaultInjector } from '../fault/FaultInjector.ts';
import type { FaultSpecInput } from '../../kiosk/protocol/ReaderFaultSpec.ts';

/** vsmartcard's default vpcd port (VPCDPORT); slot 1 of the same driver is 35964. */
export const VPCD_DEFAULT_PORT = 35963;

/** vpcd control bytes (a 1-byte payload). */
const CONTROL = { powerOff: 0x00, powerOn: 0x01, reset: 0x02, getAtr: 0x04 } as const;

export interface VpcdBridgeOptions {
  port?: number;
  /** pcscd's vpcd listens on IPv4 only. */
  host?: string;
  /** How long `insert` keeps trying to reach vpcd before it gives up. */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

export class VpcdError extends CodedError<'VPCD_UNREACHABLE' | 'NO_CARD'> {
  override readonly name = 'VpcdError';
}

/**
 * Makes a virtual card appear in a real pcscd through vsmartcard's vpcd driver: we are the "vicc",
 * a TCP client of the vpcd slot. Connecting inserts the card, closing the socket removes it.
 * Frames in both directions are a u16 big-endian length and a payload (card-protocol.md §3.4).
 * If pcscd restarts while a card is in, the bridge reconnects, as a card left on a reader would reappear.
 */
export class VpcdBridge {
  readonly faults = new FaultInjector();
  readonly port: number;
  private readonly host: string;
  private readonly connectTimeoutMs: number;
  private readonly log: (line: string) => void;
  private socket: Socket | undefined;
  private card: SimCard | undefined;
  private buffer = Buffer.alloc(0);
  /** APDUs are answered in order even when a slow card delays one. */
  private chain: Promise<void> = Promise.resolve();

  constructor(options: VpcdBridgeOptions = {}) {
    this.port = options.port ?? VPCD_DEFAULT_PORT;
    this.host = options.host ?? '127.0.0.1';
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.log = options.log ?? (() => undefined);
  }

  get inserted(): boolean {
    return this.card !== undefined;
  }

  /** Place the card on the virtual reader. Resolves once vpcd accepted the connection. */
  async insert(card: SimCard, faults: FaultSpecInput[] = []): Promise<void> {
    await this.remove();
    for (const f of faults) this.faults.inject(f);
    this.card = card;
    card.reset();
    if (this.faults.isActive('deadChip')) {
      // A chip that never answers: pcscd must see no card. We do not connect at all, because answering
      // vpcd's get-ATR with an empty frame leaves Debian's vpcd 0.8 blocked in recv on that slot, which
      // hangs every OpenSC call on the whole pcscd until the card is removed.
      this.log(`dead chip on vpcd ${this.port}: the card stays invisible to pcscd`);
      return;
    }
    const deadline = Date.now() + this.connectTimeoutMs;
    for (;;) {
      try {
        await this.open(card);
        return;
      } catch (cause) {
        if (Date.now() > deadline) {
          this.card = undefined;
          throw new VpcdError(
            'VPCD_UNREACHABLE',
            `Cannot reach vpcd at ${this.host}:${this.port}. Is pcscd running with vsmartcard-vpcd? ` +
              'Install with `apt-get install -y pcscd vsmartcard-vpcd` and start `pcscd --foreground &`.',
            { cause },
          );
        }
        await sleep(200);
      }
    }
  }

  private open(card: SimCard): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port: this.port, host: this.host });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        this.socket = socket;
        this.buffer = Buffer.alloc(0);
        this.log(`card inserted on vpcd ${this.host}:${this.port}`);
        resolve();
      });
      socket.once('error', reject);
      socket.on('data', (chunk) => this.onData(socket, card, chunk));
      socket.on('close', () => {
        if (this.socket !== socket) return;
        this.socket = undefined;
        // Closed by pcscd, not by us: pcscd restarted. Reconnect while the card is still "on the reader".
        if (this.card === card) {
          this.log(`vpcd ${this.port} closed the connection; reconnecting`);
          void this.reconnect(card);
        }
      });
    });
  }

  private async reconnect(card: SimCard): Promise<void> {
    while (this.card === card && !this.socket) {
      try {
        await this.open(card);
      } catch {
        await sleep(500);
      }
    }
  }

  /** Take the card off the reader: pcscd sees the slot empty at its next poll. */
  async remove(): Promise<void> {
    this.card = undefined;
    this.faults.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
    this.log(`card removed from vpcd ${this.port}`);
  }

  private send(socket: Socket, payload: Uint8Array): void {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    socket.write(Buffer.concat([header, payload]));
  }

  private onData(socket: Socket, card: SimCard, chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2 && this.buffer.length >= 2 + this.buffer.readUInt16BE(0)) {
      const length = this.buffer.readUInt16BE(0);
      const message = new Uint8Array(this.buffer.subarray(2, 2 + length));
      this.buffer = this.buffer.subarray(2 + length);
      if (length === 1) this.onControl(socket, card, message[0]!);
      else if (length > 1) this.chain = this.chain.then(() => this.onApdu(socket, card, message));
    }
  }

  private onControl(socket: Socket, card: SimCard, code: number): void {
    if (code === CONTROL.getAtr) {
      this.send(socket, card.atr);
    } else if (code === CONTROL.powerOff || code === CONTROL.powerOn || code === CONTROL.reset) {
      card.reset();
    }
  }

  private async onApdu(socket: Socket, card: SimCard, command: Uint8Array): Promise<void> {
    if (this.socket !== socket) return;
    const faults = this.faults.onTransmit(command);
    const response = card.transmit(command);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.pulled || faults.detached) {
      this.log(`card pulled from vpcd ${this.port} during ${Buffer.from(command.subarray(0, 4)).toString('hex')}`);
      await this.remove();
      return;
    }
    // A garbled 1-byte answer (no status word) is what a dirty contact looks like to the host.
    // (An empty frame would stall vpcd until its timeout.)
    this.send(socket, faults.commFailure || faults.deadChip ? Uint8Array.of(0x6f) : response);
  }
}
