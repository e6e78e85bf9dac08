import type { StaffAppStep } from '../../../protocol/StaffApp.ts';

/** What the マイナ資格確認アプリ page says at each step (the words staff read on their phone). */
export const STAFF_APP_STEP: Record<StaffAppStep, string> = {
  notEnrolled: 'この端末は利用登録されていません',
  noReader: 'カードリーダーが接続されていません',
  waitingForCard: 'マイナンバーカードをリーダーに置いてください',
  readingCard: 'カードを読み取っています…',
  choosingIdentity: '本人確認の方法を選んでください',
  enteringPin: '患者さんに暗証番号（数字4桁）を入力してもらってください',
  checkingPin: '暗証番号を確認しています…',
  comparingFace: 'カードの顔写真と患者さんのお顔を見比べてください',
  askingConsent: '患者さんに同意を確認してください',
  querying: '資格を照会しています…',
  showingResult: '資格確認の結果',
  failed: '確認できませんでした',
};

/** The one consent question of the app (ours: the real app's wording is not public; all items at once). */
export const CONSENT_QUESTION = '診療・薬剤・手術・健診の情報を、この医療機関に提供することに同意しますか？';
