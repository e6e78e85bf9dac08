import { describe, expect, it } from 'vitest';
import { foldAddressNumbers, foldKana } from './CardFaceText.ts';
import { matchCardFaceItems, type PersonItems } from './matchCardFaceItems.ts';

/*
 * 保保発0127第1号 (rev. 2023-04-14), 記1(2), as the seed quotes it: 「5情報…により照会を行い、5情報が一致しない場合は
 * 取得せず」; ●, カナの表記ゆれ and 番地の表記方法 count 「他の情報が完全一致しており…」; 「4情報以下…で個人番号を取得しないこと」.
 * `oneTolerance` is that wording: what an insurer may take a number on.
 */
const jlis: PersonItems = { name: '土田　恵美', nameKana: 'ツチダ　エミ', birthDate: '1975-06-30', sex: 'female', address: '宮城県名取市増田４丁目５番６号' };
const notice = { combination: 'oneTolerance' } as const;

describe('保保発0127第1号: taking a My Number from a J-LIS hit', () => {
  it('takes it when the 5 items match exactly (width and spacing are the same text)', () => {
    expect(matchCardFaceItems({ ...jlis, name: '土田 恵美', address: '宮城県名取市増田4丁目5番6号' }, jlis, notice)).toMatchObject({ matched: true, tolerances: [] });
  });

  it.each([
    ['● in the kanji name', { name: '●田　恵美' }, 'kuroMaru'],
    ['● in the address', { address: '宮城県名取市増●４丁目５番６号' }, 'kuroMaru'],
    ['kana 表記ゆれ (ヱ for エ)', { nameKana: 'ツチダ　ヱミ' }, 'kanaVariant'],
    ['address notation 4-5-6 for ４丁目５番６号', { address: '宮城県名取市増田4-5-6' }, 'addressNotation'],
  ] as const)('takes it on one tolerance alone, marked so the person is asked: %s', (_, change, tolerance) => {
    expect(matchCardFaceItems({ ...jlis, ...change }, jlis, notice)).toEqual(expect.objectContaining({ matched: true, tolerances: [tolerance] }));
  });

  it.each([
    ['● and a kana variant', { name: '●田　恵美', nameKana: 'ツチダ　ヱミ' }],
    ['a kana variant and an address notation', { nameKana: 'ツチダ　ヱミ', address: '宮城県名取市増田4-5-6' }],
    ['an address notation and 異体字', { name: '土田　惠美', address: '宮城県名取市増田4-5-6' }],
    ['● and a different birth date', { name: '●田　恵美', birthDate: '1975-06-29' }],
    ['a kana variant and a moved address', { nameKana: 'ツチダ　ヱミ', address: '宮城県仙台市青葉区本町１丁目１番１号' }],
  ] as const)('refuses a tolerance together with a second difference: %s', (_, change) => {
    expect(matchCardFaceItems({ ...jlis, ...change }, jlis, notice).matched).toBe(false);
  });

  it.each([
    ['住所', { address: null }],
    ['カナ氏名', { nameKana: null }],
  ] as const)('never takes it on 4 items: without %s', (_, change) => {
    const m = matchCardFaceItems({ ...jlis, ...change }, jlis, notice);
    expect(m.matched).toBe(false);
    expect(m.items[Object.keys(change)[0] as 'address' | 'nameKana']).toEqual({ kind: 'different', how: 'missing' });
  });

  it('never takes it on the 3 items of the shortcut (kana, birth date, sex) when the kanji name and address are someone else’s', () => {
    expect(matchCardFaceItems({ ...jlis, name: '槌田　恵美', address: '東京都千代田区霞が関１丁目１番１号' }, jlis, notice)).toMatchObject({ matched: false, mismatched: ['name', 'address'] });
  });

  it('never tolerates a different birth date or sex', () => {
    expect(matchCardFaceItems({ ...jlis, birthDate: '1975-07-30' }, jlis, notice)).toMatchObject({ matched: false, mismatched: ['birthDate'] });
    expect(matchCardFaceItems({ ...jlis, sex: 'male' }, jlis, notice)).toMatchObject({ matched: false, mismatched: ['sex'] });
  });
});

describe('comparing a registered record (guard, lookups, 総点検): notation tolerances may combine, ● still needs the rest exact', () => {
  const guard = { combination: 'notationCombines', missingAddress: 'skip' } as const;
  it('matches a kana variant with an address notation, listing both', () => {
    expect(matchCardFaceItems({ ...jlis, nameKana: 'ツチダ　ヱミ', address: '宮城県名取市増田4-5-6' }, jlis, guard)).toMatchObject({ matched: true, tolerances: ['kanaVariant', 'addressNotation'] });
  });
  it('says how an item differs: a kana reading (濁点), a family name, a missing address', () => {
    expect(matchCardFaceItems({ ...jlis, nameKana: 'ツチタ　エミ' }, jlis, guard).items.nameKana).toEqual({ kind: 'different', how: 'reading' });
    expect(matchCardFaceItems({ ...jlis, name: '山田　恵美', nameKana: 'ヤマダ　エミ' }, jlis, guard).items.name).toEqual({ kind: 'different', how: 'familyName' });
    expect(matchCardFaceItems({ ...jlis, address: null }, jlis, { combination: 'notationCombines', missingAddress: 'mismatch' }).items.address).toEqual({ kind: 'different', how: 'missing' });
  });
});

describe('the folds the research found missing (docs/linkage.md)', () => {
  it('keeps a long vowel as a length, never deletes it: ユウキ ≠ ユキ, オオノ ≠ オノ, サトウ ≠ サト, カワイ ≠ カワイイ', () => {
    for (const [a, b] of [['ユウキ', 'ユキ'], ['オオノ', 'オノ'], ['サトウ', 'サト'], ['コウノ', 'コノ'], ['カワイ', 'カワイイ'], ['オオタ', 'オタ']]) expect(foldKana(a!), `${a} / ${b}`).not.toBe(foldKana(b!));
    for (const [a, b] of [['コウジ', 'コージ'], ['コウジ', 'コオジ'], ['ユウコ', 'ユーコ'], ['エイコ', 'エーコ'], ['オオノ', 'オーノ'], ['トオル', 'トール']]) expect(foldKana(a!), `${a} / ${b}`).toBe(foldKana(b!));
  });
  it('folds the old kana ヲ, ヰ, ヱ', () => {
    expect(foldKana('ヲノ')).toBe(foldKana('オノ'));
    expect(foldKana('ヰダ')).toBe(foldKana('イダ'));
    expect(foldKana('ヱミ')).toBe(foldKana('エミ'));
  });
  it('reads kanji numerals in number position, ケ/ヶ/が and 之/の in place names, 大字/字, 堺市’s 丁, and a building on one side only', () => {
    const same = (a: string, b: string) => expect(foldAddressNumbers(a), `${a} / ${b}`).toBe(foldAddressNumbers(b));
    same('霞が関一丁目二番二号', '霞が関1-2-2');
    same('本町一ー二ー三', '本町1-2-3');
    same('本町二十三丁目3', '本町23-3');
    same('霞ケ関1-2-2', '霞が関1-2-2');
    same('百合ヶ丘1-2', '百合ケ丘1-2');
    same('場之町1', '場の町1');
    same('大字上村123番地', '上村123');
    same('堺市北区新金岡町4丁1-8', '堺市北区新金岡町4-1-8');
  });
  it('keeps place-name numerals and 地番 against 住居表示 apart', () => {
    expect(foldAddressNumbers('北一条西1丁目19番8号')).toBe('北一条西1-19-8');
    expect(foldAddressNumbers('一番町1-1')).not.toBe(foldAddressNumbers('1番町1-1'));
    expect(foldAddressNumbers('舞浜2-11')).not.toBe(foldAddressNumbers('舞浜2-1-1'));
  });
});

describe('異体字 and ● at the level of one character', () => {
  const guard = { combination: 'notationCombines', missingAddress: 'mismatch' } as const;
  it('folds the variants the old table missed (栁, 黑, 瀨, 萬, 彌, 增, 曾, 淵/渕, 桒), marked itaiji', () => {
    for (const [a, b] of [['栁田', '柳田'], ['黑田', '黒田'], ['瀨戸', '瀬戸'], ['萬田', '万田'], ['彌生', '弥生'], ['增田', '増田'], ['曾根', '曽根'], ['渕上', '淵上'], ['桒原', '桑原']]) {
      expect(matchCardFaceItems({ ...jlis, name: `${a}\u3000恵美` }, { ...jlis, name: `${b}\u3000恵美` }, guard), `${a} / ${b}`).toMatchObject({ matched: true, tolerances: ['itaiji'] });
    }
  });
  it('treats a CJK compatibility ideograph and an ideographic variation sequence as 異体字, not as the same text', () => {
    expect(matchCardFaceItems({ ...jlis, name: '\uFA10田　恵美' }, { ...jlis, name: '塚田　恵美' }, guard).tolerances).toEqual(['itaiji']);
    expect(matchCardFaceItems({ ...jlis, name: '葛\u{E0100}西　恵美' }, { ...jlis, name: '葛西　恵美' }, guard).tolerances).toEqual(['itaiji']);
  });
  it('lets one ● stand for a character with its variation selector', () => {
    expect(matchCardFaceItems({ ...jlis, name: '●西　恵美' }, { ...jlis, name: '葛\u{E0100}西　恵美' }, guard)).toMatchObject({ matched: true, tolerances: ['kuroMaru'] });
  });
  it('under the notice, 異体字 like ● needs every other item exact', () => {
    expect(matchCardFaceItems({ ...jlis, name: '髙田　恵美', address: '宮城県名取市増田4-5-6' }, { ...jlis, name: '高田　恵美' }, notice).matched).toBe(false);
  });
});

describe('the 異体字 table', () => {
  it('folds in one step: no value is itself a variant', async () => {
    const { readFileSync } = await import('node:fs');
    const table = JSON.parse(readFileSync(new URL('./itaijiVariants.json', import.meta.url), 'utf8')) as { variants: Record<string, string> };
    const keys = new Set(Object.keys(table.variants));
    expect(Object.values(table.variants).filter((v) => keys.has(v))).toEqual([]);
  });
});
