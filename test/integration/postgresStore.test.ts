import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresServiceDatabase } from '../../server/db/PostgresServiceDatabase.ts';
import { createTestPostgresDatabase } from '../harness/serviceStore.ts';

/** What the PostgreSQL store must survive that SQLite never meets: its server going away under it. */
describe('the PostgreSQL store when its connection is cut', () => {
  let database: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  let db: PostgresServiceDatabase;
  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    db = await PostgresServiceDatabase.open(database.url);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('a backend killed mid-transaction fails that transaction only: the process goes on, the next one works, nothing half-written stays', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const inFlight = db.transaction(async (sql) => {
        await sql.run("INSERT INTO clinics (code, name, secret_hash, created_at) VALUES ('1310000099', 'cut', 'h', 't')");
        await sql.get('SELECT pg_sleep(5)');
        return 'committed';
      });
      // Settled here at once, so its rejection is never left without a handler while the kill is on its way.
      const outcome = inFlight.then(
        (value) => value,
        (error: unknown) => error,
      );
      // Wait until the transaction holds its connection, then kill that backend (as a server restart would).
      await expect
        .poll(async () => (await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'")).rows[0].n, { timeout: 5000 })
        .toBe(1);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()");
      const failed = await outcome;
      expect(failed).toBeInstanceOf(Error);
      expect((failed as Error).message).toMatch(/terminat|connection/i);
      expect(await db.transaction((sql) => sql.get<{ n: number }>("SELECT count(*) AS n FROM clinics WHERE code = '1310000099'"))).toEqual({ n: 0 });
      expect(await db.read((sql) => sql.get<{ one: number }>('SELECT 1 AS one'))).toEqual({ one: 1 });
    } finally {
      await admin.end();
    }
  });
});
