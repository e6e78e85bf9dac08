import { sign } from 'node:crypto';
import { AID, EF } from '../../../device/mynacard/cardFiles.ts';
import { japaneseEraYear } from '../../../device/mynacard/verificationCodeB.ts';
import { encodeTlv } from '../../../device/mynacard/tlv.ts';
import { buildCardFace, opaque } from '../buildCardFiles.ts';
import { encodeCardPublicKey, encodeCvCertificate, encodeKeyId } from '../CardVerifiableCertificate.ts';
import { renderPlaceholderImage } from '../renderPlaceholderImage.ts';
import type { SimApplication, SimFile } from '../SimFile.ts';
import { behind, binary, free, locked, pin, UNKNOWN_EF, VERIFICATION_CODE_TRIES, type CardContext } from './CardContext.ts';

const ascii = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

const BIRTH_DATE_KEY = 0x0011;
const CODE_B = EF.cardFace.verificationCodeB;
const CODE_A = EF.cardFace.verificationCodeA;

/** The birth-date key of 券面AP 0011: 和暦 YYMMDD (MC). */
export function birthDateKey(birthDate: string): string {
  return `${String(japaneseEraYear(birthDate) % 100).padStart(2, '0')}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}`;
}

/**
 * 券面事項確認AP (card-protocol.md §1.4, MC's layouts): the age record (birth-date key), the card face
 * with the photo (照合番号A or B), the basic info and CV certificate (free), the rendered 個人番号 and
 * 0006 (A only); the birth-date key 0011 (3 tries: ours), B 0012, A 0013 (10 each), the card's own key
 * 001A, and 001C/001E blocked (JSA lists them; ours).
 */
export function createCardFaceApplication(ctx: CardContext): SimApplication {
  const { keys, profile } = ctx;
  const signWithIssuer = (data: Uint8Array) => new Uint8Array(sign('sha256', data, keys.cardFaceIssuer));
  const cardKey = encodeCardPublicKey(keys.cardFaceCard);

  const ageItems = concat(encodeTlv(0xdf11, ascii(profile.holder.birthDate.replaceAll('-', ''))), encodeTlv(0xdf12, cardKey));
  const ageRecord = encodeTlv(0xff10, concat(ageItems, encodeTlv(0xdf13, signWithIssuer(ageItems))));
  const basicInfo = encodeTlv(
    0xff30,
    concat(
      encodeTlv(0xdf31, Uint8Array.of(0x06, 0x03, 0x0e, 0x01)),
      encodeTlv(0xdf32, encodeKeyId('6900024')),
      encodeTlv(0xdf33, Uint8Array.of(0x01)),
      encodeTlv(0xdf34, ascii(profile.card.municipalityCode)),
      encodeTlv(0xdf35, concat(encodeKeyId('6900025'), opaque(`${profile.card.serial}:encrypted 照合番号`, 256))),
    ),
  );
  const renderedItems = concat(encodeTlv(0xdf41, renderPlaceholderImage(72, 12)), encodeTlv(0xdf42, cardKey));
  const renderedMyNumber = encodeTlv(0xff40, concat(renderedItems, encodeTlv(0xdf43, signWithIssuer(renderedItems))));

  const files = new Map<number, SimFile>([
    [0x0001, binary(ageRecord, behind(BIRTH_DATE_KEY))],
    [EF.cardFace.cardFace, binary(buildCardFace(profile, ctx.photo, keys.cardFaceCard, keys.cardFaceIssuer), behind(CODE_A, CODE_B))],
    [EF.cardFace.basicInfo, free(basicInfo)],
    [0x0004, free(encodeCvCertificate(encodeKeyId('6900023'), encodeKeyId('6900024'), keys.cardFaceIssuer, keys.cvAuthority))],
    [0x0005, binary(renderedMyNumber, behind(CODE_A))],
    [0x0006, binary(UNKNOWN_EF, behind(CODE_A))],
    [BIRTH_DATE_KEY, pin(birthDateKey(profile.holder.birthDate), 3, 3)],
    [CODE_B, pin(ctx.verificationCodeB, VERIFICATION_CODE_TRIES, VERIFICATION_CODE_TRIES)],
    [CODE_A, pin(ctx.myNumber, VERIFICATION_CODE_TRIES, VERIFICATION_CODE_TRIES)],
    [0x001a, { kind: 'key', key: keys.cardFaceCard, use: { kind: 'apSignature' } }],
    [0x001c, locked],
    [0x001e, locked],
  ]);
  return { name: 'cardFace', aid: AID.cardFace, files, sessionKey: { kind: 'refuse', sw: 0x66f1 }, signingKeyEf: 0x001a };
}
