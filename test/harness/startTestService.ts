import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EligibilityClient, type AttestConfirmation, type CardChallenge, type EligibilityClientOptions, type ReaderAttestation } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { CardIdentityMethod } from '../../protocol/eligibility/ClientMessage.ts';
import { certificateSha256 } from '../../protocol/eligibility/signReaderAttestation.ts';
import { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import type { AuditEntry } from '../../protocol/eligibility/ServerMessage.ts';
import { AuditLog } from '../../server/audit/AuditLog.ts';
import { ReaderEnrollment } from '../../server/reader/ReaderEnrollment.ts';
import { ReaderRegistry } from '../../server/reader/ReaderRegistry.ts';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';
import { startCentralSystem, type CentralSystemOptions, type RunningCentralSystem } from '../../app/startCentralSystem.ts';
import { createTestPostgresDatabase, testServiceStore, type TestServiceStore } from './serviceStore.ts';
import { attestWith, testReader, type AttestationOverrides } from './presentCard.ts';

export const OPERATOR_SECRET = 'operator-secret-for-tests';

export interface TestService extends RunningCentralSystem {
  /** The store the service runs on (test/harness/serviceStore.ts). */
  store: TestServiceStore;
  /** The SQLite file (SQLite store) or the PostgreSQL URL of this service's own database. */
  database: string;
  /** The SQLite file; only for tests of what SQLite itself does (they run on the SQLite store only). */
  dbFile: string;
  /** The instance's own folder (checkpoint key and file). */
  dataDir: string;
  /** A seed clinic (index into population.json clinics) with the secret its terminals say hello with. */
  clinic(index?: number): { code: string; name: string; secret: string };
  /** A terminal client of a seed clinic (index into population.json clinics). */
  terminal(clinic?: number, options?: Partial<EligibilityClientOptions>): EligibilityClient;
  operator(): OperatorClient;
  /** The id of testReader(clinic), registered for that seed clinic at start. */
  readerId(clinic?: number): string;
  /** testReader(clinic)'s attestation, as that clinic's kiosk would make it. */
  attest(clinic?: number, overrides?: AttestationOverrides): AttestConfirmation;
  /** The same for a confirmation put together by hand (confirmByCard). */
  attestation(input: { clinic?: number; challenge: CardChallenge; certificate: Uint8Array; identityMethod: CardIdentityMethod }, overrides?: AttestationOverrides): Promise<ReaderAttestation>;
  /** A clinic's audit rows as the service holds them, newest first. */
  auditRows(clinicCode: string, limit?: number): Promise<AuditEntry[]>;
  /** Revoke a reader as the operator does (`kiosk server reader revoke`). */
  revokeReader(readerId: string, at?: Date): Promise<void>;
  /** Stop the service, keeping the database file, and start it again on the same port. */
  restart(): Promise<void>;
  /** Stop everything and delete the temporary directory. */
  dispose(): Promise<void>;
}

/**
 * A real service on a temporary SQLite file (or its own PostgreSQL database: serviceStore.ts) and a loopback port, seeded with the shipped population,
 * with each seed clinic's test reader (testReader of presentCard.ts) registered for it.
 */
export async function startTestService(options: Partial<CentralSystemOptions> = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-'));
  const dbFile = join(dir, 'eligibility.sqlite');
  const store = testServiceStore();
  const postgres = store === 'postgres' ? await createTestPostgresDatabase() : null;
  const database = postgres?.url ?? dbFile;
  const population = options.seed && options.seed !== true ? options.seed : loadSeedPopulation();
  const clients: { close(): Promise<void> }[] = [];
  const base = { port: 0, seed: true, operatorSecret: OPERATOR_SECRET, log: () => {}, ...options, database, dataDir: dir };
  let running = await startCentralSystem(base);
  // The demo clinic's secret is in the file; the others' are generated at the first seeding, and kept.
  const issued = new Map((running.seeded?.issuedSecrets ?? []).map((s) => [s.code, s.secret]));
  const clinics = population.clinics.map((c) => ({ code: c.code, name: c.name, secret: c.secret ?? issued.get(c.code) ?? '' }));
  const readerIds = await running.db.transaction(async (sql) => {
    const enrollment = new ReaderEnrollment({ readers: new ReaderRegistry(sql), audit: new AuditLog(sql) });
    const ids: string[] = [];
    for (const [i, c] of clinics.entries()) ids.push((await enrollment.register(c.code, 'test-harness', testReader(i).name, testReader(i).publicKeySpki, new Date())).readerId);
    return ids;
  });
  const readerId = (clinic = 0) => readerIds[clinic]!;
  const test: TestService = {
    store,
    database,
    dbFile,
    dataDir: dir,
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
    get seeded() {
      return running.seeded;
    },
    close: () => running.close(),
    clinic: (index = 0) => ({ ...clinics[index]! }),
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
    readerId,
    auditRows: (clinicCode, limit = 500) => running.db.read((sql) => new AuditLog(sql).listForClinic(clinicCode, limit)),
    async revokeReader(id, at = new Date()) {
      await running.db.transaction((sql) => new ReaderEnrollment({ readers: new ReaderRegistry(sql), audit: new AuditLog(sql) }).revoke(id, at));
    },
    attest: (clinic = 0, overrides = {}) => attestWith(testReader(clinic), readerId(clinic), overrides),
    attestation: ({ clinic = 0, challenge, certificate, identityMethod }, overrides = {}) =>
      attestWith(testReader(clinic), readerId(clinic), overrides)({
        medicalInstitutionCode: clinics[clinic]!.code,
        challengeId: challenge.challengeId,
        challenge: Buffer.from(challenge.challenge).toString('base64'),
        certificateSha256: certificateSha256(certificate),
        identityMethod,
      }),
    async restart() {
      const port = running.server.port;
      await running.close();
      running = await startCentralSystem({ ...base, seed: false, port });
    },
    async dispose() {
      await Promise.all(clients.map((c) => c.close()));
      await running.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return test;
}
