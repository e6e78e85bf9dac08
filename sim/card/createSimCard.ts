import type { KeyObject } from 'node:crypto';
import { deriveVerificationCodeB } from '../../device/mynacard/verificationCodeB.ts';
import { loadCardIssuerKeys } from '../ca/CardIssuerKeys.ts';
import { loadJpkiTestCa, type JpkiTestCa } from '../ca/JpkiTestCa.ts';
import { simReaderAuthorityKey } from '../ca/SimReaderAuthority.ts';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import { createCardFaceApplication } from './applications/cardFaceApplication.ts';
import type { CardContext } from './applications/CardContext.ts';
import { createCardManager } from './applications/cardManager.ts';
import { createJpkiApplication } from './applications/jpkiApplication.ts';
import { createCommonApplication, createJukiApplication } from './applications/jukiAndCommonApplications.ts';
import { createTextInputApplication } from './applications/textInputApplication.ts';
import { CARD_GENERATIONS } from './cardGeneration.ts';
import { deriveMyNumber } from './deriveMyNumber.ts';
import { createSimPhone } from './createSimPhone.ts';
import { issueCardCertificates } from './issueCardCertificates.ts';
import { SimCard } from './SimCard.ts';

/** The ATR of the default generation (`newer`): what pcsc-tools calls a My Number Card. */
export const SIM_CARD_ATR = CARD_GENERATIONS.newer.contactAtr;

export interface SimCardOptions {
  /** The day the card is placed: relative certificate validity is computed from it. */
  now?: Date;
  ca?: JpkiTestCa;
  /**
   * The reader authority the card trusts for PIN-less signing (ours: device/mynacard/readerAuthentication.ts);
   * default the simulator's own. null: a card that does not know reader authentication.
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
  /** The card's 個人番号 (= 照合番号A): test data, for tests that prove who may read it. */
  myNumber: string;
}

/**
 * Build the virtual マイナンバーカード of a profile: the card manager, the five applications in DF-name
 * order (共通, 住基, 券面, 入力補助, JPKI), their files and keys, and freshly issued certificates.
 */
export async function createSimCard(profile: CardProfile, photo: Uint8Array, options: SimCardOptions = {}): Promise<CreatedSimCard> {
  // A phone profile is a スマホ用電子証明書: only the JPKI AP, and no card face.
  if (profile.kind === 'androidPhone' || profile.kind === 'iPhone') return createSimPhone(profile, options);
  const ca = options.ca ?? (await loadJpkiTestCa());
  const certificates = await issueCardCertificates(profile, ca, options.now ?? new Date());
  const generation = CARD_GENERATIONS[profile.card.generation];
  const ctx: CardContext = {
    profile,
    photo,
    keys: loadCardIssuerKeys(),
    certificates,
    authCaCertificate: new Uint8Array(ca.auth.certificate.rawData),
    signCaCertificate: new Uint8Array(ca.sign.certificate.rawData),
    myNumber: deriveMyNumber(profile.card.serial),
    verificationCodeB: deriveVerificationCodeB(profile.holder.birthDate, profile.card.expiry, profile.card.securityCode),
  };
  const applications = [createCommonApplication(ctx), createJukiApplication(ctx), createCardFaceApplication(ctx), createTextInputApplication(ctx), createJpkiApplication(ctx)];
  const card = new SimCard(generation.contactAtr, applications, {
    readerAuthority: options.readerAuthority === undefined ? simReaderAuthorityKey() : options.readerAuthority,
    securityStatusOnSelect: profile.card.securityStatusOnSelect,
    manager: createCardManager(ctx, generation),
  });
  return {
    card,
    authCertificate: certificates.auth,
    signCertificate: certificates.sign,
    authCaCertificate: ctx.authCaCertificate,
    signCaCertificate: ctx.signCaCertificate,
    verificationCodeB: ctx.verificationCodeB,
    myNumber: ctx.myNumber,
  };
}
