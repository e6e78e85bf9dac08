import { createSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { SimReader } from '../../sim/reader/SimReader.ts';
import type { CardHarness } from './CardHarness.ts';

export function createSimCardHarness(): CardHarness & { reader: SimReader } {
  const reader = new SimReader('Sim Reader 0');
  return {
    name: 'in-process SimReader',
    reader,
    async insert(profile, faults = []) {
      const loaded = loadCardProfile(profile);
      const sim = await createSimCard(loaded.profile, loaded.photo);
      reader.insertCard(sim.card, [...loaded.profile.faults, ...faults]);
      return { channel: await reader.connect(), sim, loaded };
    },
    injectFault(fault) {
      reader.injectFault(fault);
    },
    async remove() {
      reader.removeCard();
      reader.faults.clear();
    },
    async close() {
      reader.removeCard();
    },
  };
}
