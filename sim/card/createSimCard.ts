import { createPrivateKey, type KeyObject } from 'node:crypto';
import { fromHex } from '../../device/card/Apdu.ts';
import { AID, EF } from '../../device/mynacard/cardFiles.ts';
import { deriveVerificationCodeB } from '../../device/mynacard/verificationCodeB.ts';
import { loadJpkiTestCa, type JpkiTestCa } from '../ca/JpkiTestCa.ts';
import { simReaderAuthorityKey } from '../ca/SimReaderAuthority.ts';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import { buildBasicFourInfo, buildCardFace, buildCertificatePresence, buildCommonRecord, buildTokenInfo } from './buildCardFiles.ts';
import { issueCardCertificates } from './issueCardCertificates.ts';
import { SimCard, type SimApplication, type SimFile } from './SimCard.ts';

/** The JPKI ATR OpenSC's jpki driver matches (card-protocol.md §3.1). */
export const SIM_CARD_ATR = fromHex('3BE000FF8131FE4514');

/** 照合番号B has 10 tries on a real card (card-protocol.md §1.7). */
const CODE_B_TRIES = 10;

export interface SimCardOptions {
  /** The day the card is placed: relative certificate validity is computed from it. */
  now?: Date;
  ca?: JpkiTestCa;
  /**
   * The reader authority the card trusts for PIN-less signing (ours: device/mynacard/readerAuthentication.ts);
   * default the simulator's own. null: a card that does not know reader authentication (answers 6D00).
   */
  readerAuthority?: KeyObject | null;
}

export interface CreatedSimCard {
  card: SimCard;
  /** The DER the card hands out, for byte-for-byte comparisons. */
  authCertificate: Uint8Array;
  signCertificate: Uint8Array | null;
  authCaCertificate: Uint8Array;
  signCaCertificate: Uint8Array;
  verificationCodeB: string;
}

const pin = (value: string | null, triesLeft: number, maxTries: number): SimFile => ({ kind: 'pin', pin: { value, triesLeft, maxTries } });
const free = (data: Uint8Array): SimFile => ({ kind: 'binary', data, read: 'free' });

/** Build the virtual マイナンバーカード of a profile: its APs, files, PINs and freshly issued certificates. */
export async function createSimCard(profile: CardProfile, photo: Uint8Array, options: SimCardOptions = {}): Promise<CreatedSimCard> {
  const ca = options.ca ?? (await loadJpkiTestCa());
  const certificates = await issueCardCertificates(profile, ca, options.now ?? new Date());
  const authCaCertificate = new Uint8Array(ca.auth.certificate.rawData);
  const signCaCertificate = new Uint8Array(ca.sign.certificate.rawData);
  const verificationCodeB = deriveVerificationCodeB(profile.holder.birthDate, profile.card.expiry, profile.card.securityCode);

  const jpki = new Map<number, SimFile>([
    [EF.jpki.signCaCertificate, free(signCaCertificate)],
    [EF.jpki.tokenInfo, free(buildTokenInfo(profile.tokenLabel))],
    [EF.jpki.certificatePresence, free(buildCertificatePresence(certificates.sign !== null))],
    [EF.jpki.authCertificate, free(certificates.auth)],
    [EF.jpki.authCaCertificate, free(authCaCertificate)],
    [EF.jpki.authKey, { kind: 'key', key: createPrivateKey(profile.keys.auth), pinEf: EF.jpki.authPin, readerMayUse: true }],
    [EF.jpki.authPin, pin(profile.pins.auth, profile.pinTriesLeft.auth, 3)],
  ]);
  if (certificates.sign && profile.keys.sign) {
    jpki.set(EF.jpki.signCertificate, { kind: 'binary', data: certificates.sign, read: { anyOf: [EF.jpki.signPin] } });
    jpki.set(EF.jpki.signKey, { kind: 'key', key: createPrivateKey(profile.keys.sign), pinEf: EF.jpki.signPin });
    jpki.set(EF.jpki.signPin, pin(profile.pins.sign, profile.pinTriesLeft.sign, 5));
  }

  const textInput = new Map<number, SimFile>([
    [EF.textInput.basicFourInfo, { kind: 'binary', data: buildBasicFourInfo(profile), read: { anyOf: [EF.textInput.pin, EF.textInput.verificationCodeB] } }],
    [EF.textInput.pin, pin(profile.pins.textInput, profile.pinTriesLeft.textInput, 3)],
    [EF.textInput.verificationCodeB, pin(verificationCodeB, CODE_B_TRIES, CODE_B_TRIES)],
  ]);

  const cardFace = new Map<number, SimFile>([
    [EF.cardFace.cardFace, { kind: 'binary', data: buildCardFace(profile, photo), read: { anyOf: [EF.cardFace.verificationCodeB] } }],
    [EF.cardFace.verificationCodeB, pin(verificationCodeB, CODE_B_TRIES, CODE_B_TRIES)],
  ]);

  const common = new Map<number, SimFile>([[0x0001, { kind: 'record', records: [buildCommonRecord(profile)], read: 'free' }]]);

  const applications: SimApplication[] = [
    { name: 'jpki', aid: AID.jpki, files: jpki },
    { name: 'textInput', aid: AID.textInput, files: textInput },
    { name: 'cardFace', aid: AID.cardFace, files: cardFace },
    { name: 'common', aid: AID.common, files: common },
  ];
  return {
    card: new SimCard(SIM_CARD_ATR, applications, options.readerAuthority === undefined ? simReaderAuthorityKey() : options.readerAuthority),
    authCertificate: certificates.auth,
    signCertificate: certificates.sign,
    authCaCertificate,
    signCaCertificate,
    verificationCodeB,
  };
}
