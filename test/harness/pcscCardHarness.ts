import type { CardReader } from '../../device/card/CardReader.ts';
import { PcscReaderList } from '../../device/pcsc/PcscReaderList.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { VpcdBridge } from '../../sim/vpcd/VpcdBridge.ts';
import type { CardHarness } from './CardHarness.ts';

/** "Virtual PCD 00 00" is vpcd slot 0 on port 35963 (pick readers by name, never by index). */
export const VPCD_READER = 'Virtual PCD 00 00';

export function waitForPresence(reader: CardReader, present: boolean, timeoutMs = 5000): Promise<void> {
  if (reader.cardPresent === present) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${reader.name}: card ${present ? 'insertion' : 'removal'} not seen within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = reader.on(present ? 'card.inserted' : 'card.removed', () => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

export async function createPcscCardHarness(): Promise<CardHarness & { reader: CardReader; bridge: VpcdBridge; readers: PcscReaderList }> {
  const readers = new PcscReaderList();
  const reader = await readers.waitForReader(VPCD_READER, 10_000);
  const bridge = new VpcdBridge({ port: 35963 });
  return {
    name: 'pcscd + vpcd through pcsclite',
    reader,
    bridge,
    readers,
    async insert(profile, faults = []) {
      const loaded = loadCardProfile(profile);
      const sim = await createSimCard(loaded.profile, loaded.photo);
      await waitForPresence(reader, false);
      await bridge.insert(sim.card, [...loaded.profile.faults, ...faults]);
      await waitForPresence(reader, true);
      return { channel: await reader.connect(), sim, loaded };
    },
    injectFault(fault) {
      bridge.faults.inject(fault);
    },
    async remove() {
      await bridge.remove();
      await waitForPresence(reader, false);
    },
    async close() {
      await bridge.remove();
      await readers.close();
    },
  };
}
