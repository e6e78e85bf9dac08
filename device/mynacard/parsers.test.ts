import { describe, expect, it } from 'vitest';
import { CardError } from '../card/CardError.ts';
import { parseBasicFourInfo } from './BasicFourInfo.ts';
import { parseCardFace } from './CardFace.ts';
import { encodeTlv, parseTlv, parseTlvHeader } from './tlv.ts';
import { encodeIndexedRecord } from '../../sim/card/encodeIndexedRecord.ts';
import { deriveVerificationCodeB, japaneseEraYear } from './verificationCodeB.ts';

const text = (s: string) => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error instanceof CardError ? `${error.code}: ${error.message}` : `untyped ${String(error)}`;
  }
}

const fourInfo = () =>
  encodeIndexedRecord([
    [0xdf22, text('山田\u3000太郎')],
    [0xdf23, text('東京都千代田区霞が関１丁目２番２号')],
    [0xdf24, text('19800217')],
    [0xdf25, text('1')],
  ]);

describe('BER-TLV parsing is strict and bounds-checked', () => {
  it('reads two-byte tags and long-form lengths', () => {
    const tlv = parseTlv(encodeTlv(0xff20, new Uint8Array(300)), 0, 'x');
    expect(tlv.tag).toBe(0xff20);
    expect(tlv.value.length).toBe(300);
  });

  it('names a truncated header, a length that runs past the data, and indefinite lengths', () => {
    expect(codeOf(() => parseTlvHeader(Uint8Array.of(0xff), 0, 'token'))).toMatch(/^MALFORMED_RESPONSE: token: header truncated/);
    expect(codeOf(() => parseTlv(Uint8Array.of(0x30, 0x82, 0x01, 0x00, 0x01), 0, 'cert'))).toMatch(/^MALFORMED_RESPONSE: cert: length 256 .* runs past the data/);
    expect(codeOf(() => parseTlvHeader(Uint8Array.of(0x30, 0x80), 0, 'cert'))).toMatch(/indefinite length/);
    expect(codeOf(() => parseTlvHeader(Uint8Array.of(0x30, 0x85, 1, 1, 1, 1, 1), 0, 'cert'))).toMatch(/length field of 5 bytes/);
  });
});

describe('the 基本4情報 parser', () => {
  it('reads what the simulator writes', () => {
    expect(parseBasicFourInfo(fourInfo())).toEqual({ name: '山田\u3000太郎', address: '東京都千代田区霞が関１丁目２番２号', birthDate: '1980-02-17', sex: 'male' });
  });

  it('ignores FF filler after the object, as on real cards', () => {
    expect(parseBasicFourInfo(Uint8Array.from([...fourInfo(), 0xff, 0xff, 0xff])).name).toBe('山田\u3000太郎');
  });

  it('rejects a wrong offset table, a missing item, invalid UTF-8, an impossible date and an unknown sex code', () => {
    const file = fourInfo();
    const badOffset = file.slice();
    badOffset[6] = badOffset[6]! ^ 0x01; // first offset entry
    expect(codeOf(() => parseBasicFourInfo(badOffset))).toMatch(/offset table entry 0/);
    expect(codeOf(() => parseBasicFourInfo(encodeIndexedRecord([[0xdf22, text('a')]])))).toMatch(/expected DF21 DF22 DF23 DF24 DF25/);
    const badUtf8 = encodeIndexedRecord([[0xdf22, Uint8Array.of(0xe5, 0xb1)], [0xdf23, text('a')], [0xdf24, text('19800217')], [0xdf25, text('1')]]);
    expect(codeOf(() => parseBasicFourInfo(badUtf8))).toMatch(/not valid UTF-8/);
    const badDate = encodeIndexedRecord([[0xdf22, text('a')], [0xdf23, text('a')], [0xdf24, text('19800230')], [0xdf25, text('1')]]);
    expect(codeOf(() => parseBasicFourInfo(badDate))).toMatch(/not a date/);
    const badSex = encodeIndexedRecord([[0xdf22, text('a')], [0xdf23, text('a')], [0xdf24, text('19800217')], [0xdf25, text('7')]]);
    expect(codeOf(() => parseBasicFourInfo(badSex))).toMatch(/sex code/);
  });

  it('rejects a file that is not 基本4情報 at all', () => {
    expect(codeOf(() => parseBasicFourInfo(encodeTlv(0x30, new Uint8Array(4))))).toMatch(/expected tag FF20, found 30/);
    expect(codeOf(() => parseBasicFourInfo(new Uint8Array(0)))).toMatch(/header truncated/);
  });
});

describe('the card-face parser', () => {
  it('needs all nine items in order', () => {
    expect(codeOf(() => parseCardFace(fourInfo()))).toMatch(/expected DF21..DF2A/);
  });
});

describe('照合番号B', () => {
  it("builds MC's worked example: born 1980-02-17 (昭和55), expiry 2035, code 2285", () => {
    expect(deriveVerificationCodeB('1980-02-17', '2035-02-17', '2285')).toBe('55021720352285');
  });

  it('uses the era year: 令和2年2月24日 is 020224, and 平成 starts on 1989-01-08', () => {
    expect(deriveVerificationCodeB('2020-02-24', '2030-01-01', '0000').slice(0, 6)).toBe('020224');
    expect(japaneseEraYear('1989-01-07')).toBe(64);
    expect(japaneseEraYear('1989-01-08')).toBe(1);
  });
});
