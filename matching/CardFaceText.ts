import { fileURLToPath } from 'node:url';
import { loadDataFile } from '../foundation/DataFile.ts';
import { z } from 'zod';

/*
 * Text on a card face and in an insurer's record, brought to forms that can be compared. Two kinds
 * of step, kept apart because only the second is a tolerance a clinic must be told about:
 * - canonical forms: width (full/half), whitespace, dash shapes. Same text, different typing.
 * - folds: 異体字, kana spelling variants, address-number notation. Possibly different text.
 * The rules are ours (docs/protocol.md "Matching tolerances"); no official algorithm is public.
 */

/** Printed on cards and in the 中間サーバー for a character outside the character set. */
export const KURO_MARU = '●';

const ItaijiFileSchema = z.object({ $comment: z.string(), variants: z.record(z.string(), z.string()) }).strict();
const ITAIJI = new Map(Object.entries(loadDataFile(fileURLToPath(new URL('./itaijiVariants.json', import.meta.url)), ItaijiFileSchema, { what: '異体字 table' }).variants));

/** NFKC (full-width digits and letters to ASCII, half-width kana to full width), no whitespace at all. */
export function canonicalText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

export function foldItaiji(text: string): string {
  let out = '';
  for (const ch of text) out += ITAIJI.get(ch) ?? ch;
  return out;
}

const SMALL_KANA: Record<string, string> = { ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ' };
const VU: Record<string, string> = { ヴァ: 'バ', ヴィ: 'ビ', ヴゥ: 'ブ', ヴェ: 'ベ', ヴォ: 'ボ', ヴ: 'ブ' };
const VOWEL_OF = new Map<string, string>();
for (const [vowel, row] of Object.entries({
  a: 'アカガサザタダナハバパマヤラワ',
  i: 'イキギシジチヂニヒビピミリ',
  u: 'ウクグスズツヅヌフブプムユル',
  e: 'エケゲセゼテデネヘベペメレ',
  o: 'オコゴソゾトドノホボポモヨロヲ',
})) {
  for (const ch of row) VOWEL_OF.set(ch, vowel);
}
/** The kana that, after a kana of this vowel, only lengthens it (コウ = コー = コ for comparison). */
const LENGTHENER: Record<string, string> = { a: 'ア', i: 'イ', u: 'ウ', e: 'イエ', o: 'ウオ' };

/** Canonical katakana: hiragana to katakana, then canonicalText. */
export function canonicalKana(text: string): string {
  return canonicalText(text).replace(/[\u3041-\u3096]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
}

/** Kana spelling variants folded: small kana, ヴ, ヂ/ヅ, and long vowels written ー, ウ, オ or doubled. */
export function foldKana(text: string): string {
  let s = canonicalKana(text).replace(/ヴ[ァィゥェォ]?/gu, (m) => VU[m] ?? 'ブ');
  s = s.replace(/[ァィゥェォッャュョヮヵヶ]/gu, (ch) => SMALL_KANA[ch] ?? ch).replace(/ヂ/gu, 'ジ').replace(/ヅ/gu, 'ズ');
  let out = '';
  let vowel: string | undefined;
  for (const ch of s) {
    if (ch === 'ー' || ch === '-') continue;
    if (vowel && LENGTHENER[vowel]!.includes(ch)) {
      vowel = undefined;
      continue;
    }
    out += ch;
    vowel = VOWEL_OF.get(ch);
  }
  return out;
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
function kanjiNumber(text: string): string {
  // 一 … 九十九, enough for 丁目 numbers.
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const t = tens === undefined ? 0 : tens === '' ? (text.includes('十') ? 1 : 0) : (KANJI_DIGITS[tens] ?? 0);
  const o = ones ? (KANJI_DIGITS[ones] ?? 0) : 0;
  return String(t * 10 + o);
}

/** Canonical address: canonicalText plus one dash shape between digits. */
export function canonicalAddress(text: string): string {
  return canonicalText(text).replace(/(?<=\d)[‐‑‒–—―−ー─━ｰ](?=\d)/gu, '-');
}

/** Address numbers folded: 1-2-3, １－２－３, 1丁目2番3号, 一丁目2番地3 and 2番地の3 all read 1-2-3. */
export function foldAddressNumbers(text: string): string {
  return canonicalAddress(text)
    .replace(/([一二三四五六七八九十]+)丁目/gu, (_, n: string) => `${kanjiNumber(n)}丁目`)
    .replace(/(\d+)丁目/gu, '$1-')
    .replace(/(\d+)番地?(?:の)?/gu, '$1-')
    .replace(/(\d+)号/gu, '$1')
    .replace(/(?<=\d)の(?=\d)/gu, '-')
    .replace(/-+$/u, '');
}

/** Equal code point for code point, where ● on either side stands for any one character. */
export function equalWithKuroMaru(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length) return false;
  return x.every((ch, i) => ch === y[i] || ch === KURO_MARU || y[i] === KURO_MARU);
}
