import type { OutageCase } from '../../../protocol/OutageCase.ts';
import type { ClaimRoute, VisitOutcome } from '../../../protocol/VisitDraft.ts';
import type { EligibilityKind } from '../../../protocol/EligibilityOutcome.ts';
import type { IdentityMethod } from '../../../protocol/IdentityMethod.ts';
import type { OwnProof } from '../../../protocol/UiEvent.ts';
import type { OutageCause } from '../../../protocol/OutageCause.ts';
import type { StaffAlertKind } from '../../../protocol/KioskScreen.ts';
import type { CertificateStanding } from '../../../protocol/MedicalInformation.ts';
import type { ConsentItem } from '../../../protocol/Consent.ts';

/** Why the outage procedure began, beside the case number (never a generic 3-2 for an expired certificate). */
export const OUTAGE_CAUSE: Record<OutageCause, string> = {
  certificateExpired: '電子証明書の有効期限切れ（3か月の猶予期間を過ぎている）',
  certificateRevoked: '電子証明書の失効（カードの紛失・再発行の可能性）',
  certificateUntrusted: '電子証明書を検証できない',
  signatureInvalid: 'カードの署名を検証できない',
  cardUnreadable: 'ICチップを読み取れない',
  readerUnavailable: 'カードリーダーの切断',
  phoneCredentialExpired: 'スマホ用電子証明書の有効期限切れ（スマートフォンに猶予期間はない）',
  phoneReaderUnavailable: 'スマートフォン用リーダーの切断',
  readerRefused: 'カードリーダーが受け付けられない（未登録・失効）',
  cameraFault: 'カメラの故障（ほかの本人確認方法なし）',
  faceCardUnsupported: '顔認証マイナンバーカードをこのリーダーで署名できない',
  qualificationInvalid: '資格（無効）',
  qualificationNotFound: '資格情報なし',
  notRegistered: '利用登録なし（E05）: 保険証として登録されていない',
  serviceUnreachable: 'オンライン資格確認等システムに接続できない',
  terminalFault: '資格確認端末・システムのエラー',
  staffStarted: '職員が開始',
  jobChange: '転職等で新しい資格の登録待ち',
};

/** The action card's line for each thing that waits for staff. */
export const ALERT_TEXT: Record<StaffAlertKind, string> = {
  visualCheck: '目視確認: カードの顔写真と患者さんを見比べてください',
  confirmMatch: '表記ゆれで一致: 患者さんに氏名・住所を口頭で確認してください',
  review: '照会結果の確認が必要です',
  outage: '資格確認ができませんでした: 障害時の手順で受け付けてください',
  certificateRevoked: '注意: 電子証明書が失効しています。カードの紛失・再発行の可能性があるため、本人確認書類で確認してください',
  cardFaceEntry: '券面の入力: カードの生年月日・有効期限・セキュリティコードを入力してください',
  documentEntry: '資格確認書の番号を入力してください',
  numberNotFound: '入力した番号で資格が見つかりません: 資格確認書を見て入力し直してください',
  cardLeftBehind: 'カードがリーダーに置いたままです: 患者さんに返してください',
  identityRefused: '本人確認できませんでした: 患者さんは受付に来ます。本人確認書類を確認し、資格確認書などで受け付けてください',
  pinBlocked: '暗証番号がロックされています: 市区町村の窓口で解除できることを案内してください',
  storageFault: '受付を記録できません: 再試行中です',
  serviceDown: 'オンライン資格確認等システムに接続できません（ケース3-4の手順）',
  readerFault: 'カードリーダーが使えません（ケース3-1の手順）',
  cameraFault: 'カメラが使えません: 暗証番号か目視確認で受け付けます',
};

export const CERTIFICATE: Record<CertificateStanding, string> = {
  valid: '有効',
  expiringSoon: '有効（期限間近: 更新を案内）',
  expiredInGrace: '期限切れ・猶予期間中（資格確認のみ、医療情報なし）',
  expiredBeyondGrace: '期限切れ（猶予期間経過）',
  revoked: '失効（紛失・再発行の可能性）',
  notTrusted: '検証できない',
  badSignature: '署名を検証できない',
};

export const CONSENT: Record<ConsentItem, string> = { pharmacy: '薬剤', diagnosis: '診療', operation: '手術', checkups: '特定健診', limitApplication: '限度額' };

/** The patient's own proofs, as staff know them. */
export const PROOF_TITLE: Record<OwnProof, string> = {
  mynaPortal: 'マイナポータルの資格情報画面',
  qualificationCertificate: '資格確認書（保険証）',
  qualificationNotice: '資格情報のお知らせ',
  healthInsuranceCard: '健康保険証（2025-12-01まで）',
};

/** The staff view's words: the terms of the MHLW notice, so staff can match them to the manual. */
export const OUTAGE_TITLE: Record<OutageCase, string> = {
  case1: '転職等で新しい資格がまだ登録されていない（タイムラグ）',
  case2: '「資格（無効）」「資格情報なし」',
  readerFault: '顔認証付きカードリーダーの故障',
  cardDefect: 'カードの不具合（券面汚損・ICチップ破損・電子証明書の期限切れ）',
  terminalFault: '資格確認端末の故障',
  networkDown: '停電・施設内ネットワーク障害・広域ネットワーク障害',
};

export const METHOD: Record<IdentityMethod, string> = { face: '顔認証', pin: '暗証番号', visual: '目視確認', none: '本人確認なし（資格確認のみ）', document: '資格確認書・番号', device: 'スマートフォンの生体認証' };

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
  notRegistered: '利用登録なし（E05）',
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
  insuranceNumberNotFound: '番号で資格が見つからない（入力し直し待ち）',
  checkingCertificate: '電子証明書の確認中',
  decidingConsent: '同意の確認中',
  cardRemoved: 'カード取り外し',
  cancelled: '中止',
  timedOut: '時間切れ',
  staffReview: '職員の確認が必要',
  showingResult: '結果表示中',
  recording: '記録中',
  storageFault: '記録エラー（再試行中）',
  finishing: 'カード取り忘れ防止の案内中',
};

export function stepText(step: string): string {
  if (step.startsWith('askingConsent')) return '同意の確認中';
  if (step === 'choosingPrescription') return '処方箋の発行形態の選択中';
  if (step === 'askingMedicalSubsidy') return '医療費助成の確認中';
  if (step === 'offeringRegistration') return '利用登録の案内中（利用登録なし）';
  if (step.startsWith('outage')) return '障害時・資格確認できない場合の対応中';
  return STEP[step] ?? step;
}
