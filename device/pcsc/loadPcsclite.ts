import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { CardError } from '../card/CardError.ts';

/** The subset of the untyped `pcsclite` module we use (santigimeno/node-pcsclite 1.0.1). */
export interface NativeCardReader extends EventEmitter {
  name: string;
  connected: boolean;
  SCARD_SHARE_SHARED: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_EMPTY: number;
  SCARD_STATE_MUTE: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  connect(options: { share_mode: number; protocol?: number }, cb: (err: Error | null, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: Error | null) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: Error | null, data: Buffer) => void): void;
  close(): void;
}

export interface NativePcsc extends EventEmitter {
  readers: Record<string, NativeCardReader>;
  close(): void;
}

export type PcscFactory = () => NativePcsc;

let factory: PcscFactory | undefined;

/**
 * Load the native binding lazily: the simulator path must run where `pcsclite` did not build.
 * A clear NATIVE_UNAVAILABLE says what to install when a real reader is asked for.
 */
export function loadPcsclite(): PcscFactory {
  if (factory) return factory;
  try {
    factory = createRequire(import.meta.url)('pcsclite') as PcscFactory;
    return factory;
  } catch (cause) {
    throw new CardError(
      'NATIVE_UNAVAILABLE',
      'Real PC/SC readers need the native module "pcsclite", which is not built here. Install the PC/SC headers and rebuild: ' +
        '`apt-get install -y pcscd libpcsclite-dev && npm rebuild pcsclite`. The simulator (--reader sim) works without it.',
      { cause },
    );
  }
}
