import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { openEligibilityDatabase, type EligibilityDatabase } from '../../server/db/openEligibilityDatabase.ts';

/** Outside the repository, so a running service never leaves files in the working tree. */
export const DEFAULT_SERVICE_DB = join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'myna-kiosk', 'eligibility.sqlite');

/** Open the service's database for one command (beside a running service if need be: WAL), and close it after. */
export function withServiceDatabase<T>(file: string, work: (db: EligibilityDatabase) => T): T {
  mkdirSync(dirname(file), { recursive: true });
  const db = openEligibilityDatabase(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}
