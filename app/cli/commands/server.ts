import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ClinicCredentials } from '../../../server/clinic/ClinicCredentials.ts';
import { loadSeedPopulation, SEED_POPULATION_FILE } from '../../../server/seed/loadSeedPopulation.ts';
import { seedDatabase } from '../../../server/seed/seedDatabase.ts';
import { JPKI_TEST_AUTH_CA_CERTIFICATE_FILE } from '../../../sim/ca/JpkiTestCa.ts';
import { startCentralSystem } from '../../startCentralSystem.ts';
import { CertificateLinks } from '../../../server/eligibility/CertificateLinks.ts';
import { normalizeSerial } from '../../../jpki/certificateSerial.ts';
import { readCertificateFile } from '../certificateFiles.ts';
import { readCertificateFromReader } from './card.ts';
import { UsageError } from '../UsageError.ts';
import { DEFAULT_SERVICE_DB, inServiceDatabase, readServiceDatabase, SERVICE_DB_HELP, withServiceDatabase } from '../serviceDatabase.ts';
import { isPostgresUrl } from '../../../server/db/openServiceDatabase.ts';
import { registerAuditCommands } from './audit.ts';
import { registerReaderCommands } from './reader.ts';

// Commander's own error for an option's argument: it names the option and shows the usage.
function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port must be 0–65535, got ${JSON.stringify(value)}`);
  return n;
}

/** Repeatable: each --trust-ca adds a file; without any, the default below is used alone. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Secrets generated for clinics the seed file gives none: shown this once (only their hashes are kept). */
function printSeededSecrets(issued: { code: string; name: string; secret: string }[]): void {
  for (const s of issued) console.log(`new clinic ${s.code} ${s.name}: secret ${s.secret} (shown once; only its hash is stored)`);
  console.log(`the demo clinic's fixed secret (npm start) is in ${SEED_POPULATION_FILE}; the others' were shown when they were first seeded (\`kiosk server clinic add\` issues a new one)`);
}

export function registerServerCommands(program: Command): void {
  const server = program.command('server').description('the eligibility service: a stand-in for the オンライン資格確認等システム');

  server
    .command('start', { isDefault: true })
    .description('run the eligibility service (WebSocket, protocol in docs/protocol.md) until Ctrl-C')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8790)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .option('--data-dir <dir>', 'this instance’s own files (audit-checkpoint key and file); default: the SQLite file’s folder; required with PostgreSQL')
    .option('--seed', 'load the shipped seed population (server/seed/population.json) first')
    .option('--operator-secret <secret>', 'secret of the operator channel (env ELIGIBILITY_OPERATOR_SECRET); generated and printed if absent')
    .option('--trust-ca <file>', `a 利用者証明用 CA certificate (PEM or DER) to trust; repeatable (default: the simulated test CA, ${JPKI_TEST_AUTH_CA_CERTIFICATE_FILE})`, collect)
    .option('--crl-repository <url>', 'the JPKI CA\'s CRL repository (`kiosk sim crl-serve`): revocation is decided by its CRLs, downloaded at start and hourly, instead of the revocation table')
    .action(async (opts: { port: number; host: string; db: string; dataDir?: string; seed?: boolean; operatorSecret?: string; trustCa?: string[]; crlRepository?: string }) => {
      if (!isPostgresUrl(opts.db)) mkdirSync(dirname(opts.db), { recursive: true });
      if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
      const operatorSecret = opts.operatorSecret ?? process.env.ELIGIBILITY_OPERATOR_SECRET ?? randomBytes(18).toString('base64url');
      const trustCaFiles = opts.trustCa ?? [JPKI_TEST_AUTH_CA_CERTIFICATE_FILE];
      const running = await startCentralSystem({ database: opts.db, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), port: opts.port, host: opts.host, seed: opts.seed === true, operatorSecret, trustCaFiles, ...(opts.crlRepository ? { crlRepositoryUrl: opts.crlRepository } : {}) });
      const clinics = await running.db.read((sql) => new ClinicCredentials(sql).list());
      console.log(`eligibility service listening on ${running.server.url} (protocol v1), database ${running.db.location}`);
      console.log(`trusting ${running.trustedCas.length} CA certificate(s) from ${trustCaFiles.join(', ')}:`);
      for (const ca of running.trustedCas) console.log(`  ${ca.subject.replaceAll('\n', ', ')} (SHA-256 ${ca.fingerprint256}, until ${ca.validTo})`);
      if (opts.crlRepository) console.log(`revocation: the CRLs of ${opts.crlRepository}`);
      console.log(`operator secret: ${opts.operatorSecret || process.env.ELIGIBILITY_OPERATOR_SECRET ? '(as given)' : operatorSecret}`);
      if (clinics.length === 0) console.log('no clinics yet: run with --seed, or `kiosk server clinic add`');
      for (const c of clinics) console.log(`clinic ${c.code} ${c.name}`);
      if (running.seeded) printSeededSecrets(running.seeded.issuedSecrets);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.close();
      console.log('eligibility service stopped');
    });

  server
    .command('seed')
    .description('load a seed population into the database (replaces the population; keeps confirmations and the audit log)')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .option('--file <population.json>', 'seed population file', SEED_POPULATION_FILE)
    .action(async (opts: { db: string; file: string }) => {
      const counts = await withServiceDatabase(opts.db, (db) => seedDatabase(db, loadSeedPopulation(opts.file)));
      console.log(`seeded ${opts.db}: ${counts.clinics} clinics, ${counts.residents} card holders, ${counts.people} insured people, ${counts.qualifications} qualifications`);
      printSeededSecrets(counts.issuedSecrets);
    });

  const person = server.command('person').description('your own card: tie a card’s 利用者証明用 certificate to a seed person');
  person
    .command('link')
    .description('the next check-in with this certificate answers as this person (only the serial and the link are stored)')
    .requiredOption('--person <id>', 'a seed person with a card holder, e.g. P-yamada-taro (server/seed/population.json)')
    .option('--certificate <file>', 'the card’s 利用者証明用 certificate, PEM or DER (`kiosk card read --export-certificate FILE`)')
    .option('--from-reader [name]', 'read it from the card on a PC/SC reader instead (default: the first reader with a card)')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (opts: { person: string; certificate?: string; fromReader?: string | boolean; db: string }) => {
      if (!opts.certificate === !opts.fromReader) throw new UsageError('BAD_OPTION', 'Give the certificate with exactly one of --certificate FILE or --from-reader.');
      const { serial, subject } = opts.certificate ? readCertificateFile(opts.certificate) : await readCertificateFromReader(typeof opts.fromReader === 'string' ? opts.fromReader : undefined);
      const link = await inServiceDatabase(opts.db, (sql) => new CertificateLinks(sql).link(serial, opts.person, new Date()));
      console.log(`linked certificate ${link.serial} (${subject}) to ${link.personIds.join(', ')} (card holder ${link.residentId}); trust its CA with --trust-ca`);
    });
  person
    .command('unlink <serial>')
    .description('remove a link made with `person link`')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (serial: string, opts: { db: string }) => {
      await inServiceDatabase(opts.db, (sql) => new CertificateLinks(sql).unlink(normalizeSerial(serial)));
      console.log(`unlinked ${normalizeSerial(serial)}`);
    });
  person
    .command('links')
    .description('list the linked certificates')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (opts: { db: string }) => {
      for (const l of await readServiceDatabase(opts.db, (sql) => new CertificateLinks(sql).list())) console.log(`${l.serial}  ${l.personIds.join(',')}  (${l.residentId}, ${l.linkedAt})`);
    });

  registerReaderCommands(server);

  const clinic = server.command('clinic').description('clinics and their terminal secrets');
  clinic
    .command('add')
    .description('register a clinic (or issue it a new secret) and print the secret for its terminals')
    .requiredOption('--code <医療機関コード>', '10 digits')
    .requiredOption('--name <name>', 'the clinic’s name')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (opts: { code: string; name: string; db: string }) => {
      const secret = await inServiceDatabase(opts.db, (sql) => new ClinicCredentials(sql).register(opts.code, opts.name));
      console.log(`clinic ${opts.code} ${opts.name}\nsecret: ${secret}\n(shown once; only its hash is stored)`);
    });
  clinic
    .command('list')
    .description('list the registered clinics')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (opts: { db: string }) => {
      for (const c of await readServiceDatabase(opts.db, (sql) => new ClinicCredentials(sql).list())) console.log(`${c.code} ${c.name}`);
    });

  registerAuditCommands(program);
}
