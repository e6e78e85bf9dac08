import type { OutageCase } from '../../../protocol/OutageCase.ts';
import type { ClaimRoute, VisitOutcome } from '../../../protocol/VisitDraft.ts';
import type { EligibilityKind } from '../../../protocol/EligibilityOutcome.ts';
import type { IdentityMethod } from '../../../protocol/IdentityMethod.ts';

/** The staff view's words: the terms of the MHLW notice, so staff can match them to the manual. */
export const OUTAGE_TITLE: Record<OutageCase, string> = {
  case1: '転職等で新しい資格がまだ登録されていない（タイムラグ）',
  case2: '「資格（無効）」「資格情報なし」',
  readerFault: '顔認証付きカードリーダーの故障',
  cardDefect: 'カードの不具合（券面汚損・ICチップ破損・電子証明書の期限切れ）',
  terminalFault: '資格確認端末の故障',
  networkDown: '停電・施設内ネットワーク障害・広域ネットワーク障害',
};

export const METHOD: Record<IdentityMethod, string> = { face: '顔認証', pin: '暗証番号', visual: '目視確認', none: '本人確認なし（資格確認のみ）', document: '資格確認書・番号' };

export const OUTCOME: Record<VisitOutcome, string> = {
  completed: '完了',
  cardRemoved: 'カード取り外し',
  cancelled: '中止',
  timedOut: '時間切れ',
  pinBlocked: '暗証番号ロック',
  identityRefused: '本人確認できず',
  interrupted: '中断（電源断等）',
};

export const ELIGIBILITY: Record<EligibilityKind, string> = {
  eligible: '有効',
  invalid: '資格（無効）',
  invalidWithNewQualification: '無効（新しい資格あり）',
  noQualification: '資格情報なし',
  multiple: '複数該当',
  wrongLinkage: '紐付け誤りの疑い',
  certificateRefused: '電子証明書が使えない',
  readerRefused: 'カードリーダーが受け付けられない（未登録・失効）',
};

export function claimText(route: ClaimRoute | null | undefined, insurerNumber: string | null | undefined): string {
  switch (route) {
    case 'current':
      return `通常請求（現在の資格${insurerNumber ? `・保険者番号 ${insurerNumber}` : ''}）`;
    case 'past':
      return `旧資格請求（保険者番号 ${insurerNumber ?? '—'}）`;
    case 'unknown':
      return `不詳請求（保険者等番号 ${insurerNumber ?? '77777777'}、摘要欄に申立書の住所・事業所名・連絡先）`;
    case 'none':
      return '請求なし（10割・自費）';
    default:
      return '—';
  }
}

export function copayText(percent: number | null | undefined): string {
  // An open visit's record has no share yet (undefined), a settled one may have none (null).
  return typeof percent === 'number' ? `${percent / 10}割` : '—';
}

export const STEP: Record<string, string> = {
  standby: '待機中',
  readingCard: 'カード読み取り中',
  notMynaCard: 'マイナンバーカード以外',
  choosingMethod: '本人確認方法の選択中',
  readingCardFace: 'カード券面の読み取り中（顔写真）',
  enteringCardFace: '券面（生年月日・有効期限・セキュリティコード）の入力待ち',
  matchingFace: '顔認証中',
  faceRetry: '顔認証の再試行待ち',
  faceFailed: '顔認証できず',
  enteringPin: '暗証番号入力中',
  pinWrong: '暗証番号誤り',
  pinBlocked: '暗証番号ロック',
  visualCheck: '目視確認待ち',
  expiryNotice: '電子証明書の期限間近の案内',
  graceNotice: '電子証明書の期限切れ（猶予期間）の案内',
  queryingEligibility: 'オンライン資格確認中',
  enteringInsuranceNumber: '資格確認書・被保険者番号の入力待ち',
  queryingByNumber: '被保険者番号で照会中',
  staffReview: '職員の確認が必要',
  showingResult: '結果表示中',
  recording: '記録中',
  storageFault: '記録エラー（再試行中）',
  finishing: 'カード取り忘れ防止の案内中',
};

export function stepText(step: string): string {
  if (step.startsWith('askingConsent')) return '同意の確認中';
  if (step.startsWith('outage')) return '障害時・資格確認できない場合の対応中';
  return STEP[step] ?? step;
}
