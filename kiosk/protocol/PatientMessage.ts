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
  // the smartphone マイナ保険証 (usingSmartphone: what the smartphone branch is at)
  'phoneChooseKind', // 「iPhone」 / 「Android」
  'phoneEnterPin', // Android: the 4-digit スマホ用利用者証明用 PIN on this reader
  'phoneHoldAndroid', // hold the Android phone over the smartphone reader
  'phoneHoldIPhone', // Face ID / Touch ID on the iPhone, then hold it over the smartphone reader
  'phoneReading',
  'phoneNotRead', // nothing read: NFC / おサイフケータイ on, hold it again, or use the card
  'phoneRemoved', // the phone left the reader mid-read: hold it again
  'phoneCardOnReader', // a card on the smartphone reader: place it on this reader
  'phoneWrongKind', // the other kind of phone than chosen
  'phonePinWrong',
  'phoneNotAuthenticated', // iPhone: not authenticated on the phone
  'phonePinBlocked', // the phone's PIN is locked: the desk
  'phoneExpired', // the スマホ用電子証明書 has expired (no grace)
  'placeCardInstead', // the patient gave up on the phone: place the card
  // the outage procedure entered from the smartphone branch
  'outagePhoneExpired',
  'outagePhoneReader',
] as const;
export type PatientMessage = (typeof PATIENT_MESSAGES)[number];
