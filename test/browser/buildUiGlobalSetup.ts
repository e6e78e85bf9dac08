import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UI = join(ROOT, 'kiosk/ui');
const BUILT = join(UI, 'dist/index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** The screens under test are the built ones: rebuild when dist is missing or older than its sources. */
export default async function setup(): Promise<void> {
  const sources = [join(UI, 'src'), join(UI, 'index.html'), join(UI, 'vite.config.ts'), join(ROOT, 'kiosk/protocol'), join(ROOT, 'jpki'), join(ROOT, 'protocol'), join(ROOT, 'package-lock.json')];
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...sources.map(newest))) return;
  const { build } = await import('vite');
  await build({ root: UI, configFile: join(UI, 'vite.config.ts'), logLevel: 'warn' });
}
