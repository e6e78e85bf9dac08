// A 資格確認端末 process for the crash and two-terminal tests: answers the share's requests until none is left
// and the test has put .stop-when-empty in the share's root.
// Usage: tsx test/crash/terminalWorker.ts <share root> <terminal id> <service url> <clinic code> <secret>
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { QualificationTerminal } from '../../terminal/QualificationTerminal.ts';
import { isRequestFileName } from '../../terminal/files/RequestFileName.ts';

const [root, terminalId, url, code, secret] = process.argv.slice(2) as [string, string, string, string, string];
const terminal = new QualificationTerminal({
  folders: { root },
  terminalId,
  medicalInstitutionCode: code,
  service: { url, medicalInstitutionCode: code, secret, terminalId, deadlineMs: 5000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } },
  watch: { stableMs: 30 },
  log: (line) => console.error(`[${terminalId}] ${line}`),
});
terminal.onAnswered((a) => console.log(`ANSWERED ${a.request ?? 'push'} ${a.delivered.join(',')}`));
await terminal.start();
console.log('WORKER_READY');
for (;;) {
  await new Promise((r) => setTimeout(r, 100));
  const waiting = readdirSync(terminal.folders.req).filter(isRequestFileName).length + readdirSync(terminal.folders.processing).length;
  if (waiting === 0 && existsSync(join(root, '.stop-when-empty'))) {
    await terminal.drained();
    if (readdirSync(terminal.folders.req).filter(isRequestFileName).length + readdirSync(terminal.folders.processing).length === 0) break;
  }
}
await terminal.close();
console.log('WORKER_DONE');
// chokidar may still be polling the size of a file the other terminal took; that timer must not keep this process.
process.exit(0);
