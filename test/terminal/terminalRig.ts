import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';
import { demoClinic } from '../../server/seed/demoClinic.ts';
import type { SeedPopulation } from '../../server/seed/SeedPopulation.ts';
import { QualificationTerminal, type QualificationTerminalOptions } from '../../terminal/QualificationTerminal.ts';
import { startTestService, type TestService } from '../harness/startTestService.ts';
import { ReferenceClient, requireXmllint } from './ReferenceClient.ts';

export const CLINIC = demoClinic();

/**
 * The shipped seed plus three 資格確認書 holders whose insurer kept the name as on their card: ●田 恵美, 髙橋 𠮷之
 * and 山﨑 翔太 (the seed's own card holders, the insurer side replaced those characters). Results then carry
 * ●, a character outside the BMP and cp932, and cp932-only kanji. Their numbers are new; nothing else changes.
 */
export function seedWithCardFaceNames(): SeedPopulation {
  const seed = loadSeedPopulation();
  const from = (residentId: string, personId: string, number: string) => {
    const resident = seed.residents.find((r) => r.id === residentId)!;
    const person = seed.people.find((p) => p.id === personId)!;
    return {
      ...person,
      id: `${personId}-as-on-card`,
      $comment: 'test only: the name as on the card',
      linkedResident: null,
      name: resident.name,
      qualifications: person.qualifications.map((q) => ({ ...q, number, insuredName: resident.name })),
    };
  };
  return {
    ...seed,
    people: [
      ...seed.people,
      from('R-tsuchida-emi', 'P-tsuchida-emi', '90001'),
      from('R-takahashi-yoshiyuki', 'P-takahashi-yoshiyuki', '90002'),
      from('R-yamazaki-shota', 'P-yamazaki-shota', '90003'),
    ],
  } as SeedPopulation;
}

export interface TerminalRig {
  service: TestService;
  terminal: QualificationTerminal;
  client: ReferenceClient;
  root: string;
  logs: string[];
  startTerminal(extra?: Partial<QualificationTerminalOptions>): Promise<QualificationTerminal>;
  dispose(): Promise<void>;
}

export async function startTerminalRig(options: { service?: TestService; terminal?: Partial<QualificationTerminalOptions>; population?: SeedPopulation; bulkProcessingMs?: number } = {}): Promise<TerminalRig> {
  requireXmllint();
  const service = options.service ?? (await startTestService({ bulkProcessingMs: options.bulkProcessingMs ?? 200, ...(options.population ? { seed: options.population } : {}) }));
  const root = mkdtempSync(join(tmpdir(), 'oqs-share-'));
  const logs: string[] = [];
  const terminals: QualificationTerminal[] = [];
  const startTerminal = async (extra: Partial<QualificationTerminalOptions> = {}) => {
    const terminal = new QualificationTerminal({
      folders: { root },
      terminalId: 'terminal-1',
      medicalInstitutionCode: CLINIC.code,
      service: service.terminal(0, { deadlineMs: 3_000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } }),
      watch: { stableMs: 60 },
      serviceDeadlineMs: 3_000,
      retryBlockedMs: 200,
      log: (l) => logs.push(l),
      ...options.terminal,
      ...extra,
    });
    await terminal.start();
    terminals.push(terminal);
    return terminal;
  };
  const terminal = await startTerminal();
  return {
    service,
    terminal,
    client: new ReferenceClient(root, CLINIC.code),
    root,
    logs,
    startTerminal,
    async dispose() {
      for (const t of terminals) await t.close();
      if (!options.service) await service.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
