import { setTimeout as wait } from 'node:timers/promises';

/**
 * Wait `ms` of real time; resolves early (never rejects) when `signal` aborts. Device models take a
 * sleep function, so a test passes one that runs on a SimulatedClock instead.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
