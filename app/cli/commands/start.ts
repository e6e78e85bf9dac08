import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createKioskDevices, createSimulatorControl } from '../../createKioskDevices.ts';
import { BUILT_SCREENS_DIR, startKiosk } from '../../startKiosk.ts';
import { OperatorClient } from '../../../protocol/eligibility/client/OperatorClient.ts';
import { loadSeedPopulation } from '../../../server/seed/loadSeedPopulation.ts';
import { startCentralSystem } from '../../startCentralSystem.ts';
import { pushCheckInsTo, startTerminal } from '../../startTerminal.ts';

interface StartOptions {
  reader: 'sim' | 'pcsc';
  readerName?: string;
  port: string;
  servicePort: string;
  dataDir: string;
  profile?: string;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run everything on the embedded default: eligibility service (SQLite, seeded), simulator, kiosk runtime and its screens, and the 資格確認端末 answering clinic-software files')
    .option('--reader <kind>', 'sim (default) or pcsc for real PC/SC readers', 'sim')
    .option('--reader-name <name>', 'with --reader pcsc: which reader (default: the first one)')
    .option('--port <port>', 'port of the kiosk screens', '8780')
    .option('--service-port <port>', 'port of the eligibility service', '8790')
    .option('--data-dir <dir>', 'where the databases live', join(homedir(), '.local', 'share', 'myna-kiosk'))
    .option('--profile <name>', 'with --reader sim: place this card profile at start')
    .action(async (opts: StartOptions) => {
      mkdirSync(opts.dataDir, { recursive: true });
      const operatorSecret = randomBytes(18).toString('base64url');
      const service = await startCentralSystem({ dbFile: join(opts.dataDir, 'eligibility.sqlite'), port: Number(opts.servicePort), host: '127.0.0.1', seed: true, operatorSecret, log: () => undefined });
      const clinic = loadSeedPopulation().clinics[0]!;
      const { devices, simulated } = await createKioskDevices({ reader: opts.reader, ...(opts.readerName ? { readerName: opts.readerName } : {}) });
      const operator = new OperatorClient({ url: service.server.url, secret: operatorSecret });
      await operator.connect();
      const kiosk = await startKiosk({
        devices,
        ...(simulated ? { simulator: createSimulatorControl(simulated, operator) } : {}),
        service: { url: service.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'kiosk-1' },
        dbFile: join(opts.dataDir, 'kiosk.sqlite'),
        screens: { port: Number(opts.port), staticDir: BUILT_SCREENS_DIR },
        log: (line) => console.log(`[kiosk] ${line}`),
      });
      const terminal = await startTerminal({
        folders: { root: join(opts.dataDir, 'oqs') },
        terminalId: 'terminal-1',
        medicalInstitutionCode: clinic.code,
        service: { url: service.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'terminal-1' },
        log: (line) => console.log(`[terminal] ${line}`),
      });
      const unpush = pushCheckInsTo(terminal, kiosk.runtime, (line) => console.log(`[terminal] ${line}`));
      const screens = kiosk.screens!;
      if (simulated && opts.profile) await simulated.placeCard(opts.profile);
      if (!existsSync(join(BUILT_SCREENS_DIR, 'index.html'))) console.log('the screens are not built yet: run `npm run build:ui` (the URLs below answer 503 until then)');
      console.log(`eligibility service  ${service.server.url}  (clinic ${clinic.code} ${clinic.name})`);
      console.log(`patient screen       ${screens.url}/`);
      console.log(`staff view           ${screens.url}/#/staff`);
      if (simulated) console.log(`control panel        ${screens.url}/#/control`);
      console.log(`clinic-software files ${terminal.folders.req} → ${terminal.folders.res}, check-ins → ${terminal.folders.face}`);
      console.log(`data                 ${opts.dataDir}`);
      console.log('Ctrl-C stops everything.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // A second Ctrl-C while closing means "now": never leave a port held by a half-closed process.
      const force = () => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      console.log('stopping…');
      unpush();
      await terminal.close();
      await kiosk.close();
      await operator.close();
      await devices.close();
      await service.close();
      console.log('stopped.');
    });
}
