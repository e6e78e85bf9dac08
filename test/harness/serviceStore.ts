import { randomBytes } from 'node:crypto';
import { CodedError } from '../../foundation/CodedError.ts';
import { createPostgresDatabase, POSTGRES_SETUP_HINT } from './postgresRig.ts';

/**
 * Which store the test services run on: SQLite (default) or PostgreSQL, chosen by the vitest project
 * (`service-postgres` sets MYNA_TEST_SERVICE_STORE=postgres and starts one cluster for the run, whose
 * URL it puts in MYNA_TEST_POSTGRES_URL). Each test service then gets a database of its own.
 */
export type TestServiceStore = 'sqlite' | 'postgres';

export class TestStoreError extends CodedError<'POSTGRES_RIG_MISSING'> {
  override readonly name = 'TestStoreError';
}

export function testServiceStore(): TestServiceStore {
  return process.env.MYNA_TEST_SERVICE_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/** A fresh, empty database on the run's PostgreSQL cluster: its URL, and how to drop it. */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.MYNA_TEST_POSTGRES_URL;
  if (!base) throw new TestStoreError('POSTGRES_RIG_MISSING', `MYNA_TEST_SERVICE_STORE=postgres needs MYNA_TEST_POSTGRES_URL (the service-postgres project's global setup starts a cluster). ${POSTGRES_SETUP_HINT}`);
  return createPostgresDatabase(base, `service_${randomBytes(6).toString('hex')}`);
}
