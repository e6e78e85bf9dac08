import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CodedError } from '../../foundation/CodedError.ts';

/** Debian's PostgreSQL 15 binaries (package postgresql-15); not on PATH by default. */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
export const POSTGRES_SETUP_HINT = 'PostgreSQL 15 is not installed: run `bash scripts/setup` (or `apt-get install -y postgresql`).';

export class PostgresRigError extends CodedError<'POSTGRES_MISSING' | 'POSTGRES_START_FAILED'> {
  override readonly name = 'PostgresRigError';
}

export interface PostgresRig {
  /** postgres://postgres@127.0.0.1:PORT/DATABASE (trust authentication: a private cluster on loopback). */
  url: string;
  port: number;
  dataDir: string;
  /** Stop the server and delete the cluster. */
  stop(): void;
}

export interface PostgresRigOptions {
  port?: number;
  database?: string;
  /** Extra server settings (`-c name=value`), e.g. { fsync: 'off' } for a benchmark's load. */
  settings?: Record<string, string>;
}

function asPostgres(command: string): void {
  // initdb and pg_ctl refuse to run as root; as root we become the postgres user, otherwise we are ourselves.
  const root = process.getuid?.() === 0;
  const r = root ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { encoding: 'utf8' }) : spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
  if (r.status !== 0) throw new PostgresRigError('POSTGRES_START_FAILED', `${command.split(' ')[0]} failed (${r.status}): ${(r.stderr || r.stdout).trim().slice(-800)}`);
}

/**
 * A private PostgreSQL cluster for a test or a benchmark: its own data directory, port and socket
 * directory, started without systemd in about a second, removed by stop(). Reusable beyond the 総点検
 * (the service's PostgreSQL store will run on it too).
 */
export function startPostgresRig(options: PostgresRigOptions = {}): PostgresRig {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) throw new PostgresRigError('POSTGRES_MISSING', POSTGRES_SETUP_HINT);
  const port = options.port ?? 20_000 + Math.floor(Math.random() * 20_000);
  const database = options.database ?? 'myna';
  const base = mkdtempSync(join(tmpdir(), 'pgrig-'));
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  const socketDir = base;
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', base]);
  const settings = Object.entries({ listen_addresses: '127.0.0.1', ...options.settings })
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  try {
    asPostgres(`${POSTGRES_BIN}/initdb -D ${dataDir} -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null`);
    asPostgres(`${POSTGRES_BIN}/pg_ctl -D ${dataDir} -l ${join(base, 'server.log')} -o '-p ${port} -k ${socketDir} ${settings}' -w -t 30 start >/dev/null`);
    asPostgres(`${POSTGRES_BIN}/createdb -h 127.0.0.1 -p ${port} -U postgres ${database}`);
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    dataDir,
    stop() {
      try {
        asPostgres(`${POSTGRES_BIN}/pg_ctl -D ${dataDir} -m fast -w stop >/dev/null`);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
}

/** A new, empty database on a running cluster (`clusterUrl` names any database of it): its URL, and how to drop it. */
export async function createPostgresDatabase(clusterUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const onCluster = async (statement: string) => {
    const client = new pg.Client({ connectionString: clusterUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onCluster(`CREATE DATABASE ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onCluster(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
