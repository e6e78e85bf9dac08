/**
 * What the patient panel says where one step can say different things, by name. The projection
 * (kiosk/runtime/projectScreens.ts) picks it from the state; the panel's words follow from it
 * (patientText), the page names it in `data-message`, and the staff view can tell what the patient read.
 */
export const PATIENT_MESSAGES = [
  // standby
  'placeCard',
  'cardLeftBehind', // 「カードが置いたままです」: the removal prompt ran out with the card still there
  // the method choice
  'chooseMethod',
  'chooseMethodPinLocked', // the card's PIN was already blocked: say why the 暗証番号 button is missing
  'chooseMethodCameraFailed', // the camera failed during face matching: carry on by PIN or 目視
  // face matching gave up: only what is left is offered
  'faceFailedPinOrStaff',
  'faceFailedStaffOnly', // a 顔認証マイナンバーカード (no PIN) or a blocked PIN
  'faceFailedPinOnly', // 目視 not possible (no staff panel)
  'faceFailedAskDesk', // nothing is left at the reader
  // the outage procedure, by cause (OutageCause)
  'outageCertificateExpired',
  'outageCertificateRevoked',
  'outageCertificateUnusable',
  'outageCardUnreadable',
  'outageReader',
  'outageCamera',
  'outageFaceCard',
  'outageQualification', // 無効 / 該当資格なし: the insurance, not the card
  'outageNotRegistered', // E05 利用登録なし, with where to register
  'outageSystem',
  'outageAskDesk',
  // 資格確認書
  'documentEntry',
  'documentNumberChecking', // staff are typing the numbers again after 該当資格なし
  // the end of a visit, by its outcome
  'removeCard',
  'removeCardStoppedForTime',
  'removeCardIdentityNotConfirmed', // 目視確認 refused: come to the desk
  'removeCardCancelled',
  'removeCardPinBlocked',
] as const;
export type PatientMessage = (typeof PATIENT_MESSAGES)[number];
