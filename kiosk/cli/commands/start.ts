import type { Command } from 'commander';
import { readCardForCheckIn } from '../../../device/mynacard/index.ts';
import { createSimCard } from '../../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../../sim/profile/loadCardProfile.ts';
import { SimReaderList } from '../../../sim/reader/SimReaderList.ts';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the kiosk on the embedded simulator (no hardware, no external service)')
    .option('--profile <name>', 'card profile placed on the simulated reader', 'yamada-taro')
    .action(async (opts: { profile: string }) => {
      const readers = new SimReaderList(['Sim Reader 0']);
      const reader = readers.get('Sim Reader 0');
      const loaded = loadCardProfile(opts.profile);
      const sim = await createSimCard(loaded.profile, loaded.photo);
      reader.on('card.inserted', () => console.log(`card placed on ${reader.name}: ${loaded.profile.holder.name}`));
      reader.insertCard(sim.card, loaded.profile.faults);
      const channel = await reader.connect();
      const read = await readCardForCheckIn(channel);
      console.log(`token ${read.tokenLabel}; 利用者証明用 certificate ${read.authCertificate.certificate.serialNumber.toUpperCase()} valid to ${read.authCertificate.certificate.notAfter.toISOString()}; PIN ${JSON.stringify(read.authPin)}`);
      await readers.close();
    });
}
