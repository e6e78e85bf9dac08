import { fromHex } from '../card/Apdu.ts';

/** Application identifiers (card-protocol.md §1.1). */
export const AID = {
  /** 公的個人認証AP */
  jpki: fromHex('D392F000260100000001'),
  /** 券面事項入力補助AP */
  textInput: fromHex('D3921000310001010408'),
  /** 券面事項確認AP (the card face, with the face photo) */
  cardFace: fromHex('D3921000310001010402'),
  /** 住基AP */
  juki: fromHex('D3921000310001010401'),
  /** 共通カードAP */
  common: fromHex('D3921000310001010100'),
} as const;

export type ApplicationName = keyof typeof AID;

/** Elementary files by application (card-protocol.md §1.2–1.4). */
export const EF = {
  jpki: {
    signCertificate: 0x0001,
    signCaCertificate: 0x0002,
    tokenInfo: 0x0006,
    certificatePresence: 0x0008,
    authCertificate: 0x000a,
    authCaCertificate: 0x000b,
    authKey: 0x0017,
    authPin: 0x0018,
    signKey: 0x001a,
    signPin: 0x001b,
  },
  textInput: {
    myNumber: 0x0001,
    basicFourInfo: 0x0002,
    signature: 0x0003,
    basicInfo: 0x0005,
    pin: 0x0011,
    verificationCodeA: 0x0014,
    verificationCodeB: 0x0015,
  },
  cardFace: {
    cardFace: 0x0002,
    basicInfo: 0x0003,
    verificationCodeB: 0x0012,
    verificationCodeA: 0x0013,
  },
} as const;

/** The secrets a card holds, named by what they are for. */
export type PinReference = 'auth' | 'sign' | 'textInput' | 'textInputCodeB' | 'cardFaceCodeB';

export const PIN_LOCATION: Record<PinReference, { app: ApplicationName; ef: number }> = {
  auth: { app: 'jpki', ef: EF.jpki.authPin },
  sign: { app: 'jpki', ef: EF.jpki.signPin },
  textInput: { app: 'textInput', ef: EF.textInput.pin },
  textInputCodeB: { app: 'textInput', ef: EF.textInput.verificationCodeB },
  cardFaceCodeB: { app: 'cardFace', ef: EF.cardFace.verificationCodeB },
};

/** Token labels of EF 0006 (card-protocol.md §1.2). */
export const TOKEN_LABEL = {
  card: 'JPKIAPICCTOKEN2',
  androidPhone: 'JPKIAPGPSETOKEN',
  iPhone: 'JPKIAPIOSTOKEN',
  jukiCard: 'JPKIAPICCTOKEN',
} as const;
