// An eligibility service process for the group-commit crash test: serves until killed.
// Usage: tsx test/crash/serviceWorker.ts <eligibility.sqlite>
import { startCentralSystem } from '../../app/startCentralSystem.ts';

const [dbFile] = process.argv.slice(2) as [string];
const running = await startCentralSystem({ database: dbFile, port: 0, host: '127.0.0.1', seed: true, operatorSecret: 'crash-test-operator', limits: { requestsPerSecond: 1e6, burst: 1e6 }, log: () => undefined });
console.log(`SERVICE_READY ${running.server.url}`);
