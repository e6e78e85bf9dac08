import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isServiceError } from '../../../protocol/eligibility/ServiceError.ts';
import { AuditLog } from '../../../server/audit/AuditLog.ts';
import { ClinicCredentials } from '../../../server/clinic/ClinicCredentials.ts';
import type { Sql } from '../../../server/db/Sql.ts';
import { ReaderEnrollment } from '../../../server/reader/ReaderEnrollment.ts';
import { ReaderRegistry } from '../../../server/reader/ReaderRegistry.ts';
import { UsageError } from '../UsageError.ts';
import { DEFAULT_SERVICE_DB, inServiceDatabase, readServiceDatabase, SERVICE_DB_HELP } from '../serviceDatabase.ts';

/** A reader's public key file: PEM (`-----BEGIN PUBLIC KEY-----`, as `openssl ec -pubout` writes it) or DER, SPKI. */
function readPublicKeyFile(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new UsageError('BAD_OPTION', `Cannot read the public key file ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    const pem = bytes.toString('latin1').includes('-----BEGIN');
    return createPublicKey(pem ? bytes.toString('latin1') : { key: bytes, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
  } catch (cause) {
    throw new UsageError('BAD_OPTION', `${file} is not a public key (SPKI, PEM or DER).`, { cause });
  }
}

const enrollmentOf = (sql: Sql) => new ReaderEnrollment({ readers: new ReaderRegistry(sql), audit: new AuditLog(sql) });

/** `kiosk server reader …`: the operator's side of reader registration (a kiosk may also register itself with reader.register). */
export function registerReaderCommands(server: Command): void {
  const reader = server.command('reader').description('顔認証付きカードリーダー (kiosks) registered for a clinic: every card.confirm carries one’s attestation');
  reader
    .command('register')
    .description('register a reader’s public key (ECDSA P-256) for a clinic and print its reader id; the same key again prints the same id')
    .requiredOption('--clinic <医療機関コード>', 'the clinic the reader belongs to')
    .requiredOption('--name <name>', 'what to call it (e.g. 受付 1)')
    .requiredOption('--public-key <file>', 'its public key, SPKI, PEM or DER')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (opts: { clinic: string; name: string; publicKey: string; db: string }) => {
      const key = readPublicKeyFile(opts.publicKey);
      const registered = await inServiceDatabase(opts.db, async (sql) => {
        if (!(await new ClinicCredentials(sql).list()).some((c) => c.code === opts.clinic)) throw new UsageError('BAD_OPTION', `No clinic ${opts.clinic} is registered (\`kiosk server clinic list\`).`);
        try {
          return await enrollmentOf(sql).register(opts.clinic, 'operator', opts.name, key, new Date());
        } catch (error) {
          if (isServiceError(error, 'READER_KEY_INVALID') || isServiceError(error, 'READER_KEY_REFUSED')) throw new UsageError('BAD_OPTION', error.message, { cause: error });
          throw error;
        }
      });
      console.log(`reader ${registered.readerId} (${registered.name}) of clinic ${opts.clinic}, registered ${registered.registeredAt}`);
    });
  reader
    .command('revoke <readerId>')
    .description('revoke a reader: its attestations are refused (E07) from now on, and reads of what it confirmed are blocked')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (readerId: string, opts: { db: string }) => {
      const revoked = await inServiceDatabase(opts.db, (sql) => enrollmentOf(sql).revoke(readerId, new Date()));
      if (!revoked) throw new UsageError('BAD_OPTION', `No reader ${readerId} (\`kiosk server reader list\`).`);
      console.log(`reader ${revoked.id} (${revoked.name}) of clinic ${revoked.clinicCode} revoked ${revoked.revokedAt!.toISOString()}`);
    });
  reader
    .command('list')
    .description('list the registered readers')
    .option('--clinic <医療機関コード>', 'only this clinic’s')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (opts: { clinic?: string; db: string }) => {
      const readers = await readServiceDatabase(opts.db, (sql) => new ReaderRegistry(sql).list(opts.clinic ?? null));
      if (readers.length === 0) console.log('no readers registered');
      for (const r of readers) console.log(`${r.id}  ${r.clinicCode}  ${r.name}  registered ${r.registeredAt.toISOString()}${r.revokedAt ? `  REVOKED ${r.revokedAt.toISOString()}` : ''}`);
    });
}
