import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { loadJpkiTestCa } from '../sim/ca/JpkiTestCa.ts';
import { openEligibilityDatabase, type EligibilityDatabase } from '../server/db/openEligibilityDatabase.ts';
import { EligibilityService } from '../server/EligibilityService.ts';
import { loadSeedPopulation } from '../server/seed/loadSeedPopulation.ts';
import { seedDatabase } from '../server/seed/seedDatabase.ts';
import type { SeedPopulation } from '../server/seed/SeedPopulation.ts';
import { openServiceEndpoint, type ServiceEndpoint, type ServiceEndpointOptions } from '../server/transport/openServiceEndpoint.ts';

export interface CentralSystemOptions extends Omit<ServiceEndpointOptions, 'service'> {
  /** The SQLite file; everything the service knows lives there, so a restart loses nothing. */
  dbFile: string;
  /** Load this population (true: the shipped one) before answering. */
  seed?: boolean | SeedPopulation;
  now?: () => Date;
}

export interface RunningCentralSystem {
  server: ServiceEndpoint;
  service: EligibilityService;
  db: EligibilityDatabase;
  close(): Promise<void>;
}

/** Database, trust anchor, service and WebSocket endpoint, wired together: what `kiosk server start` runs. */
export async function startCentralSystem(options: CentralSystemOptions): Promise<RunningCentralSystem> {
  const db = openEligibilityDatabase(options.dbFile);
  try {
    if (options.seed) seedDatabase(db, options.seed === true ? loadSeedPopulation() : options.seed);
    const ca = await loadJpkiTestCa();
    const service = new EligibilityService(db, { trustedCa: new X509Certificate(Buffer.from(ca.auth.certificate.rawData)), ...(options.now ? { now: options.now } : {}) });
    const server = await openServiceEndpoint({ ...options, service });
    return {
      server,
      service,
      db,
      async close() {
        await server.close();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
