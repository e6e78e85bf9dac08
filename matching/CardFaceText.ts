import { fileURLToPath } from 'node:url';
import { loadDataFile } from '../foundation/DataFile.ts';
import { z } from 'zod';

/*
 * Text on a card face, at J-LIS and in an insurer's record, brought to forms that can be compared. Two
 * kinds of step, kept apart because only the second is a tolerance a person must be asked about:
 * - canonical forms: width (full/half), whitespace, dash shapes. Same text, different typing.
 * - folds: 異体字, kana spelling variants, address-number notation. Possibly different text.
 * The rules are ours (docs/linkage.md "Tolerances"); no official algorithm is public.
 */

/** Printed on cards and in the 中間サーバー for a character outside the character set. */
export const KURO_MARU = '●';

const ItaijiFileSchema = z.object({ $comment: z.string(), variants: z.record(z.string(), z.string()) }).strict();
const ITAIJI = new Map(Object.entries(loadDataFile(fileURLToPath(new URL('./itaijiVariants.json', import.meta.url)), ItaijiFileSchema, { what: '異体字 table' }).variants));

// CJK compatibility ideographs (塚 U+FA10 …): NFKC would turn them into the unified ideograph silently,
// but a different code point on a register is a 異体字 question, so canonical forms leave them alone.
const COMPATIBILITY_IDEOGRAPH = /[\uF900-\uFAFF\u{2F800}-\u{2FA1F}]/u;
const NOT_COMPATIBILITY = /[^\uF900-\uFAFF\u{2F800}-\u{2FA1F}]+/gu;
/** Variation selectors, including the ideographic ones (IVS) that pick one glyph of a character. */
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const VARIATION_SELECTORS = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/** NFKC (full-width digits and letters to ASCII, half-width kana to full width), no whitespace at all. */
export function canonicalText(text: string): string {
  const nfkc = COMPATIBILITY_IDEOGRAPH.test(text) ? text.replace(NOT_COMPATIBILITY, (run) => run.normalize('NFKC')) : text.normalize('NFKC');
  return nfkc.replace(/\s+/gu, '');
}

/** 異体字 folded through our table, variation selectors dropped, compatibility ideographs unified. */
export function foldItaiji(text: string): string {
  let s = text;
  if (VARIATION_SELECTOR.test(s)) s = s.replace(VARIATION_SELECTORS, '');
  if (COMPATIBILITY_IDEOGRAPH.test(s)) s = s.normalize('NFKC');
  let out = '';
  for (const ch of s) out += ITAIJI.get(ch) ?? ch;
  return out;
}

/** One character as a person sees it: a code point and the variation selectors after it. */
export function splitCharacters(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (out.length > 0 && VARIATION_SELECTOR.test(ch)) out[out.length - 1] += ch;
    else out.push(ch);
  }
  return out;
}

/** Equal character for character, where ● on either side stands for any one character. */
export function equalWithKuroMaru(a: string, b: string): boolean {
  const x = splitCharacters(a);
  const y = splitCharacters(b);
  if (x.length !== y.length) return false;
  return x.every((ch, i) => ch === y[i] || ch === KURO_MARU || y[i] === KURO_MARU);
}

const SMALL_KANA: Record<string, string> = { ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ' };
const OLD_KANA: Record<string, string> = { ヲ: 'オ', ヰ: 'イ', ヱ: 'エ' };
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
/** The kana that, after a kana of this vowel, only lengthens it (コウ = コオ = コー). */
const LENGTHENER: Record<string, string> = { a: 'ア', i: 'イ', u: 'ウ', e: 'イエ', o: 'ウオ' };
const LONG = 'ー';

/** Canonical katakana: hiragana to katakana, then canonicalText. */
export function canonicalKana(text: string): string {
  return canonicalText(text).replace(/[\u3041-\u3096]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
}

/**
 * Kana spelling variants folded: small kana, ヴ, ヂ/ヅ, ヲ/ヰ/ヱ, and a long vowel written ー, ウ, オ, イ or
 * doubled. A length is kept as one mark, never deleted: ユウキ and ユキ are different names.
 */
export function foldKana(text: string): string {
  let s = canonicalKana(text).replace(/ヴ[ァィゥェォ]?/gu, (m) => VU[m] ?? 'ブ');
  s = s.replace(/[ァィゥェォッャュョヮヵヶ]/gu, (ch) => SMALL_KANA[ch] ?? ch).replace(/[ヲヰヱ]/gu, (ch) => OLD_KANA[ch] ?? ch).replace(/ヂ/gu, 'ジ').replace(/ヅ/gu, 'ズ');
  let out = '';
  let vowel: string | undefined;
  for (const ch of s) {
    if (ch === LONG || ch === '-') {
      if (!out.endsWith(LONG)) out += LONG;
      vowel = undefined;
      continue;
    }
    if (vowel && LENGTHENER[vowel]!.includes(ch)) {
      out += LONG;
      vowel = undefined;
      continue;
    }
    out += ch;
    vowel = VOWEL_OF.get(ch);
  }
  return out;
}

/** The reading without 濁点 and 半濁点: ヤマサキ and ヤマザキ read alike here, and only here. */
export function foldKanaReading(text: string): string {
  return foldKana(text).normalize('NFD').replace(/[\u3099\u309A]/gu, '').normalize('NFC');
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
function kanjiNumber(text: string): string {
  // 一 … 九十九, enough for 丁目, 番 and 号 numbers.
  if (!text.includes('十')) return [...text].map((ch) => KANJI_DIGITS[ch] ?? 0).join('');
  const [tens, ones] = text.split('十');
  const t = tens ? (KANJI_DIGITS[tens] ?? 0) : 1;
  const o = ones ? (KANJI_DIGITS[ones] ?? 0) : 0;
  return String(t * 10 + o);
}

const DASHES = '‐‑‒–—―−ー─━ｰ-';
// Compiled once: the 総点検 compares 10^7 addresses.
const DASH_BETWEEN_DIGITS = new RegExp(`(?<=\\d)[${DASHES}](?=\\d)`, 'gu');
/** Canonical address: canonicalText plus one dash shape between digits. */
export function canonicalAddress(text: string): string {
  return canonicalText(text).replace(DASH_BETWEEN_DIGITS, '-');
}

const N = '[〇一二三四五六七八九十]+';
const DASHED_KANJI_NUMBERS = new RegExp(`${N}(?:[${DASHES}]${N})+`, 'gu');
const ONE_DASH = new RegExp(`[${DASHES}]`, 'u');
const KANJI_NUMBER_IN_POSITION = new RegExp(`(${N})(?=丁目|丁(?=\\d)|番地|番(?!町)|号)`, 'gu');
/**
 * Address notation folded: 1-2-3, １－２－３, 1丁目2番3号, 一丁目二番三号, 一ー二ー三, 2番地の3, 堺市's 4丁1-8 all
 * read 1-2-3 (in number position only: 北一条 and 一番町 keep their numerals); ケ/ヶ/が and 之/の between
 * the kanji of a place name read alike; 大字 and 字 are dropped. 地番 (舞浜2-11) and 住居表示 (舞浜2-1-1) stay apart.
 */
export function foldAddressNumbers(text: string): string {
  return canonicalAddress(text)
    .replace(/大字/gu, '')
    .replace(/(^|[都道府県市区町村郡])字(?=\p{Script=Han})/gu, '$1')
    .replace(/(?<=\p{Script=Han})[ケヶヵがガ](?=\p{Script=Han})/gu, 'ケ')
    .replace(/(?<=\p{Script=Han})之(?=\p{Script=Han})/gu, 'の')
    .replace(DASHED_KANJI_NUMBERS, (run) => run.split(ONE_DASH).map(kanjiNumber).join('-'))
    .replace(KANJI_NUMBER_IN_POSITION, (_, n: string) => kanjiNumber(n))
    .replace(/(\d+)丁目/gu, '$1-')
    .replace(/(\d+)丁(?=\d)/gu, '$1-')
    .replace(/(\d+)番地(?:の)?/gu, '$1-')
    .replace(/(\d+)番(?!町)(?:の)?/gu, '$1-')
    .replace(/(\d+)号室?/gu, '$1')
    .replace(/(?<=\d)[の之](?=\d)/gu, '-')
    .replace(/-+(?=-)/gu, '')
    .replace(/-+$/u, '');
}
