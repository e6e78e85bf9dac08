import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EligibilityClient, type EligibilityClientOptions } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';
import { startCentralSystem, type CentralSystemOptions, type RunningCentralSystem } from '../../app/startCentralSystem.ts';

export const OPERATOR_SECRET = 'operator-secret-for-tests';

export interface TestService extends RunningCentralSystem {
  dbFile: string;
  /** A terminal client of a seed clinic (index into population.json clinics). */
  terminal(clinic?: number, options?: Partial<EligibilityClientOptions>): EligibilityClient;
  operator(): OperatorClient;
  /** Stop the service, keeping the database file, and start it again on the same port. */
  restart(): Promise<void>;
  /** Stop everything and delete the temporary directory. */
  dispose(): Promise<void>;
}

/** A real service on a temporary SQLite file and a loopback port, seeded with the shipped population. */
export async function startTestService(options: Partial<CentralSystemOptions> = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-'));
  const dbFile = join(dir, 'eligibility.sqlite');
  const clinics = loadSeedPopulation().clinics;
  const clients: { close(): Promise<void> }[] = [];
  const base = { port: 0, seed: true, operatorSecret: OPERATOR_SECRET, log: () => {}, ...options, dbFile };
  let running = await startCentralSystem(base);
  const test: TestService = {
    dbFile,
    get server() {
      return running.server;
    },
    get service() {
      return running.service;
    },
    get db() {
      return running.db;
    },
    get trustedCas() {
      return running.trustedCas;
    },
    close: () => running.close(),
    terminal(clinic = 0, extra = {}) {
      const c = clinics[clinic]!;
      const client = new EligibilityClient({ url: running.server.url, medicalInstitutionCode: c.code, secret: c.secret, terminalId: `kiosk-${clinic + 1}`, deadlineMs: 5_000, ...extra });
      clients.push(client);
      return client;
    },
    operator() {
      const client = new OperatorClient({ url: running.server.url, secret: OPERATOR_SECRET, deadlineMs: 5_000 });
      clients.push(client);
      return client;
    },
    async restart() {
      const port = running.server.port;
      await running.close();
      running = await startCentralSystem({ ...base, seed: false, port });
    },
    async dispose() {
      await Promise.all(clients.map((c) => c.close()));
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return test;
}
