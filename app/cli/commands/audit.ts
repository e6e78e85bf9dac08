import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { appendAuditCheckpoint, createAuditCheckpoint, readAuditCheckpoints, verifyAgainstCheckpoint } from '../../../server/audit/AuditCheckpoint.ts';
import { AuditLog } from '../../../server/audit/AuditLog.ts';
import { loadOrCreateServiceSigningKey, SIGNING_PUBLIC_KEY_FILE } from '../../../server/audit/ServiceSigningKey.ts';
import { UsageError } from '../UsageError.ts';
import { DEFAULT_SERVICE_DB, readServiceDatabase, SERVICE_DB_HELP, serviceDataDir } from '../serviceDatabase.ts';

const CHECKPOINT_PROBLEMS = {
  truncated: 'rows removed: the chain no longer reaches the row this checkpoint names',
  rewritten: 'the row this checkpoint names has another hash now: the chain was rewritten',
  badSignature: 'the checkpoint’s signature does not verify: it was altered',
  otherKey: 'the checkpoint was signed by another key than this service’s',
} as const;

function readPublicKey(file: string): KeyObject {
  try {
    return createPublicKey(readFileSync(file));
  } catch (cause) {
    throw new UsageError('BAD_OPTION', `${file} is not a public key (PEM).`, { cause });
  }
}

/** `kiosk audit …`: the access log, its hash chain and the checkpoints that anchor it outside the database. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the eligibility service’s access log');
  audit
    .command('verify')
    .description('check the hash chain (edited, removed, reordered or cut-off rows) and, with --checkpoint, that it still holds what an exported checkpoint names; exit code 1 if anything is wrong')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .option('--data-dir <dir>', 'the service instance’s data directory, where its public key is (default: the SQLite file’s folder)')
    .option('--checkpoint <file>', 'a checkpoint exported by `kiosk audit checkpoint` (or a whole audit-checkpoints.jsonl), kept outside the data directory')
    .option('--public-key <file>', `the service's public key kept elsewhere (default: ${SIGNING_PUBLIC_KEY_FILE} beside the database)`)
    .action(async (opts: { db: string; dataDir?: string; checkpoint?: string; publicKey?: string }) => {
      const checkpoints = opts.checkpoint ? readAuditCheckpoints(opts.checkpoint) : [];
      const publicKey = opts.publicKey ? readPublicKey(opts.publicKey) : opts.checkpoint ? readPublicKey(join(serviceDataDir(opts.db, opts.dataDir), SIGNING_PUBLIC_KEY_FILE)) : null;
      const { chain, verdicts } = await readServiceDatabase(opts.db, async (sql) => {
        const log = new AuditLog(sql);
        const verdicts = [];
        for (const c of checkpoints) verdicts.push(await verifyAgainstCheckpoint(log, c, publicKey!));
        return { chain: await log.verify(), verdicts };
      });
      if (chain.ok) console.log(`audit chain intact: ${chain.rows} rows`);
      else console.log(`audit chain broken at row ${chain.problem!.seq}: ${chain.problem!.kind} (${chain.rows} rows verified before it)`);
      for (const v of verdicts) console.log(v.ok ? `checkpoint at row ${v.seq}: holds` : `checkpoint at row ${v.seq}: ${CHECKPOINT_PROBLEMS[v.kind]}`);
      if (!chain.ok || verdicts.some((v) => !v.ok)) process.exitCode = 1;
    });
  audit
    .command('checkpoint')
    .description('sign the chain’s newest row with the service’s own key (made in the data directory on first use), append it to audit-checkpoints.jsonl there, and print it (or write it to --out) to keep elsewhere')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .option('--data-dir <dir>', 'the service instance’s data directory, where its key and checkpoint file are (default: the SQLite file’s folder; required with PostgreSQL)')
    .option('--out <file>', 'also write the checkpoint to this file')
    .action(async (opts: { db: string; dataDir?: string; out?: string }) => {
      const dataDir = serviceDataDir(opts.db, opts.dataDir);
      const checkpoint = await readServiceDatabase(opts.db, (sql) => createAuditCheckpoint(new AuditLog(sql), loadOrCreateServiceSigningKey(dataDir), new Date()));
      appendAuditCheckpoint(dataDir, checkpoint);
      const text = `${JSON.stringify(checkpoint)}\n`;
      if (opts.out) writeFileSync(opts.out, text);
      process.stdout.write(text);
    });
  audit
    .command('who-viewed <personId>')
    .description('every clinic access to one person’s data, as マイナポータル lists it (person ids: server/seed/population.json)')
    .option('--db <file|url>', SERVICE_DB_HELP, DEFAULT_SERVICE_DB)
    .action(async (personId: string, opts: { db: string }) => {
      const views = await readServiceDatabase(opts.db, (sql) => new AuditLog(sql).whoViewed(personId));
      if (views.length === 0) console.log(`no access to ${personId} recorded`);
      for (const v of views) console.log(`${v.at}  ${v.medicalInstitutionCode} ${v.clinicName}  ${v.action}${v.item ? ` (${v.item})` : ''}`);
    });
}
