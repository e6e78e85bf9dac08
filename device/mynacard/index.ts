// The マイナンバーカード client: every function takes a CardChannel and nothing else.
export { AID, EF, TOKEN_LABEL, PIN_LOCATION, type ApplicationName, type PinReference } from './cardFiles.ts';
export type { PinStatus } from './PinStatus.ts';
export { selectApplication, selectFile } from './selectFile.ts';
export { readBinary, readTlvFile } from './readBinary.ts';
export { readTokenLabel } from './readTokenLabel.ts';
export { readCertificate, readAuthCertificate, readAuthCaCertificate, parseCardCertificate, type CardCertificate, type CertificateKind } from './readCertificate.ts';
export { queryPinTries, verifyPin } from './verifyPin.ts';
export { signChallenge, encodeSha256DigestInfo } from './signChallenge.ts';
export { authenticateReader, readerAuthenticationMessage, READER_AUTHENTICATION_EKU, READER_CHALLENGE_BYTES, type ReaderCredential } from './readerAuthentication.ts';
export { parseBasicFourInfo, type BasicFourInfo } from './BasicFourInfo.ts';
export { parseCardFace, type CardFace } from './CardFace.ts';
export { readBasicFourInfo, readCardFace, type TextInputCredential } from './readCardHolder.ts';
export { readCardForCheckIn, type CheckInCardRead } from './readCardForCheckIn.ts';
export { deriveVerificationCodeB, japaneseEraYear } from './verificationCodeB.ts';
export type { Sex } from './CardHolder.ts';
export { resetCard, forgetSession } from './cardSession.ts';
export { readPhoneForCheckIn, identifyCredential, credentialKindOfLabel, type PhoneCheckInRead } from './readPhoneCredential.ts';
