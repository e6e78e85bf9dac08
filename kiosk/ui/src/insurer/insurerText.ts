import type { LinkageClass, ReportItemComparison, ReportItemName, SuspectReason } from '../../../../protocol/linkageReport/LinkageReport.ts';

export const CLASS_TEXT: Record<LinkageClass, string> = {
  exact: '一致',
  notationOnly: '表記ゆれのみ',
  addressOnly: '住所のみ不一致',
  addressNotRegistered: '住所未登録',
  nameChanged: '氏名変更',
  numberUnknown: '番号該当なし',
  otherPerson: '別人の疑い',
};

export const ITEM_TEXT: Record<ReportItemName, string> = { name: '漢字氏名', nameKana: 'カナ氏名', birthDate: '生年月日', sex: '性別', address: '住所' };

export const REASON_TEXT: Record<SuspectReason, string> = {
  birthDateOrSex: '生年月日・性別が不一致 (①)',
  bothNames: '漢字・カナ氏名とも不一致 (②)',
  oneNameAndAddress: '氏名の一方と住所が不一致 (③)',
  duplicateActive: '同じ番号に別の有効な資格 (資格重複)',
  moved: 'J-LISに転居の記録',
};

const TOLERANCE: Record<string, string> = { kuroMaru: '●', itaiji: '異体字', kanaVariant: 'カナ表記ゆれ', addressNotation: '住所表記' };
const HOW: Record<string, string> = { missing: '未登録', reading: '読みが違う', familyName: '氏が違う', givenName: '名が違う', value: '不一致' };

export function comparisonText(c: ReportItemComparison | undefined): string {
  if (!c) return '—';
  if (c.kind === 'exact') return '一致';
  if (c.kind === 'notCompared') return '比較せず';
  if (c.kind === 'tolerant') return `ゆれ (${c.tolerances.map((t) => TOLERANCE[t] ?? t).join('・')})`;
  return HOW[c.how] ?? c.how;
}

export const SEX_TEXT: Record<string, string> = { male: '男', female: '女', notApplicable: '適用不能' };
