import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../foundation/seededRandom.ts';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import { startTestService, type TestService } from '../harness/startTestService.ts';
import { ReferenceClient, element, requestText, requireXmllint, type Tree } from './ReferenceClient.ts';
import { killTerminalWorkers, runTerminalWorker, STOP_WHEN_EMPTY } from './terminalProcesses.ts';
import { CLINIC } from './terminalRig.ts';

let service: TestService;

beforeAll(async () => {
  requireXmllint();
  service = await startTestService();
});
afterAll(async () => {
  killTerminalWorkers();
  await service.dispose();
});

const PEOPLE = [
  { InsurerNumber: '01130012', InsuredCardSymbol: '21200041', InsuredIdentificationNumber: '123', InsuredBranchNumber: '00', Birthdate: '19800217' },
  { InsurerNumber: '06275678', InsuredCardSymbol: '15', InsuredIdentificationNumber: '4021', InsuredBranchNumber: '02', Birthdate: '19921103' },
  { InsurerNumber: '  011015', InsuredCardSymbol: '札中', InsuredIdentificationNumber: '1029384', InsuredBranchNumber: '01', Birthdate: '19660407' },
];

/** `count` requests in req: 個別照会 in both encodings, one in ten malformed. Returns each name and whether it is a good one. */
function writeRequests(root: string, count: number, tag: string): Array<{ name: string; good: boolean }> {
  for (const d of ['req', 'res', 'face']) mkdirSync(join(root, d), { recursive: true });
  const out: Array<{ name: string; good: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const name = `OQSsiquc01req_${tag}${String(i).padStart(4, '0')}.xml`;
    const encoding = i % 2 === 0 ? 'utf-8' : 'shift_jis';
    const p = PEOPLE[i % PEOPLE.length]!;
    const search = `        <QualificationConfirmSearchInfo>\r\n${Object.entries({ ...p, LimitApplicationCertificateRelatedConsFlg: '0' }).map(([k, v]) => element(k, v)).join('')}        </QualificationConfirmSearchInfo>`;
    const header = { QualificationConfirmationDate: formatOqsDate(new Date()), MedicalInstitutionCode: CLINIC.code, ArbitraryFileIdentifier: `${tag}-${i}`, CharacterCodeIdentifier: encoding === 'utf-8' ? '0' : '1' };
    const good = i % 10 !== 7;
    const text = requestText(encoding, header, search);
    const bytes = !good ? Buffer.from(text.slice(0, 250), 'utf8') : encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'shift_jis');
    const tmp = join(root, 'req', `.w${i}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(root, 'req', name));
    out.push({ name, good });
  }
  return out;
}

/** Every request has exactly one answer, well-formed and valid (read by the reference client); nothing left over. */
function expectEachAnsweredOnce(root: string, requests: Array<{ name: string; good: boolean }>): void {
  const client = new ReferenceClient(root, CLINIC.code);
  const res = readdirSync(join(root, 'res'));
  expect(res.filter((f) => f.startsWith('.')), 'no temporary file in res').toEqual([]);
  for (const { name, good } of requests) {
    const result = name.replace('req_', 'res_');
    const err = name.replace(/\.xml$/, '.err');
    const answers = res.filter((f) => f === result || f === err);
    expect(answers, `${name}: exactly one answer`).toHaveLength(1);
    if (good) {
      expect(answers[0]).toBe(result);
      const xml = client.read(join(root, 'res', result), readFileSync(join(root, 'res', result)));
      expect((xml.MessageBody as Tree).QualificationValidity, name).toBe('1');
    } else {
      expect(answers[0]).toBe(err);
      expect(res, `${name}: moved beside its .err`).toContain(name);
    }
  }
  expect(res.length).toBe(requests.length + requests.filter((r) => !r.good).length);
  expect(readdirSync(join(root, 'req')).filter((f) => !f.startsWith('.')), 'req is empty').toEqual([]);
  for (const t of readdirSync(join(root, 'processing'))) expect(readdirSync(join(root, 'processing', t)), `processing/${t} is empty`).toEqual([]);
}

/** Confirmations the service carried out; the replays of their answers (audited too, as accesses) are not counted. */
async function confirmations(): Promise<number> {
  return (await service.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'insurance.confirm' AND json_extract(detail, '$.replayed') IS NOT 1"))!.n;
}

describe('the terminal as its own process', () => {
  it('killed with SIGKILL at random points during 200 requests: afterwards every request has exactly one result, and the service answered each once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'oqs-crash-'));
    const before = (await confirmations());
    const requests = writeRequests(root, 200, 'crash');
    writeFileSync(join(root, STOP_WHEN_EMPTY), '');
    const random = seededRandom(1414);
    const args = [root, 'terminal-1', service.server.url, CLINIC.code, CLINIC.secret];
    let kills = 0;
    let reported = 0;
    for (let round = 0; round < 10; round++) {
      const run = await runTerminalWorker(args, { afterAnswers: 10 + Math.floor(random() * 30), delayMs: Math.floor(random() * 40) });
      reported += run.answered;
      if (run.done) break;
      kills++;
    }
    const last = await runTerminalWorker(args, null);
    reported += last.answered;
    expect(kills).toBeGreaterThanOrEqual(4);
    expectEachAnsweredOnce(root, requests);
    // A request answered again after a kill was replayed by the service (same key), not asked twice.
    expect((await confirmations()) - before).toBe(requests.filter((r) => r.good).length);
    console.log(`terminal crash test: ${kills} SIGKILLs, ${reported} answers reported by the processes, ${requests.length} requests each answered once`);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('two terminals on one share: every request answered once, by one of them, and both did some', async () => {
    const root = mkdtempSync(join(tmpdir(), 'oqs-share2-'));
    for (const d of ['req', 'res', 'face']) mkdirSync(join(root, d), { recursive: true });
    let ready = 0;
    let workers: ReturnType<typeof runTerminalWorker>[] = [];
    const both = new Promise<void>((resolve) => {
      const seen = () => ++ready === 2 && resolve();
      workers = ['terminal-a', 'terminal-b'].map((id) => runTerminalWorker([root, id, service.server.url, CLINIC.code, CLINIC.secret], null, seen));
    });
    await both;
    // Written once both watch, so both see every file and race for it.
    const requests = writeRequests(root, 120, 'share');
    writeFileSync(join(root, STOP_WHEN_EMPTY), '');
    // Bounded: if the two ever answered one request twice, the duplicate would wait in processing for its
    // name forever; stop them and let the check below say what went wrong.
    const finished = await Promise.race([Promise.all(workers), new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    killTerminalWorkers();
    expectEachAnsweredOnce(root, requests);
    expect(finished, 'both terminals finished').not.toBeNull();
    const [a, b] = finished!;
    expect(a!.answered + b!.answered).toBe(requests.length);
    expect(a!.answered).toBeGreaterThan(0);
    expect(b!.answered).toBeGreaterThan(0);
    console.log(`two terminals: ${a!.answered} + ${b!.answered} answers for ${requests.length} requests`);
    rmSync(root, { recursive: true, force: true });
  }, 60_000);
});
