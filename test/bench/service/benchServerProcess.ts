// A server for the benchmark, in its own process so the load generator does not share its event loop.
// argv: echo | eligibility, then for eligibility: database (SQLite file or PostgreSQL URL), synthetic people,
// clinics, data directory, seed | noseed (a second instance on a shared database does not seed again).
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { loadSeedPopulation } from '../../../server/seed/loadSeedPopulation.ts';
import { generateSyntheticPopulation } from './generateSyntheticPopulation.ts';
import { startCentralSystem } from '../../../app/startCentralSystem.ts';
import { benchClinics } from './benchClinics.ts';

const [mode, database, people, clinics, dataDir, seed] = process.argv.slice(2);

if (mode === 'echo') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  wss.on('listening', () => process.send!({ port: (wss.address() as AddressInfo).port }));
} else {
  const base = loadSeedPopulation();
  const population = generateSyntheticPopulation({ ...base, clinics: [...base.clinics, ...benchClinics(Number(clinics))] }, Number(people), 1);
  const running = await startCentralSystem({
    database: database!,
    ...(dataDir ? { dataDir } : {}),
    seed: seed === 'noseed' ? false : population,
    // 1,000 terminals from this one address say hello 50 at a time: the door's per-address cap is not under test here.
    limits: { requestsPerSecond: 1e9, burst: 1e9, maxUnauthenticatedPerSource: 1e9 },
    log: () => {},
  });
  process.send!({ port: running.server.port });
}
// The orchestrator asks for this process's own CPU (user + system, µs) before and after each run.
process.on('message', (m: { type?: string }) => {
  if (m.type === 'cpu') {
    const used = process.cpuUsage();
    process.send!({ type: 'cpu', micros: used.user + used.system });
  }
});
process.on('disconnect', () => process.exit(0));
