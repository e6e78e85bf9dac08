import { setTimeout as sleep } from 'node:timers/promises';
import type { CardReader } from '../../device/card/CardReader.ts';
import type { PcscReaderList } from '../../device/pcsc/PcscReaderList.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { SimReader } from '../../sim/reader/SimReader.ts';
import { VpcdBridge } from '../../sim/vpcd/VpcdBridge.ts';
import { waitForPresence } from '../harness/pcscCardHarness.ts';
import type { BenchCard } from './benchCases.ts';
import { BENCH_READER, BENCH_VPCD_PORT } from '../harness/pcscdRig.ts';

export const IN_PROCESS = 'in-process';
export const THROUGH_PCSCD = 'pcscd+vpcd';

export interface OpenBenchPath {
  path: string;
  card: BenchCard;
  close(): Promise<void>;
}

/** The profile's card in an in-process SimReader. */
export async function openInProcessPath(profile: string): Promise<OpenBenchPath> {
  const loaded = loadCardProfile(profile);
  const sim = await createSimCard(loaded.profile, loaded.photo);
  const reader = new SimReader('Bench Sim Reader');
  reader.insertCard(sim.card);
  const channel = await reader.connect();
  return {
    path: IN_PROCESS,
    card: { channel, verificationCodeB: sim.verificationCodeB },
    async close() {
      await channel.close();
      reader.removeCard();
    },
  };
}

/**
 * The profile's card on vpcd slot 1 of the real pcscd, read through the pcsclite adapter.
 * Whatever happens, `close` (or the error path) leaves the slot empty and every native handle closed,
 * or pcsclite keeps the process alive.
 */
export async function openPcscdPath(profile: string): Promise<OpenBenchPath> {
  const { PcscReaderList } = await import('../../device/pcsc/PcscReaderList.ts');
  let readers: PcscReaderList | undefined;
  const bridge = new VpcdBridge({ port: BENCH_VPCD_PORT, connectTimeoutMs: 3000 });
  const release = async () => {
    await bridge.remove();
    await readers?.close();
  };
  try {
    const loaded = loadCardProfile(profile);
    const sim = await createSimCard(loaded.profile, loaded.photo);
    readers = new PcscReaderList();
    const reader = await readers.waitForReader(BENCH_READER, 10_000);
    await sleep(300); // let the first status arrive, so a card someone else left on slot 1 shows
    if (reader.cardPresent) await waitForEmpty(reader);
    await bridge.insert(sim.card);
    await waitForPresence(reader, true, 5000);
    const channel = await reader.connect();
    return {
      path: THROUGH_PCSCD,
      card: { channel, verificationCodeB: sim.verificationCodeB },
      async close() {
        await channel.close().catch(() => undefined);
        await release();
      },
    };
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
}

/** Right after a removal pcscd reports the old card for up to ~0.4 s; longer means another vicc holds the slot. */
async function waitForEmpty(reader: CardReader): Promise<void> {
  try {
    await waitForPresence(reader, false, 1500);
  } catch {
    throw new Error(`${reader.name} (vpcd port ${BENCH_VPCD_PORT}) already holds a card: another vicc is using slot 1. Stop it and run the bench again.`);
  }
}
