import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file in the kiosk's data directory that holds the staff and control screens' token. */
export const SCREEN_TOKEN_FILE = 'screen-token';

/** A fresh token: 24 random bytes, base64url (32 characters, safe in a URL). */
export function newScreenToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The token the staff view and the control panel sign in with, kept in `dataDir/screen-token` (mode
 * 0600, readable by the kiosk's user only) so the links printed at start keep working across restarts.
 * Delete the file to revoke every open staff screen: the next start makes a new one.
 */
export function screenTokenIn(dataDir: string): string {
  const file = join(dataDir, SCREEN_TOKEN_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{16,128}$/.test(kept)) {
      chmodSync(file, 0o600);
      return kept;
    }
  }
  const token = newScreenToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
