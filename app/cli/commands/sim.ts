import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../UsageError.ts';
import { writeCertificatePem } from '../certificateFiles.ts';
import { createJpkiTestCa, JPKI_TEST_CA_FILE, loadJpkiTestCa } from '../../../sim/ca/JpkiTestCa.ts';
import { startRevocationRepository } from '../../../sim/ca/RevocationRepository.ts';
import { createSimReaderAuthority, SIM_READER_AUTHORITY_FILE } from '../../../sim/ca/SimReaderAuthority.ts';
import { createSimCard } from '../../../sim/card/createSimCard.ts';
import { renderCardFront } from '../../../sim/cardFace/renderCardFront.ts';
import { FaultKindSchema, type FaultSpecInput } from '../../../kiosk/protocol/ReaderFaultSpec.ts';
import { listCardProfiles, loadCardProfile, PROFILE_DIR } from '../../../sim/cardProfile/loadCardProfile.ts';
import { writeGeneratedProfiles, writePresetProfiles } from '../../../sim/cardProfile/writeCardProfiles.ts';
import { VPCD_DEFAULT_PORT, VpcdBridge } from '../../../sim/vpcd/VpcdBridge.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

function parseIntOption(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new UsageError('BAD_OPTION', `${name} must be an integer, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** `--fault dirtyContact` or `--fault cardPulled:3` (scope: the next 3 operations). */
function parseFault(text: string): FaultSpecInput {
  const [kind, count] = text.split(':');
  const parsed = FaultKindSchema.safeParse(kind);
  if (!parsed.success) throw new UsageError('BAD_OPTION', `unknown fault ${JSON.stringify(kind)}; known: ${FaultKindSchema.options.join(', ')}`);
  return count ? { kind: parsed.data, scope: { kind: 'count', operations: Number(count) } } : { kind: parsed.data };
}

export function registerSimCommands(program: Command): void {
  const sim = program.command('sim').description('the simulator: virtual cards, profiles, the vpcd bridge');

  const profile = sim.command('profile').description('card profiles (data files under sim/profiles/)');
  profile
    .command('new')
    .description('write realistic, reproducible card profiles (the same --seed writes the same files)')
    .option('--count <n>', 'how many profiles', parseIntOption('--count'), 1)
    .option('--seed <s>', 'seed of the first profile; the others use seed+1, seed+2, …', parseIntOption('--seed'), 1)
    .option('--out <dir>', 'where to write them', PROFILE_DIR)
    .action((opts: { count: number; seed: number; out: string }) => {
      for (const file of writeGeneratedProfiles(opts.out, opts.count, opts.seed)) console.log(file);
    });
  profile
    .command('presets')
    .description('regenerate the shipped profiles from sim/profile/presets.json')
    .option('--out <dir>', 'where to write them', PROFILE_DIR)
    .action((opts: { out: string }) => {
      for (const file of writePresetProfiles(opts.out)) console.log(file);
    });
  profile
    .command('list')
    .description('list the card profiles')
    .option('--dir <dir>', 'profile directory', PROFILE_DIR)
    .action((opts: { dir: string }) => {
      for (const name of listCardProfiles(opts.dir)) {
        const { profile: p } = loadCardProfile(name, opts.dir);
        console.log(`${name.padEnd(24)} ${p.kind.padEnd(9)} ${p.holder.name}  ${p.description}`);
      }
    });
  profile
    .command('show <name>')
    .description('show a profile as the card presents it (the PINs stay in the file)')
    .action(async (name: string) => {
      const loaded = loadCardProfile(name);
      const card = await createSimCard(loaded.profile, loaded.photo);
      const p = loaded.profile;
      console.log(
        JSON.stringify(
          {
            file: loaded.file,
            kind: p.kind,
            holder: p.holder,
            card: p.card,
            verificationCodeB: card.verificationCodeB,
            authCertificate: { ...p.authCertificate, bytes: card.authCertificate.length },
            faults: p.faults,
          },
          null,
          2,
        ),
      );
    });

  profile
    .command('card-front <name>')
    .description('render the card front the simulator prints (a 1011×638 PNG at 300 dpi, in Debian\'s Chromium), e.g. for the card-face OCR')
    .requiredOption('--out <file>', 'where to write the PNG')
    .option('--smudged', 'opaque smudges over 生年月日, 有効期限 and セキュリティコード (a scan must fail cleanly)', false)
    .action(async (name: string, opts: { out: string; smudged: boolean }) => {
      const png = await renderCardFront(loadCardProfile(name), { smudged: opts.smudged });
      writeFileSync(opts.out, png);
      console.log(opts.out);
    });

  profile
    .command('certificate <name>')
    .description('write the 利用者証明用 certificate the card of this profile hands out (issued from the test CA for today), as PEM')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (name: string, opts: { out: string }) => {
      const loaded = loadCardProfile(name);
      const card = await createSimCard(loaded.profile, loaded.photo);
      writeCertificatePem(opts.out, card.authCertificate);
      console.log(opts.out);
    });

  sim
    .command('ca-new')
    .description(`make a new simulated JPKI test CA (${JPKI_TEST_CA_FILE}); certificates are issued from it when a card is placed`)
    .option('--keep-keys', 'keep the CA keys already in the file and issue its certificates again (after a change of their layout)')
    .action(async (opts: { keepKeys?: boolean }) => {
      await createJpkiTestCa(undefined, { keepKeys: opts.keepKeys === true });
      console.log(JPKI_TEST_CA_FILE);
    });

  sim
    .command('crl-serve')
    .description('serve the test CA\'s CRLs on loopback (one per distribution point the profiles\' certificates name; the revoked profiles listed) until Ctrl-C')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', parseIntOption('--port'), 8791)
    .action(async (opts: { port: number }) => {
      const profiles = listCardProfiles().map((n) => loadCardProfile(n).profile);
      const repository = await startRevocationRepository({ ca: await loadJpkiTestCa(), profiles, port: opts.port });
      console.log(`CRL repository ${repository.url}/jpki/crls (${(await repository.lists()).length} lists)`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await repository.close();
    });

  sim
    .command('reader-authority-new')
    .description(`make a new simulated reader authority (${SIM_READER_AUTHORITY_FILE}); every simulated card trusts it for PIN-less signing after reader authentication`)
    .action(async () => {
      await createSimReaderAuthority();
      console.log(SIM_READER_AUTHORITY_FILE);
    });

  sim
    .command('vpcd')
    .description('place virtual cards in the real pcscd through vsmartcard vpcd (each --profile on its own port: port, port+1, …)')
    .requiredOption('--profile <name>', 'card profile to place (repeat for several readers)', collect, [])
    .option('--port <port>', 'vpcd port of the first card', parseIntOption('--port'), VPCD_DEFAULT_PORT)
    .option('--host <host>', 'vpcd host (pcscd listens on IPv4)', '127.0.0.1')
    .option('--fault <kind[:count]>', 'inject a fault into every card (deadChip, dirtyContact, cardPulled, slowCard)', collect, [])
    .action(async (opts: { profile: string[]; port: number; host: string; fault: string[] }) => {
      const faults = opts.fault.map(parseFault);
      const bridges: VpcdBridge[] = [];
      for (const [i, name] of opts.profile.entries()) {
        const loaded = loadCardProfile(name);
        const card = await createSimCard(loaded.profile, loaded.photo);
        const bridge = new VpcdBridge({ port: opts.port + i, host: opts.host, log: (line) => console.log(`[${name}] ${line}`) });
        await bridge.insert(card.card, [...loaded.profile.faults, ...faults]);
        bridges.push(bridge);
      }
      console.log('Cards placed. Ctrl-C removes them.');
      // Stay up even when every card socket is gone (a cardPulled fault closes its socket).
      const keepAlive = setInterval(() => undefined, 60_000);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      clearInterval(keepAlive);
      await Promise.all(bridges.map((b) => b.remove()));
    });
}
