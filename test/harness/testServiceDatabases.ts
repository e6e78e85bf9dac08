import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceDatabase } from '../../server/db/openServiceDatabase.ts';
import type { ServiceDatabase } from '../../server/db/Sql.ts';
import { createTestPostgresDatabase, testServiceStore } from './serviceStore.ts';

/**
 * The service's database for a store-level test, on the store the project runs (serviceStore.ts): `open`
 * opens the same database each time within a test (a second open is a restart), `cleanup` closes all and
 * deletes it (call it in afterEach).
 */
export function testServiceDatabases(): { open(): Promise<ServiceDatabase>; cleanup(): Promise<void> } {
  let location: { database: string; remove(): Promise<void> } | null = null;
  const opened: ServiceDatabase[] = [];
  return {
    async open() {
      if (!location) {
        if (testServiceStore() === 'postgres') {
          const created = await createTestPostgresDatabase();
          location = { database: created.url, remove: created.drop };
        } else {
          const dir = mkdtempSync(join(tmpdir(), 'service-db-'));
          location = { database: join(dir, 'eligibility.sqlite'), remove: async () => rmSync(dir, { recursive: true, force: true }) };
        }
      }
      const db = await openServiceDatabase(location.database);
      opened.push(db);
      return db;
    },
    async cleanup() {
      for (const db of opened.splice(0)) await db.close();
      await location?.remove();
      location = null;
    },
  };
}
