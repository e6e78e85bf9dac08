import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createKioskDevices, createSimulatorControl, formatSensorReport } from '../../createKioskDevices.ts';
import { addDeviceOptions, deviceConfigFromFlags, type DeviceFlags } from '../kioskDeviceOptions.ts';
import { UsageError } from '../UsageError.ts';
import { BUILT_SCREENS_DIR, startKiosk } from '../../startKiosk.ts';
import { SCREEN_TOKEN_FILE, screenTokenIn } from '../../ScreenToken.ts';
import { OperatorClient } from '../../../protocol/eligibility/client/OperatorClient.ts';
import { demoClinic } from '../../../server/seed/demoClinic.ts';
import { startCentralSystem } from '../../startCentralSystem.ts';
import { loadJpkiTestCa } from '../../../sim/ca/JpkiTestCa.ts';
import { startRevocationRepository } from '../../../sim/ca/RevocationRepository.ts';
import { listCardProfiles, loadCardProfile } from '../../../sim/cardProfile/loadCardProfile.ts';
import { pushCheckInsTo, startTerminal } from '../../startTerminal.ts';

interface StartOptions extends DeviceFlags {
  port: string;
  trustCa?: string[];
  servicePort: string;
  dataDir: string;
  profile?: string;
  electronicPrescriptions?: boolean;
  medicalSubsidy?: boolean;
}

export function registerStartCommand(program: Command): void {
  const command = program
    .command('start')
    .description('run everything on the embedded default: eligibility service (SQLite, seeded), simulator, kiosk runtime and its screens, and the 資格確認端末 answering clinic-software files')
    .option('--port <port>', 'port of the kiosk screens', '8780')
    .option('--service-port <port>', 'port of the eligibility service', '8790')
    .option('--data-dir <dir>', 'where the databases live', join(homedir(), '.local', 'share', 'myna-kiosk'))
    .option('--electronic-prescriptions', 'the clinic issues 電子処方箋: the reader asks 処方箋の発行形態 (電子 / 紙) after consent (default: off)')
    .option('--medical-subsidy', 'the clinic takes 医療費助成の受給者証 through PMH: the reader asks whether to use them after consent (default: off)')
    .option('--profile <name>', 'with a simulated reader (or --vpcd): place this card profile at start')
    .option('--trust-ca <file>', 'a 利用者証明用 CA certificate the embedded service trusts (PEM or DER); repeatable (default: the simulated test CA)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  addDeviceOptions(command);
  command.action(async (opts: StartOptions) => {
      mkdirSync(opts.dataDir, { recursive: true });
      const operatorSecret = randomBytes(18).toString('base64url');
      // The simulated CA's CRLs on loopback: the embedded service decides revocation by them, as a verifier does.
      const crls = await startRevocationRepository({ ca: await loadJpkiTestCa(), profiles: listCardProfiles().map((n) => loadCardProfile(n).profile) });
      const service = await startCentralSystem({ database: join(opts.dataDir, 'eligibility.sqlite'), port: Number(opts.servicePort), host: '127.0.0.1', seed: true, operatorSecret, log: () => undefined, crlRepositoryUrl: crls.url, ...(opts.trustCa ? { trustCaFiles: opts.trustCa } : {}) });
      const clinic = demoClinic();
      const chosen = await createKioskDevices(deviceConfigFromFlags(opts), { dataDir: opts.dataDir });
      const { devices, parts } = chosen;
      const simulated = Object.keys(parts).length > 0;
      const operator = new OperatorClient({ url: service.server.url, secret: operatorSecret });
      await operator.connect();
      const kiosk = await startKiosk({
        devices,
        ...(simulated ? { simulator: createSimulatorControl(parts, operator) } : {}),
        sensors: chosen.report,
        ...(chosen.screenCamera ? { screenCamera: chosen.screenCamera } : {}),
        service: { url: service.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'kiosk-1' },
        dbFile: join(opts.dataDir, 'kiosk.sqlite'),
        ...(opts.electronicPrescriptions || opts.medicalSubsidy ? { clinic: { issuesElectronicPrescriptions: opts.electronicPrescriptions === true, asksMedicalSubsidy: opts.medicalSubsidy === true } } : {}),
        screens: { port: Number(opts.port), staticDir: BUILT_SCREENS_DIR, token: screenTokenIn(opts.dataDir) },
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
      if (opts.profile) await (parts.cards ?? failNoPlacement()).place(opts.profile);
      if (!existsSync(join(BUILT_SCREENS_DIR, 'index.html'))) console.log('the screens are not built yet: run `npm run build:ui` (the URLs below answer 503 until then)');
      console.log(`eligibility service  ${service.server.url}  (clinic ${clinic.code} ${clinic.name})`);
      console.log(`patient screen       ${screens.url}/`);
      console.log(`staff view           ${screens.staffUrl}`);
      if (simulated) console.log(`control panel        ${screens.controlUrl}`);
      if (kiosk.runtime.staffApp) console.log(`staff app (phone)    ${screens.staffAppUrl}`);
      console.log(`screen token         ${join(opts.dataDir, SCREEN_TOKEN_FILE)}  (staff and control sign in with it; delete the file to revoke)`);
      console.log(`clinic-software files ${terminal.folders.req} → ${terminal.folders.res}, check-ins → ${terminal.folders.face}`);
      console.log(`CRL repository       ${crls.url}/jpki/crls`);
      console.log(`data                 ${opts.dataDir}`);
      for (const line of formatSensorReport(chosen.report)) console.log(`sensor  ${line}`);
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
      await crls.close();
      console.log('stopped.');
    });
}

function failNoPlacement(): never {
  throw new UsageError('BAD_OPTION', '--profile needs a simulated reader, or --reader pcsc with --vpcd.');
}
