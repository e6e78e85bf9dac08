import type { GroupCommitOptions } from '../server/db/GroupCommit.ts';
import type { X509Certificate } from 'node:crypto';
import { dirname } from 'node:path';
import { AuditCheckpointer } from '../server/audit/AuditCheckpointer.ts';
import { loadTrustedCaCertificates } from '../jpki/loadTrustedCaCertificates.ts';
import { isPostgresUrl, openServiceDatabase, ServiceDatabaseError } from '../server/db/openServiceDatabase.ts';
import type { ServiceDatabase } from '../server/db/Sql.ts';
import { EligibilityService } from '../server/EligibilityService.ts';
import { RevocationLists } from '../server/card/RevocationLists.ts';
import { loadSeedPopulation } from '../server/seed/loadSeedPopulation.ts';
import { seedDatabase } from '../server/seed/seedDatabase.ts';
import type { SeedPopulation } from '../server/seed/SeedPopulation.ts';
import type { SeedCounts } from '../server/seed/seedDatabase.ts';
import { openServiceEndpoint, type ServiceEndpoint, type ServiceEndpointOptions } from '../server/transport/openServiceEndpoint.ts';
import { JPKI_TEST_AUTH_CA_CERTIFICATE_FILE } from '../sim/ca/JpkiTestCa.ts';

export interface CentralSystemOptions extends Omit<ServiceEndpointOptions, 'service'> {
  /**
   * Where everything the service knows lives, so a restart loses nothing: a SQLite file (the embedded
   * default), or a PostgreSQL URL (postgres://…) that several service instances may share.
   */
  database: string;
  /**
   * The instance's own files: the audit-checkpoint signing key and audit-checkpoints.jsonl. Default: the
   * SQLite file's folder; required with PostgreSQL (each instance may have its own).
   */
  dataDir?: string;
  /** Load this population (true: the shipped one) before answering. */
  seed?: boolean | SeedPopulation;
  /** PEM or DER files of the 利用者証明用 CA certificates to trust; default: the simulated JPKI test CA's. */
  trustCaFiles?: string[];
  /**
   * The JPKI CA's CRL repository (`kiosk sim crl-serve`, or the one `kiosk start` runs): the service
   * downloads its CRLs before answering and again every `crlRefreshMs` (default 1 h), and decides
   * revocation by them. Without it, the revocation table of the database decides.
   */
  crlRepositoryUrl?: string;
  crlRefreshMs?: number;
  /** How often the audit chain is checkpointed (signed, appended to audit-checkpoints.jsonl in dataDir) when it has grown. Default 60 s. */
  checkpointEveryMs?: number;
  now?: () => Date;
  /** How long a sealed 一括照会 stays `processing` (default 2 s). */
  bulkProcessingMs?: number;
  /** How requests share transactions (default: all of one event-loop turn; server/db/GroupCommit.ts). */
  groupCommit?: GroupCommitOptions;
}

export interface RunningCentralSystem {
  server: ServiceEndpoint;
  service: EligibilityService;
  db: ServiceDatabase;
  /** What seeding at start did, secrets generated for new clinics included; null without `seed`. */
  seeded: SeedCounts | null;
  /** The CA certificates the service was told to trust, in the order of the files. */
  trustedCas: X509Certificate[];
  close(): Promise<void>;
}

/** The instance's own folder: given, or the SQLite file's. */
function dataDirOf(options: CentralSystemOptions): string {
  if (options.dataDir) return options.dataDir;
  if (isPostgresUrl(options.database)) throw new ServiceDatabaseError('DATA_DIR_REQUIRED', 'With a PostgreSQL database, say where this instance keeps its audit-checkpoint key and file (--data-dir DIR).');
  return dirname(options.database);
}

/** Database, trusted CAs, service and WebSocket endpoint, wired together: what `kiosk server start` runs. */
export async function startCentralSystem(options: CentralSystemOptions): Promise<RunningCentralSystem> {
  // Before the database opens, so a wrong CA file leaves nothing to close.
  const trustedCas = loadTrustedCaCertificates(options.trustCaFiles ?? [JPKI_TEST_AUTH_CA_CERTIFICATE_FILE]);
  const now = options.now ?? (() => new Date());
  const revocationLists = options.crlRepositoryUrl ? new RevocationLists(options.crlRepositoryUrl, trustedCas) : undefined;
  // Before the database opens too: a service that was told to check CRLs does not answer without them.
  if (revocationLists) await revocationLists.refresh(now());
  // Before the database opens: an instance that would refuse to start must not seed a shared database first.
  const dataDir = dataDirOf(options);
  const db = await openServiceDatabase(options.database);
  let refresher: NodeJS.Timeout | undefined;
  try {
    const seeded = options.seed ? await seedDatabase(db, options.seed === true ? loadSeedPopulation() : options.seed) : null;
    const service = await EligibilityService.open(db, { trustedCas, ...(revocationLists ? { revocationLists } : {}), ...(options.now ? { now: options.now } : {}), ...(options.bulkProcessingMs !== undefined ? { bulkProcessingMs: options.bulkProcessingMs } : {}), ...(options.groupCommit ? { groupCommit: options.groupCommit } : {}) });
    const checkpoints = await AuditCheckpointer.open(db, dataDir, options.log ?? ((line) => console.error(line)));
    const server = await openServiceEndpoint({ ...options, service });
    await checkpoints.start(options.checkpointEveryMs ?? 60_000);
    if (revocationLists) {
      const log = options.log ?? ((line: string) => console.error(line));
      refresher = setInterval(() => {
        revocationLists.refresh(now()).catch((error: unknown) => log(`CRL refresh failed, keeping the lists held: ${(error as Error).message}`));
      }, options.crlRefreshMs ?? 3_600_000);
      refresher.unref();
    }
    return {
      server,
      service,
      db,
      seeded,
      trustedCas,
      async close() {
        clearInterval(refresher);
        await server.close();
        await checkpoints.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
