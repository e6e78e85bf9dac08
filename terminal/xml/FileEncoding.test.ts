import { execFileSync } from 'node:child_process';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';
import { decodeXmlFile } from './decodeXmlFile.ts';
import { encodeXmlDocument, strictShiftJisBytes } from './FileEncoding.ts';
import { toHalfWidthKana } from './halfWidthKana.ts';
import { readXmlMsg } from './readXmlMsg.ts';
import { writeXmlMsg } from './writeXmlMsg.ts';

const seed = loadSeedPopulation();
const NAMES = [...new Set([...seed.residents.flatMap((r) => [r.name, r.nameKana, r.address]), ...seed.people.flatMap((p) => [p.name, p.nameKana, p.address ?? ''])])];

describe('Shift_JIS files', () => {
  it('every character written as bytes reads back the same through glibc (strict Shift_JIS, as xmllint reads it)', () => {
    const chars: string[] = [];
    for (let cp = 0x20; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (strictShiftJisBytes(ch)) chars.push(ch);
    }
    expect(chars.length).toBeGreaterThan(6900);
    const bytes = Buffer.concat(chars.map((ch) => Buffer.concat([strictShiftJisBytes(ch)!, Buffer.from('\n')])));
    const read = execFileSync('iconv', ['-f', 'SHIFT_JIS', '-t', 'UTF-8'], { input: bytes }).toString('utf8').split('\n');
    const differing = chars.filter((ch, i) => read[i] !== ch);
    expect(differing).toEqual([]);
    // …and through cp932 (iconv-lite, .NET) too.
    expect(iconv.decode(bytes, 'shift_jis').split('\n').slice(0, -1)).toEqual(chars);
  });

  it('characters outside strict Shift_JIS become numeric references, never ?', () => {
    const text = '髙橋　𠮷之 山﨑 ●田 德 ① ～ \\ ~ 鷗';
    const bytes = encodeXmlDocument(text, 'shift_jis');
    expect(bytes.includes(0x3f)).toBe(false);
    expect(bytes.toString('latin1')).toContain('&#x9AD9;');
    expect(bytes.toString('latin1')).toContain('&#x20BB7;');
    expect(bytes.toString('latin1')).toContain('&#x5C;');
    expect(strictShiftJisBytes('●')!.toString('hex')).toBe('819c');
  });

  it.each(['utf-8', 'shift_jis'] as const)('every seed name and address survives a %s file byte-exactly: read back equal, written again identical', (encoding) => {
    const file = writeXmlMsg({ MessageHeader: {}, MessageBody: { Names: { Name: NAMES } } }, encoding);
    const read = readXmlMsg(decodeXmlFile(file).text) as { MessageBody: { Names: { Name: string[] } } };
    expect(read.MessageBody.Names.Name).toEqual(NAMES);
    expect(writeXmlMsg({ MessageHeader: {}, MessageBody: { Names: { Name: read.MessageBody.Names.Name } } }, encoding).equals(file)).toBe(true);
  });
});

describe('half-width kana', () => {
  it('writes NameKana as the real results do, and NFKC reads it back', () => {
    expect(toHalfWidthKana('ヤマダ　タロウ')).toBe('ﾔﾏﾀﾞ ﾀﾛｳ');
    expect(toHalfWidthKana('タカハシ　コージ')).toBe('ﾀｶﾊｼ ｺｰｼﾞ');
    expect(toHalfWidthKana('パヴェル')).toBe('ﾊﾟｳﾞｪﾙ');
    for (const kana of seed.people.map((p) => p.nameKana)) expect(toHalfWidthKana(kana).normalize('NFKC')).toBe(kana.normalize('NFKC'));
  });
});
