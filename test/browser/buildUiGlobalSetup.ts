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
  // vitest sets NODE_ENV=test, and vite then builds a development bundle (React's jsxDEV, no minification):
  // the screens under test must be the production bundle `npm run build:ui` makes.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: UI, configFile: join(UI, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
