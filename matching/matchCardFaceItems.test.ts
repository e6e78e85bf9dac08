import { describe, expect, it } from 'vitest';
import { foldAddressNumbers, foldKana } from './CardFaceText.ts';
import { matchCardFaceItems, type PersonItems } from './matchCardFaceItems.ts';

const record: PersonItems = { name: '土田　恵美', nameKana: 'ツチダ　エミ', birthDate: '1975-06-30', sex: 'female', address: '宮城県名取市増田４丁目５番６号' };
const lookup = { missingAddress: 'mismatch' } as const;

describe('card-face text folds', () => {
  it('reads 1-2-3, １－２－３, 1丁目2番3号, 一丁目2番地3 and 1丁目2番地の3 as the same address numbers', () => {
    const forms = ['霞が関1-2-3', '霞が関１－２－３', '霞が関1丁目2番3号', '霞が関一丁目2番地3', '霞が関1丁目2番地の3', '霞が関 1ー2ー3'];
    expect(new Set(forms.map(foldAddressNumbers)).size).toBe(1);
    expect(foldAddressNumbers('北一条西1丁目19番8号')).toBe('北一条西1-19-8');
    expect(foldAddressNumbers('霞が関1-2-4')).not.toBe(foldAddressNumbers('霞が関1-2-3'));
  });

  it('folds small and large kana, ヴ and ブ, long-vowel spellings, half width and hiragana into one reading', () => {
    expect(foldKana('タカハシ　コウジ')).toBe(foldKana('ﾀｶﾊｼ ｺｰｼﾞ'));
    expect(foldKana('ヴァイオリン')).toBe(foldKana('バイオリン'));
    expect(foldKana('キョウコ')).toBe(foldKana('きよーこ'));
    expect(foldKana('ユウト')).toBe(foldKana('ユート'));
    expect(foldKana('ヤマダ')).not.toBe(foldKana('ヤマザ'));
  });
});

describe('matchCardFaceItems', () => {
  it('matches identical items without any tolerance, whatever the width or spacing', () => {
    expect(matchCardFaceItems({ ...record, name: '土田 恵美', address: '宮城県名取市増田4丁目5番6号' }, record, lookup)).toMatchObject({ matched: true, tolerances: [], mismatched: [] });
  });

  it('lets ● stand for one character when everything else is exact, and marks it', () => {
    expect(matchCardFaceItems({ ...record, name: '●田　恵美' }, record, lookup)).toMatchObject({ matched: true, tolerances: ['kuroMaru'], mismatched: [] });
    expect(matchCardFaceItems(record, { ...record, name: '●田　恵美' }, lookup).matched).toBe(true);
  });

  it('refuses ● when another item needed a tolerance too, or when it would stand for two characters', () => {
    expect(matchCardFaceItems({ ...record, name: '●田　恵美', address: '宮城県名取市増田4-5-6' }, record, lookup)).toMatchObject({ matched: false, mismatched: ['name'] });
    expect(matchCardFaceItems({ ...record, name: '●　恵美' }, record, lookup).matched).toBe(false);
  });

  it('matches 異体字 and a different address notation, marking both', () => {
    const m = matchCardFaceItems({ ...record, name: '髙橋　𠮷之', address: '愛知県名古屋市中区栄二丁目3番地4' }, { ...record, name: '高橋　吉之', address: '愛知県名古屋市中区栄2-3-4' }, lookup);
    expect(m).toMatchObject({ matched: true, tolerances: ['itaiji', 'addressNotation'], mismatched: [] });
  });

  it('never tolerates a different birth date or sex', () => {
    expect(matchCardFaceItems({ ...record, birthDate: '1975-06-29' }, record, lookup)).toMatchObject({ matched: false, mismatched: ['birthDate'] });
    expect(matchCardFaceItems({ ...record, sex: 'male' }, record, lookup)).toMatchObject({ matched: false, mismatched: ['sex'] });
  });

  it('compares カナ only when both sides have it, with the kana tolerance', () => {
    expect(matchCardFaceItems({ ...record, nameKana: 'ツチダ　ヱミ' }, record, lookup)).toMatchObject({ matched: true, tolerances: ['kanaVariant'], mismatched: [] });
    expect(matchCardFaceItems({ ...record, nameKana: 'ツジタ　エミ' }, record, lookup)).toMatchObject({ matched: false, mismatched: ['nameKana'] });
  });

  it('treats a record without an address as a mismatch for lookups and as unknown for the linkage check', () => {
    const noAddress = { ...record, address: null };
    expect(matchCardFaceItems(record, noAddress, lookup).matched).toBe(false);
    expect(matchCardFaceItems(record, noAddress, { missingAddress: 'skip' }).matched).toBe(true);
  });
});
