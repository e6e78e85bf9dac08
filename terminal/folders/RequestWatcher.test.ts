import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FSWatcher } from 'chokidar';
import { RequestWatcher } from './RequestWatcher.ts';

const NAME = 'OQSsiquc01req_202612010001.xml';
let dir: string;
let watcher: RequestWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (ok: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return ok();
};

describe('RequestWatcher', () => {
  it('reports a request renamed into req, and not a client’s temporary file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'req-'));
    const seen: string[] = [];
    watcher = new RequestWatcher(dir, { stableMs: 50, sweepMs: 60_000 });
    await watcher.start((n) => seen.push(n));
    writeFileSync(join(dir, '.tmp-1'), '<XmlMsg/>');
    renameSync(join(dir, '.tmp-1'), join(dir, NAME));
    expect(await until(() => seen.includes(NAME))).toBe(true);
    expect(seen.every((n) => n === NAME)).toBe(true);
  });

  it('a request whose file-system event is lost is still reported, by the listing of req', async () => {
    dir = mkdtempSync(join(tmpdir(), 'req-'));
    const seen: string[] = [];
    watcher = new RequestWatcher(dir, { stableMs: 50, sweepMs: 100 });
    await watcher.start((n) => seen.push(n));
    // Lose every event from now on: the watcher stops watching the folder (as an event lost under load would).
    await (watcher as unknown as { watcher: FSWatcher }).watcher.unwatch(dir);
    writeFileSync(join(dir, '.tmp-2'), '<XmlMsg/>');
    renameSync(join(dir, '.tmp-2'), join(dir, NAME));
    expect(await until(() => seen.includes(NAME))).toBe(true);
  });
});
