import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { VisitStore } from '../../kiosk/runtime/VisitStore.ts';
import { seededRandom } from '../../foundation/seededRandom.ts';
import { demoClinic } from '../../server/seed/demoClinic.ts';
import { startTestService } from '../harness/startTestService.ts';
import { recheckTrailAtService } from '../harness/recheckTrailAtService.ts';

const WANTED = 12;

/**
 * Run the worker until it prints WORKER_DONE (resolve true). With `kill`, SIGKILL it `kill.delayMs` after
 * its `kill.afterVisits`-th finished visit, i.e. somewhere inside the next visit (resolve false).
 */
function runWorker(args: string[], kill: { afterVisits: number; delayMs: number } | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/crash/kioskWorker.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d) => {
      out += d;
      const done = [...out.matchAll(/VISIT_DONE (\d+)/g)].length;
      if (kill && !timer && done >= kill.afterVisits) timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (out.includes('WORKER_DONE')) resolve(true);
      else if (signal === 'SIGKILL') resolve(false);
      else reject(new Error(`worker exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

it('a kiosk killed with SIGKILL at random points during visits with outages records every visit once and runs every re-check once', async () => {
  const service = await startTestService();
  const dbFile = join(mkdtempSync(join(tmpdir(), 'kiosk-crash-')), 'kiosk.sqlite');
  const clinic = demoClinic();
  const args = [dbFile, service.server.url, clinic.code, clinic.secret, String(WANTED)];
  const random = seededRandom(4242);
  let kills = 0;
  let trail = { activations: -1, lookups: -1 };
  try {
    // Each round finishes one or two visits, then dies inside the next one at a random moment.
    for (let round = 0; round < 5; round++) {
      const done = await runWorker(args, { afterVisits: 1 + Math.floor(random() * 2), delayMs: Math.floor(random() * 60) });
      if (done) break;
      kills++;
    }
    expect(await runWorker(args, null)).toBe(true);
    trail = recheckTrailAtService(service.dbFile);
  } finally {
    await service.dispose();
  }
  expect(kills).toBeGreaterThan(0);
  const store = new VisitStore(dbFile);
  const visits = store.list();
  store.close();
  const completed = visits.filter((v) => v.outcome !== 'interrupted');
  expect(completed.length).toBe(WANTED);
  expect(new Set(visits.map((v) => v.visitId)).size).toBe(visits.length);
  for (const v of visits) {
    expect(v.endedAt, `visit ${v.visitId} closed`).not.toBeNull();
    expect(v.outcome).not.toBeNull();
  }
  const withRecheck = visits.filter((v) => v.recheck !== null);
  expect(withRecheck.length).toBeGreaterThan(0);
  for (const v of withRecheck) expect(v.recheck?.status, `re-check of ${v.visitId}`).toBe('done');
  // At the service: one outage activation and one look-up per re-check, however often the kiosk died around them.
  expect(trail).toEqual({ activations: withRecheck.length, lookups: withRecheck.length });
  console.log(`crash test: ${kills} SIGKILLs, ${visits.length} visit rows (${visits.length - completed.length} interrupted), ${withRecheck.length} re-checks done, ${trail.lookups} look-ups at the service`);
}, 120_000);
