import { appendFileSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import { element, requestText, type Tree } from './ReferenceClient.ts';
import { CLINIC, startTerminalRig, type TerminalRig } from './terminalRig.ts';

let rig: TerminalRig;
const today = formatOqsDate(new Date());
const header = (extra: Record<string, string> = {}) => ({ QualificationConfirmationDate: today, MedicalInstitutionCode: CLINIC.code, ...extra });
const search = (fields: Record<string, string | null> = {}) => {
  const f = { InsurerNumber: '01130012', InsuredCardSymbol: '21200041', InsuredIdentificationNumber: '123', InsuredBranchNumber: '00', Birthdate: '19800217', LimitApplicationCertificateRelatedConsFlg: '1', ...fields };
  return `        <QualificationConfirmSearchInfo>\r\n${Object.entries(f).map(([k, v]) => element(k, v)).join('')}        </QualificationConfirmSearchInfo>`;
};
const good = (extraHeader: Record<string, string> = {}, fields: Record<string, string | null> = {}) => requestText('utf-8', header(extraHeader), search(fields));

interface Case {
  label: string;
  kind?: string;
  /** How the file is made; default: written whole and renamed into req. */
  write?: (path: string) => void | Promise<void>;
  bytes?: Buffer | string;
  /** E0xxx in an .err (file level) or in a SegmentOfResult 9 result (request level). */
  expect: { err: string } | { result9: string } | { ok: true };
}

const LIMIT = 256 * 1024;
const CASES: Case[] = [
  { label: 'truncated in the middle of an element', bytes: good().slice(0, 300), expect: { err: 'E0001' } },
  { label: 'empty file', bytes: '', expect: { err: 'E0001' } },
  { label: 'not XML at all', bytes: 'this is a plain text note, not a request\r\n', expect: { err: 'E0001' } },
  { label: 'another root element', bytes: '<?xml version="1.0" encoding="UTF-8"?>\r\n<Request><A>1</A></Request>\r\n', expect: { err: 'E0001' } },
  { label: 'an entity XML does not define (&nbsp;)', bytes: good().replace('<InsuredIdentificationNumber>123', '<InsuredIdentificationNumber>123&nbsp;'), expect: { err: 'E0001' } },
  { label: 'declared UTF-8, written in Shift_JIS', bytes: iconv.encode(good({}, { InsuredCardSymbol: '札中' }), 'shift_jis'), expect: { err: 'E0002' } },
  { label: 'declared Shift_JIS, written in UTF-8', bytes: Buffer.from(requestText('shift_jis', header(), search({ InsuredCardSymbol: '札中' })), 'utf8'), expect: { err: 'E0002' } },
  { label: 'UTF-16', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good(), 'utf16le')]), expect: { err: 'E0002' } },
  { label: 'EUC-JP declared', bytes: good().replace('encoding="UTF-8"', 'encoding="EUC-JP"'), expect: { err: 'E0002' } },
  { label: 'a UTF-8 BOM on a Shift_JIS declaration', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(requestText('shift_jis', header(), search()), 'shift_jis')]), expect: { err: 'E0002' } },
  { label: 'bytes invalid in Shift_JIS', bytes: Buffer.concat([iconv.encode(requestText('shift_jis', header(), search()).slice(0, 120), 'shift_jis'), Buffer.from([0x81, 0x20, 0xa0]), Buffer.from('</XmlMsg>')]), expect: { err: 'E0002' } },
  { label: 'a DOCTYPE with entities (a billion laughs)', bytes: `<?xml version="1.0"?>\r\n<!DOCTYPE XmlMsg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\r\n<XmlMsg><MessageHeader/><MessageBody>&b;</MessageBody></XmlMsg>`, expect: { err: 'E0004' } },
  { label: 'a huge file', bytes: good().replace('</XmlMsg>', `<!--${'x'.repeat(LIMIT)}--></XmlMsg>`), expect: { err: 'E0003' } },
  { label: 'a symbolic link to a system file', write: (path) => symlinkSync('/etc/passwd', path), expect: { err: 'E0005' } },
  { label: 'a kind the terminal does not answer (OQSmuimm01)', kind: 'OQSmuimm01', bytes: good(), expect: { err: 'E0006' } },
  { label: 'Birthdate missing', bytes: good({}, { Birthdate: null }), expect: { result9: 'E0101' } },
  { label: 'an element the schema does not know', bytes: good().replace('<Birthdate>', '<BirthDay>19800217</BirthDay><Birthdate>'), expect: { result9: 'E0101' } },
  { label: 'a date that does not exist', bytes: good({}, { Birthdate: '19800231' }), expect: { result9: 'E0101' } },
  { label: 'a 7-digit 保険者番号', bytes: good({}, { InsurerNumber: '1130012' }), expect: { result9: 'E0101' } },
  { label: 'two searches in a 個別照会', bytes: requestText('utf-8', header(), `${search()}\r\n${search()}`), expect: { result9: 'E0101' } },
  { label: 'text between elements', bytes: good().replace('<MessageBody>', '<MessageBody>stray text'), expect: { result9: 'E0101' } },
  { label: 'another clinic\'s 医療機関コード', bytes: good({ MedicalInstitutionCode: '2710000002' }), expect: { result9: 'E0102' } },
  { label: 'a 受付番号 in the wrong shape', kind: 'OQSmuquc02', bytes: requestText('utf-8', { MedicalInstitutionCode: CLINIC.code }, element('ReceptionNumber', '12345', 8)), expect: { result9: 'E0101' } },
  {
    label: 'written slowly in place, pausing between chunks: read only when complete',
    write: async (path) => {
      const text = good();
      for (let i = 0; i < text.length; i += 200) {
        appendFileSync(path, text.slice(i, i + 200));
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    expect: { ok: true },
  },
  {
    label: 'abandoned half-way by its writer',
    write: (path) => writeFileSync(path, good().slice(0, 400)),
    expect: { err: 'E0001' },
  },
];

beforeAll(async () => {
  rig = await startTerminalRig({ terminal: { maxRequestBytes: LIMIT } });
});
afterAll(async () => rig.dispose());

describe('bad input', () => {
  it(`${CASES.length} malformed or unusual requests each get exactly one answer; none is lost, none crashes the terminal`, async () => {
    expect(CASES.filter((c) => !('ok' in c.expect)).length).toBeGreaterThanOrEqual(20);
    const sent = await Promise.all(
      CASES.map(async (c) => {
        const name = rig.client.nextName(c.kind ?? 'OQSsiquc01');
        if (c.write) await c.write(join(rig.client.req, name));
        else rig.client.submitBytes(name, c.bytes!);
        return { c, name, bytes: c.bytes === undefined ? null : Buffer.from(c.bytes) };
      }),
    );
    for (const { c, name, bytes } of sent) {
      const answer = await rig.client.waitFor(name);
      if ('err' in c.expect) {
        expect(answer.error, c.label).toMatch(new RegExp(`^${c.expect.err}\\t.+\\r\\n$`));
        const moved = join(rig.client.res, name);
        if (c.expect.err === 'E0005') expect(existsSync(moved), `${c.label}: a link is not passed on`).toBe(false);
        else if (bytes) expect(readFileSync(moved).equals(bytes), `${c.label}: the request, unchanged, beside its .err`).toBe(true);
        else expect(existsSync(moved), c.label).toBe(true);
      } else if ('result9' in c.expect) {
        expect(answer.error, c.label).toBeNull();
        expect(answer.xml.MessageHeader, c.label).toMatchObject({ SegmentOfResult: '9', ErrorCode: c.expect.result9 });
        expect((answer.xml.MessageHeader as Tree).ErrorMessage, c.label).toMatch(/.+（.+）$/);
      } else {
        expect(answer.error, c.label).toBeNull();
        expect(answer.xml.MessageBody, c.label).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
      }
    }
    await rig.terminal.drained();
    expect(readdirSync(rig.client.req).filter((f) => !f.startsWith('.')), 'nothing left in req').toEqual([]);
    expect(readdirSync(rig.terminal.folders.processing), 'nothing left in processing').toEqual([]);
    const answers = readdirSync(rig.client.res);
    for (const { name } of sent) {
      const mine = answers.filter((f) => f === name.replace('req_', 'res_') || f === name.replace(/\.xml$/, '.err'));
      expect(mine, `${name}: exactly one answer`).toHaveLength(1);
    }
  }, 60_000);

  it('the same 任意ファイル識別子 on a request for someone else is refused (E0103); the same request again is answered the same', async () => {
    const afi = `dup-${Date.now()}`;
    const first = rig.client.nextName('OQSsiquc01');
    rig.client.submit(first, good({ ArbitraryFileIdentifier: afi }), 'utf-8');
    expect((await rig.client.waitFor(first)).xml.MessageHeader).toMatchObject({ SegmentOfResult: '1' });
    const other = rig.client.nextName('OQSsiquc01');
    rig.client.submit(other, good({ ArbitraryFileIdentifier: afi }, { InsuredCardSymbol: '21200077', InsuredIdentificationNumber: '4410', Birthdate: '19720303' }), 'utf-8');
    expect((await rig.client.waitFor(other)).xml.MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'E0103' });
    const again = rig.client.nextName('OQSsiquc01');
    rig.client.submit(again, good({ ArbitraryFileIdentifier: afi }), 'utf-8');
    expect((await rig.client.waitFor(again)).xml.MessageBody).toMatchObject({ QualificationValidity: '1' });
  });

  it('a request whose result name is still in res is not answered over it (E0007), and the earlier result stays', async () => {
    const name = rig.client.nextName('OQSsiquc01');
    rig.client.submit(name, good(), 'utf-8');
    const first = await rig.client.waitFor(name);
    rig.client.submit(name, good(), 'utf-8');
    expect((await rig.client.waitForFile(name.replace(/\.xml$/, '.err'))).toString('utf8')).toMatch(/^E0007\t/);
    expect(readFileSync(first.file).equals(first.bytes)).toBe(true);
  });

  it('while the service is down a request is answered E0201 after the deadline, and the next one normally once it is back', async () => {
    const operator = rig.service.operator();
    await operator.setFaults({ down: true });
    const name = rig.client.nextName('OQSsiquc01');
    rig.client.submit(name, good({ ArbitraryFileIdentifier: `down-${Date.now()}` }), 'utf-8');
    const down = await rig.client.waitFor(name, 20_000);
    expect(down.xml.MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'E0201' });
    await operator.setFaults({ down: false });
    const after = rig.client.nextName('OQSsiquc01');
    rig.client.submit(after, good({ ArbitraryFileIdentifier: `up-${Date.now()}` }), 'utf-8');
    expect((await rig.client.waitFor(after, 20_000)).xml.MessageBody).toMatchObject({ QualificationValidity: '1' });
  }, 40_000);
});
