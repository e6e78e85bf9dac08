import type { OutageCase } from '../../../protocol/OutageCase.ts';
import type { ConsentItem } from '../../../protocol/Consent.ts';
import type { PatientMessage } from '../../../protocol/PatientMessage.ts';
import type { MedicalConsentChoices } from '../../../protocol/UiEvent.ts';

export type Lang = 'ja' | 'en';

/**
 * Everything the patient reads, in both languages. Plain words for a person at a clinic counter:
 * what happened and what to do next, never a status word or an error code.
 */
export interface PatientText {
  title: string;
  switchLanguage: string;
  connecting: string;
  placeCard: string;
  placeCardHint: string;
  haveCertificate: string;
  /** The smartphone マイナ保険証: its buttons. */
  usePhone: string;
  phoneAndroid: string;
  phoneIPhone: string;
  phoneHoldAgain: string;
  phoneUseCard: string;
  banner: { reader: string; service: string; camera: string };
  reading: string;
  readingFace: string;
  readingFaceHint: string;
  /** The card face is read by the screen's camera: the patient shows the card front to it. */
  showCardFace: string;
  showCardFaceHint: string;
  cardFaceByStaff: string;
  cardFaceByStaffHint: string;
  doNotMove: string;
  chooseMethod: string;
  face: string;
  pin: string;
  visual: string;
  faceHint: string;
  pinHint: string;
  visualHint: string;
  cancel: string;
  lookAtCamera: string;
  attemptsLeft: (n: number) => string;
  faceRetry: string;
  faceRetryHint: string;
  tryAgain: string;
  usePinInstead: string;
  faceFailed: string;
  faceFailedHint: string;
  enterPin: string;
  pinDigits: string;
  triesLeft: (n: number) => string;
  clear: string;
  ok: string;
  pinWrong: string;
  pinWrongHint: (n: number) => string;
  pinBlocked: string;
  pinBlockedHint: string;
  finish: string;
  visualCheck: string;
  visualCheckHint: string;
  expiryNotice: string;
  expiryNoticeHint: string;
  graceNotice: string;
  graceNoticeHint: string;
  consentTitle: (n: number, of: number) => string;
  consentQuestion: Record<ConsentItem, string>;
  agree: string;
  disagree: string;
  skipAll: string;
  prescriptionTitle: string;
  prescriptionHint: string;
  prescriptionElectronic: string;
  prescriptionPaper: string;
  prescriptionResult: string;
  registrationTitle: string;
  registrationHint: string;
  registrationAccept: string;
  registrationDecline: string;
  subsidyQuestion: string;
  subsidyHint: string;
  subsidyYes: string;
  subsidyNo: string;
  querying: string;
  pleaseWait: string;
  documentEntry: string;
  documentEntryHint: string;
  staffReview: string;
  staffReviewHint: string;
  resultTitle: string;
  insurer: string;
  copay: string;
  copayValue: (percent: number | null) => string;
  resultHint: string;
  outageTitle: Record<OutageCase, string>;
  outageHint: Record<OutageCase, string>;
  expiredCertificate: string;
  outageLookingUp: string;
  outageDeclaration: string;
  recording: string;
  storageFault: string;
  removeCard: string;
  removeCardHint: string;
  notMynaCard: string;
  notMynaCardHint: string;
  /** 戻る: from the PIN pad or the camera back to the method choice. */
  back: string;
  /** 「続けますか？」 before a wait runs out. */
  continueQuestion: string;
  continueHint: (seconds: number) => string;
  continueButton: string;
  /** Consent as the readers group it. */
  consentStep: (n: number) => string;
  consentMedical: string;
  consentEachTitle: string;
  consentItem: Record<keyof MedicalConsentChoices, string>;
  consentCheckups: string;
  consentWhoSees: string;
  agreeAll: string;
  chooseEach: string;
  /** What a step says where the step alone does not decide it (PatientMessage); others keep the step's words. */
  said: Partial<Record<PatientMessage, { title: string; hint: string }>>;
}

const ja: PatientText = {
  title: 'マイナ保険証 受付',
  switchLanguage: 'English',
  connecting: '準備しています。少しお待ちください。',
  placeCard: 'マイナンバーカードを置いてください',
  placeCardHint: 'カードは読み取りが終わるまで置いたままにしてください。',
  haveCertificate: '資格確認書・保険証をお持ちの方',
  usePhone: 'スマートフォン（スマホのマイナ保険証）',
  phoneAndroid: 'Android',
  phoneIPhone: 'iPhone',
  phoneHoldAgain: 'もう一度かざす',
  phoneUseCard: 'マイナンバーカードを使う',
  banner: {
    reader: 'ただいまカードリーダーが使えません。受付にお声がけください。',
    service: 'ただいま保険の確認システムにつながりません。受付にお声がけください。',
    camera: 'ただいま顔認証が使えません。暗証番号か職員の確認で受付できます。',
  },
  reading: 'カードを読み取っています',
  readingFace: 'カードの顔写真を読み取っています',
  readingFaceHint: 'カードを置いたまま、お待ちください。',
  showCardFace: 'カードの表面を画面のカメラに写してください',
  showCardFaceHint: 'カードはリーダーに置いたまま、表面（顔写真のある面）がカメラに写るようにしてください。',
  cardFaceByStaff: '職員がカードの表面を確認します',
  cardFaceByStaffHint: 'そのままお待ちください。暗証番号で本人確認することもできます。',
  doNotMove: 'カードを動かさないでください。',
  chooseMethod: '本人確認の方法を選んでください',
  face: '顔認証',
  pin: '暗証番号',
  visual: '職員に確認してもらう',
  faceHint: 'カメラでお顔を確認します',
  pinHint: '数字4けたの暗証番号',
  visualHint: '職員がカードの写真と照らし合わせます',
  cancel: 'やめる',
  lookAtCamera: 'カメラの方を見てください',
  attemptsLeft: (n) => `あと ${n} 回まで試せます。`,
  faceRetry: 'お顔を確認できませんでした',
  faceRetryHint: 'マスクや帽子をはずして、もう一度カメラの方を見てください。',
  tryAgain: 'もう一度',
  usePinInstead: '暗証番号で確認する',
  faceFailed: '顔認証ができませんでした',
  faceFailedHint: '暗証番号か、職員による確認に切り替えてください。',
  enterPin: '暗証番号を入力してください',
  pinDigits: '数字4けた（利用者証明用）',
  triesLeft: (n) => `入力できるのは、あと ${n} 回です。`,
  clear: '訂正',
  ok: '決定',
  pinWrong: '暗証番号が違います',
  pinWrongHint: (n) => `もう一度入力してください。あと ${n} 回まちがえるとロックされます。`,
  pinBlocked: '暗証番号がロックされました',
  pinBlockedHint: 'ロックはお住まいの市区町村の窓口で解除できます。今日は顔認証か職員による確認で受付できます。',
  finish: '終了する',
  visualCheck: '職員が確認します',
  visualCheckHint: 'そのままお待ちください。職員がカードの写真とお顔を確認します。',
  expiryNotice: 'カードの電子証明書の有効期限が近づいています',
  expiryNoticeHint: 'お住まいの市区町村の窓口で更新の手続きをしてください。今日の受付はこのまま続けられます。',
  graceNotice: 'カードの電子証明書の有効期限が切れています',
  graceNoticeHint: '期限切れから3か月の間は、保険の確認だけはできます。お早めに市区町村の窓口で更新してください。',
  consentTitle: (n, of) => `情報の提供について（${n} / ${of}）`,
  consentQuestion: {
    pharmacy: '過去のお薬の情報を、この医療機関に提供しますか？',
    diagnosis: '過去の診療の情報を、この医療機関に提供しますか？',
    operation: '過去の手術の情報を、この医療機関に提供しますか？',
    checkups: '特定健診などの健診結果を、この医療機関に提供しますか？',
    limitApplication: '医療費の自己負担の上限額（限度額適用認定証）の情報を、この医療機関に提供しますか？',
  },
  agree: '提供する',
  disagree: '提供しない',
  skipAll: 'どれも提供しない',
  prescriptionTitle: '処方箋の発行形態を選択してください',
  prescriptionHint: '電子処方箋は、お薬の情報を薬局とやりとりするための処方箋です。',
  prescriptionElectronic: '電子処方箋',
  prescriptionPaper: '紙の処方箋',
  prescriptionResult: '処方箋',
  registrationTitle: 'このカードは健康保険証としての利用登録がされていません',
  registrationHint: 'この場で利用登録ができます。登録すると、今日からマイナ保険証として使えます。',
  registrationAccept: 'この場で利用登録する',
  registrationDecline: '登録しない',
  subsidyQuestion: '医療費助成の各種受給者証を利用しますか',
  subsidyHint: '「はい」を選ぶと、お持ちの受給者証の情報をこの医療機関が確認します。紙の受給者証を出す必要がなくなります。',
  subsidyYes: 'はい',
  subsidyNo: 'いいえ',
  querying: '保険の資格を確認しています',
  pleaseWait: '少しお待ちください。',
  documentEntry: '受付に資格確認書をお渡しください',
  documentEntryHint: '資格確認書（または保険証）の番号を、職員が入力します。',
  staffReview: '受付の職員が確認しています',
  staffReviewHint: '少しお待ちください。職員がご案内します。',
  resultTitle: '受付が完了しました',
  insurer: '加入している保険',
  copay: '窓口でのお支払い',
  copayValue: (p) => (p === null ? '受付でご確認ください' : `${p / 10}割`),
  resultHint: '診察券をお持ちの方は、受付にお出しください。',
  outageTitle: {
    case1: '受付にお声がけください',
    case2: 'カードで保険の資格を確認できませんでした',
    readerFault: 'カードリーダーが使えなくなりました',
    cardDefect: 'このカードを読み取れませんでした',
    terminalFault: 'ただいまシステムにつながりません',
    networkDown: 'ただいまシステムにつながりません',
  },
  outageHint: {
    case1: '新しい保険の手続き中の方は、職員がご案内します。',
    case2: '職員がご案内します。資格確認書や保険証をお持ちでしたら、受付でお見せください。',
    readerFault: '受付で確認しますので、カードを持って受付にお声がけください。',
    cardDefect: '受付で確認しますので、カードを持って受付にお声がけください。',
    terminalFault: '受付で確認しますので、お声がけください。資格確認書やマイナポータルの画面をお持ちでしたらお見せください。',
    networkDown: '受付で確認しますので、お声がけください。資格確認書やマイナポータルの画面をお持ちでしたらお見せください。',
  },
  expiredCertificate: 'カードの電子証明書の有効期限が切れています。市区町村の窓口で更新できます。今日は受付で確認します。',
  outageLookingUp: '受付で確認しています。少しお待ちください。',
  outageDeclaration: '受付で書類への記入をお願いします。',
  recording: '受付を記録しています',
  storageFault: '少しお待ちください。職員がまいります。',
  removeCard: 'カードをお取りください',
  removeCardHint: 'お忘れ物のないようにお気をつけください。',
  notMynaCard: 'マイナンバーカードではないようです',
  notMynaCardHint: 'マイナンバーカードを置き直すか、資格確認書をお持ちの方は受付にお渡しください。',
  back: '戻る',
  continueQuestion: '続けますか？',
  continueHint: (n) => `操作がないため、あと ${n} 秒で受付を中止します。`,
  continueButton: '続ける',
  consentStep: (n) => `情報の提供について（${n} / 2）`,
  consentMedical: '過去の診療・お薬・手術の情報を、この医療機関に提供しますか？',
  consentEachTitle: '提供する情報を選んでください',
  consentItem: { diagnosis: '診療の情報', pharmacy: 'お薬の情報', operation: '手術の情報' },
  consentCheckups: '特定健診などの健診結果を、この医療機関に提供しますか？',
  consentWhoSees: '提供した情報は、この医療機関の医師・薬剤師などが今回の診療のために見ます。',
  agreeAll: 'まとめて同意する',
  chooseEach: '個別に選択する',
  said: {
    phoneChooseKind: { title: 'お使いのスマートフォンを選んでください', hint: 'スマートフォンのマイナ保険証は iPhone と Android で操作が違います。' },
    phoneEnterPin: { title: 'スマホ用電子証明書の暗証番号（数字4桁）を入力してください', hint: 'スマートフォンに設定した利用者証明用の暗証番号です。入力のあと、スマートフォンを読み取り機にかざします。' },
    phoneHoldAndroid: { title: 'スマートフォンを読み取り機にかざしてください', hint: '顔認証付きカードリーダーの横のスマートフォン用読み取り機に、Android を読み取りが終わるまでかざしてください。' },
    phoneHoldIPhone: { title: 'iPhone で認証して、読み取り機にかざしてください', hint: 'iPhone で Face ID または Touch ID の認証をしてから、スマートフォン用読み取り機にかざしてください。' },
    phoneReading: { title: 'スマートフォンを読み取っています', hint: 'そのままかざしていてください。' },
    phoneNotRead: { title: 'スマートフォンを読み取れませんでした', hint: 'NFC（おサイフケータイ）がオンか確かめて、もう一度かざしてください。マイナンバーカードでも受付できます。' },
    phoneRemoved: { title: '読み取りの途中でスマートフォンが離れました', hint: 'もう一度、読み取りが終わるまでかざしてください。' },
    phoneCardOnReader: { title: 'こちらはスマートフォン用の読み取り機です', hint: 'マイナンバーカードは顔認証付きカードリーダーに置いてください。' },
    phoneWrongKind: { title: '選んだ種類と違うスマートフォンです', hint: 'iPhone か Android かを選び直してください。' },
    phonePinWrong: { title: '暗証番号が違います', hint: 'スマホ用電子証明書の暗証番号をもう一度入力してください。' },
    phoneNotAuthenticated: { title: 'iPhone で認証されていません', hint: 'iPhone で Face ID または Touch ID の認証をしてから、もう一度かざしてください。' },
    phonePinBlocked: { title: 'スマートフォンの暗証番号がロックされました', hint: 'マイナンバーカードで受付するか、受付にお声がけください。ロックは市区町村の窓口で解除できます。' },
    phoneExpired: { title: 'スマホ用電子証明書の有効期限が切れています', hint: 'スマートフォンの証明書には猶予期間がありません。マイナンバーカードで受付するか、受付にお声がけください。' },
    placeCardInstead: { title: 'マイナンバーカードを置いてください', hint: '顔認証付きカードリーダーにカードを置くと受付を始めます。' },
    outagePhoneExpired: { title: 'スマホ用電子証明書の有効期限が切れています', hint: 'スマートフォンの故障ではありません。今日は受付で保険を確認しますので、受付にお声がけください。証明書はマイナポータルアプリで再設定できます。' },
    outagePhoneReader: { title: 'スマートフォン用の読み取り機が使えません', hint: '受付で確認しますので、受付にお声がけください。マイナンバーカードもお使いいただけます。' },
    cardLeftBehind: { title: 'カードが置いたままです', hint: 'カードをお取りください。受付は終わっています。' },
    chooseMethodPinLocked: { title: '本人確認の方法を選んでください', hint: '暗証番号がロックされているため、暗証番号では確認できません。ロックは市区町村の窓口で解除できます。' },
    chooseMethodCameraFailed: { title: 'カメラが使えなくなりました', hint: '暗証番号か、職員による確認で続けられます。' },
    faceFailedPinOrStaff: { title: '顔認証ができませんでした', hint: '暗証番号か、職員による確認に切り替えてください。' },
    faceFailedStaffOnly: { title: '顔認証ができませんでした', hint: '職員による確認に切り替えてください。' },
    faceFailedPinOnly: { title: '顔認証ができませんでした', hint: '暗証番号に切り替えてください。' },
    faceFailedAskDesk: { title: '顔認証ができませんでした', hint: 'カードを持って受付にお声がけください。' },
    outageCertificateExpired: { title: 'カードの電子証明書の有効期限が切れています', hint: 'カードの故障ではありません。電子証明書はお住まいの市区町村の窓口で更新できます。今日は受付で保険を確認しますので、カードを持って受付にお声がけください。' },
    outageCertificateRevoked: { title: 'このカードの電子証明書は使えなくなっています', hint: 'カードの紛失届や再発行などで失効している可能性があります。お住まいの市区町村の窓口にご相談ください。今日は受付にお声がけください。' },
    outageCertificateUnusable: { title: 'カードの電子証明書を確認できませんでした', hint: 'お住まいの市区町村の窓口にご相談ください。今日は受付で確認しますので、カードを持って受付にお声がけください。' },
    outageCardUnreadable: { title: 'このカードを読み取れませんでした', hint: '受付で確認しますので、カードを持って受付にお声がけください。' },
    outageReader: { title: 'カードリーダーが使えなくなりました', hint: '受付で確認しますので、カードを持って受付にお声がけください。' },
    outageCamera: { title: 'カメラが使えなくなりました', hint: 'ほかの方法で本人確認ができません。カードを持って受付にお声がけください。' },
    outageFaceCard: { title: 'このカードリーダーでは顔認証マイナンバーカードを使えません', hint: 'カードを持って受付にお声がけください。職員がご案内します。' },
    outageQualification: { title: 'カードで保険の資格を確認できませんでした', hint: '職員がご案内します。資格確認書や保険証をお持ちでしたら、受付でお見せください。' },
    outageNotRegistered: { title: 'マイナンバーカードが保険証として登録されていません', hint: '保険証としての利用登録は、マイナポータルや市区町村の窓口でできます。今日は受付で確認しますので、資格確認書などをお持ちでしたらお見せください。' },
    outageSystem: { title: 'ただいまシステムにつながりません', hint: '受付で確認しますので、お声がけください。資格確認書やマイナポータルの画面をお持ちでしたらお見せください。' },
    outageAskDesk: { title: '受付にお声がけください', hint: '職員がご案内します。' },
    documentNumberChecking: { title: '職員が番号を確かめています', hint: 'この番号では資格が見つかりませんでした。職員が入力し直します。少しお待ちください。' },
    removeCardStoppedForTime: { title: '操作がなかったため、受付を中止しました', hint: 'カードをお取りください。もう一度最初から受付できます。' },
    removeCardIdentityNotConfirmed: { title: 'カードをお取りのうえ、受付にお越しください', hint: '職員によるご本人の確認ができませんでした。受付でご案内します。' },
    removeCardCancelled: { title: '受付を中止しました', hint: 'カードをお取りください。' },
    removeCardPinBlocked: { title: '暗証番号がロックされています', hint: 'カードをお取りのうえ、受付にお声がけください。ロックはお住まいの市区町村の窓口で解除できます。' },
  },
};

const en: PatientText = {
  title: 'Health insurance check-in',
  switchLanguage: '日本語',
  connecting: 'Getting ready. Please wait a moment.',
  placeCard: 'Please place your My Number Card',
  placeCardHint: 'Leave the card in place until reading is finished.',
  haveCertificate: 'I have an insurance certificate',
  usePhone: 'Smartphone (My Number health insurance on your phone)',
  phoneAndroid: 'Android',
  phoneIPhone: 'iPhone',
  phoneHoldAgain: 'Hold it again',
  phoneUseCard: 'Use my My Number Card',
  banner: {
    reader: 'The card reader is not working right now. Please ask at the reception desk.',
    service: 'The insurance check system cannot be reached right now. Please ask at the reception desk.',
    camera: 'Face recognition is not available right now. You can check in with your PIN or with staff.',
  },
  reading: 'Reading your card',
  readingFace: 'Reading the photo on your card',
  readingFaceHint: 'Please leave the card where it is.',
  showCardFace: 'Show the front of your card to the screen’s camera',
  showCardFaceHint: 'Keep the card on the reader, with its front (the side with your photo) facing the camera.',
  cardFaceByStaff: 'A staff member will read the front of your card',
  cardFaceByStaffHint: 'Please wait here. You can also prove who you are with your PIN.',
  doNotMove: 'Please do not move the card.',
  chooseMethod: 'How would you like to confirm your identity?',
  face: 'Face recognition',
  pin: 'PIN',
  visual: 'Ask staff to check',
  faceHint: 'The camera checks your face',
  pinHint: 'Your 4-digit PIN',
  visualHint: 'Staff compare you with the card photo',
  cancel: 'Cancel',
  lookAtCamera: 'Please look at the camera',
  attemptsLeft: (n) => `You can try ${n} more time${n === 1 ? '' : 's'}.`,
  faceRetry: 'We could not see your face clearly',
  faceRetryHint: 'Please take off your mask or hat and look at the camera again.',
  tryAgain: 'Try again',
  usePinInstead: 'Use my PIN instead',
  faceFailed: 'Face recognition did not work',
  faceFailedHint: 'Please use your PIN, or ask staff to check.',
  enterPin: 'Please enter your PIN',
  pinDigits: '4 digits (for identity verification)',
  triesLeft: (n) => `You have ${n} tr${n === 1 ? 'y' : 'ies'} left.`,
  clear: 'Clear',
  ok: 'OK',
  pinWrong: 'That PIN is not correct',
  pinWrongHint: (n) => `Please try again. After ${n} more wrong tr${n === 1 ? 'y' : 'ies'} the PIN will be locked.`,
  pinBlocked: 'Your PIN is locked',
  pinBlockedHint: 'Your city or town office can unlock it. Today you can check in with face recognition or with staff.',
  finish: 'Finish',
  visualCheck: 'A staff member will check',
  visualCheckHint: 'Please wait here. Staff will compare you with the photo on your card.',
  expiryNotice: 'Your card certificate expires soon',
  expiryNoticeHint: 'Please renew it at your city or town office. You can continue checking in today.',
  graceNotice: 'Your card certificate has expired',
  graceNoticeHint: 'For 3 months after expiry, your insurance can still be checked. Please renew it at your city or town office soon.',
  consentTitle: (n, of) => `Sharing your records (${n} of ${of})`,
  consentQuestion: {
    pharmacy: 'Share your past medication records with this clinic?',
    diagnosis: 'Share your past treatment records with this clinic?',
    operation: 'Share your past surgery records with this clinic?',
    checkups: 'Share your health check-up results with this clinic?',
    limitApplication: 'Share your monthly medical cost limit (limit certificate) with this clinic?',
  },
  agree: 'Share',
  disagree: "Don't share",
  skipAll: "Don't share any",
  prescriptionTitle: 'How would you like your prescription?',
  prescriptionHint: 'An electronic prescription is sent to the pharmacy through the system.',
  prescriptionElectronic: 'Electronic prescription',
  prescriptionPaper: 'Paper prescription',
  prescriptionResult: 'Prescription',
  registrationTitle: 'This card is not registered for use as a health insurance card',
  registrationHint: 'You can register it here and now; it works as your insurance card from today.',
  registrationAccept: 'Register it now',
  registrationDecline: 'Do not register',
  subsidyQuestion: 'Use your medical expense subsidy certificates?',
  subsidyHint: 'With "Yes" this clinic checks your subsidy certificates; you need not show the paper ones.',
  subsidyYes: 'Yes',
  subsidyNo: 'No',
  querying: 'Checking your insurance',
  pleaseWait: 'Please wait a moment.',
  documentEntry: 'Please hand your insurance certificate to the reception desk',
  documentEntryHint: 'Staff will enter the numbers on your certificate.',
  staffReview: 'A staff member is checking',
  staffReviewHint: 'Please wait a moment. Staff will help you.',
  resultTitle: 'You are checked in',
  insurer: 'Your insurance',
  copay: 'You pay at the desk',
  copayValue: (p) => (p === null ? 'Please ask at the desk' : `${p}%`),
  resultHint: 'If you have a patient card, please hand it to the reception desk.',
  outageTitle: {
    case1: 'Please ask at the reception desk',
    case2: 'We could not confirm your insurance with the card',
    readerFault: 'The card reader has stopped working',
    cardDefect: 'We could not read this card',
    terminalFault: 'The system cannot be reached right now',
    networkDown: 'The system cannot be reached right now',
  },
  outageHint: {
    case1: 'If you are changing insurance, staff will help you.',
    case2: 'Staff will help you. If you have an insurance certificate, please show it at the desk.',
    readerFault: 'Please take your card to the reception desk. Staff will check it there.',
    cardDefect: 'Please take your card to the reception desk. Staff will check it there.',
    terminalFault: 'Please ask at the reception desk. If you have an insurance certificate or the My Number Portal screen, please show it.',
    networkDown: 'Please ask at the reception desk. If you have an insurance certificate or the My Number Portal screen, please show it.',
  },
  expiredCertificate: 'The certificate on your card has expired. Your city or town office can renew it. Today, staff will check at the desk.',
  outageLookingUp: 'Staff are checking. Please wait a moment.',
  outageDeclaration: 'Staff will ask you to fill in a form.',
  recording: 'Saving your check-in',
  storageFault: 'Please wait a moment. A staff member is coming.',
  removeCard: 'Please take your card',
  removeCardHint: 'Please make sure you have all your belongings.',
  notMynaCard: 'This does not seem to be a My Number Card',
  notMynaCardHint: 'Please place your My Number Card again, or hand your insurance certificate to the reception desk.',
  back: 'Back',
  continueQuestion: 'Do you want to continue?',
  continueHint: (n) => `Nothing has been touched for a while. Check-in stops in ${n} second${n === 1 ? '' : 's'}.`,
  continueButton: 'Continue',
  consentStep: (n) => `Sharing your records (${n} of 2)`,
  consentMedical: 'Share your past treatment, medication and surgery records with this clinic?',
  consentEachTitle: 'Choose the records to share',
  consentItem: { diagnosis: 'Treatment records', pharmacy: 'Medication records', operation: 'Surgery records' },
  consentCheckups: 'Share your health check-up results with this clinic?',
  consentWhoSees: 'Doctors and pharmacists at this clinic will see what you share, for today\'s care.',
  agreeAll: 'Share all',
  chooseEach: 'Choose one by one',
  said: {
    phoneChooseKind: { title: 'Choose your smartphone', hint: 'The smartphone My Number health insurance works differently on iPhone and Android.' },
    phoneEnterPin: { title: 'Enter the 4-digit PIN of the certificate on your phone', hint: 'The user-authentication PIN you set on your smartphone. Then hold the phone over the reader.' },
    phoneHoldAndroid: { title: 'Hold your smartphone over the reader', hint: 'Hold your Android phone over the smartphone reader beside this reader until it has been read.' },
    phoneHoldIPhone: { title: 'Authenticate on your iPhone, then hold it over the reader', hint: 'Use Face ID or Touch ID on your iPhone, then hold it over the smartphone reader.' },
    phoneReading: { title: 'Reading your smartphone', hint: 'Please keep holding it there.' },
    phoneNotRead: { title: 'Your smartphone could not be read', hint: 'Check that NFC (Osaifu-Keitai) is on and hold it again. You can also use your My Number Card.' },
    phoneRemoved: { title: 'The phone moved away during reading', hint: 'Please hold it again until it has been read.' },
    phoneCardOnReader: { title: 'This reader is for smartphones', hint: 'Please place your My Number Card on the face-recognition card reader.' },
    phoneWrongKind: { title: 'This is not the kind of phone you chose', hint: 'Please choose iPhone or Android again.' },
    phonePinWrong: { title: 'The PIN is incorrect', hint: 'Please enter the PIN of the certificate on your phone again.' },
    phoneNotAuthenticated: { title: 'Not authenticated on your iPhone', hint: 'Use Face ID or Touch ID on your iPhone, then hold it again.' },
    phonePinBlocked: { title: 'The PIN on your phone is locked', hint: 'Please use your My Number Card or ask at the reception desk. Your city or town office can unlock it.' },
    phoneExpired: { title: 'The certificate on your phone has expired', hint: 'A phone has no grace period. Please use your My Number Card or ask at the reception desk.' },
    placeCardInstead: { title: 'Please place your My Number Card', hint: 'Place the card on the face-recognition card reader to begin.' },
    outagePhoneExpired: { title: 'The certificate on your phone has expired', hint: 'Your phone is not broken. Today, please ask at the reception desk; staff will check your insurance. You can set up the certificate again in the Mynaportal app.' },
    outagePhoneReader: { title: 'The smartphone reader cannot be used', hint: 'Please ask at the reception desk. You can also use your My Number Card.' },
    cardLeftBehind: { title: 'Your card is still on the reader', hint: 'Please take your card. Your check-in is finished.' },
    chooseMethodPinLocked: { title: 'How would you like to confirm your identity?', hint: 'Your PIN is locked, so it cannot be used. Your city or town office can unlock it.' },
    chooseMethodCameraFailed: { title: 'The camera has stopped working', hint: 'You can continue with your PIN or ask staff to check.' },
    faceFailedPinOrStaff: { title: 'Face recognition did not work', hint: 'Please use your PIN, or ask staff to check.' },
    faceFailedStaffOnly: { title: 'Face recognition did not work', hint: 'Please ask staff to check.' },
    faceFailedPinOnly: { title: 'Face recognition did not work', hint: 'Please use your PIN.' },
    faceFailedAskDesk: { title: 'Face recognition did not work', hint: 'Please take your card to the reception desk.' },
    outageCertificateExpired: { title: 'The certificate on your card has expired', hint: 'Your card is not broken. Your city or town office can renew the certificate. Today, please take your card to the reception desk; staff will check your insurance.' },
    outageCertificateRevoked: { title: 'The certificate on this card can no longer be used', hint: 'It may have been cancelled because the card was reported lost or re-issued. Please ask your city or town office. Today, please ask at the reception desk.' },
    outageCertificateUnusable: { title: 'We could not verify the certificate on your card', hint: 'Please ask your city or town office. Today, please take your card to the reception desk.' },
    outageCardUnreadable: { title: 'We could not read this card', hint: 'Please take your card to the reception desk. Staff will check it there.' },
    outageReader: { title: 'The card reader has stopped working', hint: 'Please take your card to the reception desk. Staff will check it there.' },
    outageCamera: { title: 'The camera has stopped working', hint: 'There is no other way to confirm your identity here. Please take your card to the reception desk.' },
    outageFaceCard: { title: 'This reader cannot use a face-authentication My Number Card', hint: 'Please take your card to the reception desk. Staff will help you.' },
    outageQualification: { title: 'We could not confirm your insurance with the card', hint: 'Staff will help you. If you have an insurance certificate, please show it at the desk.' },
    outageNotRegistered: { title: 'Your My Number Card is not registered as a health insurance card', hint: 'You can register it on the My Number Portal or at your city or town office. Today, please show an insurance certificate at the desk if you have one.' },
    outageSystem: { title: 'The system cannot be reached right now', hint: 'Please ask at the reception desk. If you have an insurance certificate or the My Number Portal screen, please show it.' },
    outageAskDesk: { title: 'Please ask at the reception desk', hint: 'Staff will help you.' },
    documentNumberChecking: { title: 'Staff are checking the numbers', hint: 'No insurance was found for these numbers. Staff will enter them again. Please wait a moment.' },
    removeCardStoppedForTime: { title: 'Check-in was stopped because nothing was touched', hint: 'Please take your card. You can start again from the beginning.' },
    removeCardIdentityNotConfirmed: { title: 'Please take your card and come to the reception desk', hint: 'Staff could not confirm your identity. They will help you at the desk.' },
    removeCardCancelled: { title: 'Check-in was cancelled', hint: 'Please take your card.' },
    removeCardPinBlocked: { title: 'Your PIN is locked', hint: 'Please take your card and ask at the reception desk. Your city or town office can unlock the PIN.' },
  },
};

export const PATIENT_TEXT: Record<Lang, PatientText> = { ja, en };
