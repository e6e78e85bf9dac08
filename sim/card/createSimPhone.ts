import { createPrivateKey } from 'node:crypto';
import { fromHex, SW } from '../../device/card/Apdu.ts';
import { AID, EF } from '../../device/mynacard/cardFiles.ts';
import { loadJpkiTestCa } from '../ca/JpkiTestCa.ts';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import { buildCertificatePresence, buildTokenInfo } from './buildCardFiles.ts';
import type { CreatedSimCard, SimCardOptions } from './createSimCard.ts';
import { issueCardCertificates } from './issueCardCertificates.ts';
import { SimCard } from './SimCard.ts';
import type { SimApplication, SimFile } from './SimFile.ts';

/**
 * The ATR a PC/SC reader synthesises for an ISO-DEP device with no historical bytes (PC/SC Part 3):
 * what a phone looks like over NFC. Ours: no public trace of a phone's ATR exists (docs/smartphone.md).
 */
export const SIM_PHONE_ATR = fromHex('3B80800101');

/** Tries of the スマホ用利用者証明用 PIN: not public; ours, 3 as on the card. */
const PHONE_PIN_TRIES = 3;

const free = (data: Uint8Array): SimFile => ({ kind: 'binary', data, read: 'free' });

/**
 * The スマホ用電子証明書 of a phone profile, APDU-level: the same JPKI AP as the card (AID, EFs, commands),
 * with its own token label, certificate and key, and nothing else (no 券面AP, 入力補助AP or 共通AP: their
 * SELECT answers 6A82). Android: reading the 利用者証明用 certificate and signing both need the 4-digit
 * スマホ用 PIN verified first (the order jpki/myna follows for JPKIAPGPSETOKEN); iPhone: no PIN file, the
 * certificate is free and the key signs once after `SimCard.authenticateOnDevice()`. Neither knows
 * reader authentication (6D00): a phone never signs for the reader alone.
 */
export async function createSimPhone(profile: CardProfile, options: SimCardOptions = {}): Promise<CreatedSimCard> {
  if (profile.kind !== 'androidPhone' && profile.kind !== 'iPhone') throw new TypeError(`createSimPhone: ${profile.kind} is not a phone credential`);
  const ca = options.ca ?? (await loadJpkiTestCa());
  const certificates = await issueCardCertificates(profile, ca, options.now ?? new Date());
  const authCaCertificate = new Uint8Array(ca.auth.certificate.rawData);
  const signCaCertificate = new Uint8Array(ca.sign.certificate.rawData);
  const android = profile.kind === 'androidPhone';
  const authPinGuard = android ? { anyOf: [EF.jpki.authPin] } : 'free';

  const jpki = new Map<number, SimFile>([
    [EF.jpki.signCaCertificate, free(signCaCertificate)],
    [EF.jpki.tokenInfo, free(buildTokenInfo(profile.tokenLabel, profile.card.serial))],
    [EF.jpki.certificatePresence, free(buildCertificatePresence(certificates.sign !== null))],
    [EF.jpki.authCertificate, { kind: 'binary', data: certificates.auth, read: authPinGuard }],
    [EF.jpki.authCaCertificate, free(authCaCertificate)],
    [EF.jpki.authKey, { kind: 'key', key: createPrivateKey(profile.keys.auth), use: android ? { kind: 'jpki', pinEf: EF.jpki.authPin } : { kind: 'jpki', pinEf: EF.jpki.authPin, deviceAuthenticated: true } }],
  ]);
  if (android) jpki.set(EF.jpki.authPin, { kind: 'pin', pin: { value: profile.pins.auth, triesLeft: Math.min(profile.pinTriesLeft.auth, PHONE_PIN_TRIES), maxTries: PHONE_PIN_TRIES } });
  if (certificates.sign && profile.keys.sign) {
    jpki.set(EF.jpki.signCertificate, { kind: 'binary', data: certificates.sign, read: { anyOf: [EF.jpki.signPin] } });
    jpki.set(EF.jpki.signKey, { kind: 'key', key: createPrivateKey(profile.keys.sign), use: { kind: 'jpki', pinEf: EF.jpki.signPin } });
    jpki.set(EF.jpki.signPin, { kind: 'pin', pin: { value: profile.pins.sign, triesLeft: profile.pinTriesLeft.sign, maxTries: 5 } });
  }
  const applications: SimApplication[] = [{ name: 'jpki', aid: AID.jpki, files: jpki, sessionKey: { kind: 'refuse', sw: SW.SECURITY_STATUS_NOT_SATISFIED } }];
  return {
    card: new SimCard(SIM_PHONE_ATR, applications, { readerAuthority: null }),
    authCertificate: certificates.auth,
    signCertificate: certificates.sign,
    authCaCertificate,
    signCaCertificate,
    // A phone has no card face, so no 照合番号B, and no 入力補助AP, so no 個人番号.
    verificationCodeB: '',
    myNumber: '',
  };
}
