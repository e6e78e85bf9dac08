import type { CardChannel } from '../../device/card/CardChannel.ts';
import { seededRandom } from '../../foundation/seededRandom.ts';

/**
 * A card channel whose responses come back mangled: the fault a fuzzer needs to prove that the
 * card client turns any malformed answer into a typed CardError. Mutations mimic what a broken
 * reader or card could send: a flipped bit, a truncated or extended answer, random status words,
 * random bytes, and length fields pointing past the data.
 */
export interface CorruptingChannel extends CardChannel {
  /** How many responses were mutated so far. */
  readonly corrupted: number;
}

export function mutateResponse(response: Uint8Array, random: () => number): Uint8Array {
  const r = () => Math.floor(random() * 256);
  const at = (n: number) => Math.floor(random() * Math.max(1, n));
  const out = Uint8Array.from(response);
  switch (at(7)) {
    case 0: {
      if (out.length > 0) out[at(out.length)]! ^= 1 << at(8);
      return out;
    }
    case 1:
      return out.slice(0, at(out.length + 1));
    case 2:
      return Uint8Array.from([...out, ...Array.from({ length: 1 + at(40) }, r)]);
    case 3: {
      const sws = [0x9000, 0x6a82, 0x6982, 0x6984, 0x63c0 | at(16), 0x6b00, 0x6700, 0x6d00, (r() << 8) | r()];
      const sw = sws[at(sws.length)]!;
      const body = out.slice(0, Math.max(0, out.length - 2));
      return Uint8Array.from([...body, sw >> 8, sw & 0xff]);
    }
    case 4:
      return Uint8Array.from({ length: at(300) }, r);
    case 5: {
      // a plausible header whose length runs far past the data
      if (out.length > 4) {
        out[1] = [0x82, 0x83, 0x81, 0x84, 0x80][at(5)]!;
        out[2] = r();
        out[3] = r();
      }
      return out;
    }
    default: {
      if (out.length > 2) out[at(out.length - 2)] = r();
      return out;
    }
  }
}

export function createCorruptingChannel(inner: CardChannel, options: { seed: number; probability: number }): CorruptingChannel {
  const random = seededRandom(options.seed);
  let corrupted = 0;
  return {
    get atr() {
      return inner.atr;
    },
    get corrupted() {
      return corrupted;
    },
    async transmit(command) {
      const response = await inner.transmit(command);
      if (random() >= options.probability) return response;
      corrupted += 1;
      return mutateResponse(response, random);
    },
    reset: () => inner.reset(),
    close: () => inner.close(),
  };
}
