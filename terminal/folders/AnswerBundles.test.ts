import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerBundles } from './AnswerBundles.ts';
import { TerminalFolders } from './TerminalFolders.ts';

function setUp() {
  const folders = new TerminalFolders({ root: mkdtempSync(join(tmpdir(), 'bundles-')) }, 't1');
  folders.ensure();
  return { folders, bundles: new AnswerBundles(folders) };
}

const REQUEST = 'OQSsiquc01req_000000000001.xml';

describe('AnswerBundles: every state a crash can leave finishes the same way', () => {
  it('a written bundle whose request is still claimed: the request goes, the result is delivered once', () => {
    const { folders, bundles } = setUp();
    writeFileSync(join(folders.processing, REQUEST), 'request');
    bundles.write(REQUEST, [{ to: 'res', name: 'OQSsiquc01res_000000000001.xml', bytes: Buffer.from('result') }], 'drop');
    expect(bundles.leftovers()).toEqual({ bundles: [REQUEST], claimed: [] });
    expect(bundles.complete(REQUEST, REQUEST)).toEqual(['OQSsiquc01res_000000000001.xml']);
    expect(readdirSync(folders.processing)).toEqual([]);
    expect(readFileSync(join(folders.res, 'OQSsiquc01res_000000000001.xml'), 'utf8')).toBe('result');
  });

  it('an error bundle stopped after the .err went out: the request copy follows, nothing twice', () => {
    const { folders, bundles } = setUp();
    writeFileSync(join(folders.processing, REQUEST), 'bad request');
    bundles.write(REQUEST, [{ to: 'res', name: 'OQSsiquc01req_000000000001.err', bytes: Buffer.from('E0001\tx\r\n') }], 'moveToRes');
    // A crash after step 2 and the .err's rename: simulate both by hand.
    const dir = join(folders.processing, `${REQUEST}.answer`);
    renameSync(join(folders.processing, REQUEST), join(dir, `res~${REQUEST}`));
    renameSync(join(dir, '.fate-moveToRes'), join(folders.processing, 'ignored-marker'));
    renameSync(join(dir, 'res~OQSsiquc01req_000000000001.err'), join(folders.res, 'OQSsiquc01req_000000000001.err'));
    expect(bundles.complete(REQUEST, REQUEST)).toEqual([REQUEST]);
    expect(readdirSync(folders.res).sort()).toEqual(['OQSsiquc01req_000000000001.err', REQUEST]);
    expect(readFileSync(join(folders.res, REQUEST), 'utf8')).toBe('bad request');
  });

  it('a half-written temporary bundle is dropped and the claimed request counts as unanswered', () => {
    const { folders, bundles } = setUp();
    writeFileSync(join(folders.processing, REQUEST), 'request');
    mkdirSync(join(folders.processing, `${REQUEST}.tmp-1234abcd`));
    writeFileSync(join(folders.processing, `${REQUEST}.tmp-1234abcd`, 'res~partial'), 'half');
    expect(bundles.leftovers()).toEqual({ bundles: [], claimed: [REQUEST] });
    expect(existsSync(join(folders.processing, `${REQUEST}.tmp-1234abcd`))).toBe(false);
  });

  it('a result name already taken in res blocks delivery instead of replacing the unread file', () => {
    const { folders, bundles } = setUp();
    writeFileSync(join(folders.res, 'OQSsiquc01res_000000000001.xml'), 'the earlier, unread');
    bundles.write('k', [{ to: 'res', name: 'OQSsiquc01res_000000000001.xml', bytes: Buffer.from('new') }], 'none');
    expect(() => bundles.complete('k', null)).toThrow(/already exists/);
    expect(readFileSync(join(folders.res, 'OQSsiquc01res_000000000001.xml'), 'utf8')).toBe('the earlier, unread');
  });
});
