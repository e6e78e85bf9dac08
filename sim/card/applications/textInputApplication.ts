import { createHash, sign } from 'node:crypto';
import { AID, EF } from '../../../device/mynacard/cardFiles.ts';
import { encodeTlv, parseTlv } from '../../../device/mynacard/tlv.ts';
import { buildBasicFourInfo, buildMyNumberFile, opaque } from '../buildCardFiles.ts';
import { encodeCardPublicKey, encodeCvCertificate, encodeKeyId } from '../CardVerifiableCertificate.ts';
import type { SimApplication, SimFile } from '../SimFile.ts';
import { behind, binary, free, locked, pin, UNKNOWN_EF, VERIFICATION_CODE_TRIES, type CardContext } from './CardContext.ts';

const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

const PIN = EF.textInput.pin;
const CODE_A = EF.textInput.verificationCodeA;
const CODE_B = EF.textInput.verificationCodeB;

/**
 * 券面事項入力補助AP (card-protocol.md §1.3, MC's layouts): the 個人番号 (PIN or 照合番号A, never B), the
 * 基本4情報 (PIN or B, never A), their digests and signature, the CV certificate, the basic info, the
 * session key and the AP's signed key; PIN 0011 (3 tries), 照合番号A 0014 and B 0015 (10 each), 0012
 * blocked from issue (MC), 0010/001C/001E blocked (JSA lists them; ours).
 */
export function createTextInputApplication(ctx: CardContext): SimApplication {
  const { keys, profile } = ctx;
  const signWithIssuer = (data: Uint8Array) => new Uint8Array(sign('sha256', data, keys.textInputIssuer));

  const myNumberFile = buildMyNumberFile(ctx.myNumber);
  const basicFourInfo = buildBasicFourInfo(profile);
  // 0003: SHA-256 of 0001 (all 17 bytes) and of 0002's outer value from DF22 on (MC), signed by the issuer key of 0004.
  const outer = parseTlv(basicFourInfo, 0, '基本4情報');
  const fromDf22 = outer.value.subarray(parseTlv(outer.value, 0, '基本4情報').end);
  const digests = concat(encodeTlv(0xdf31, sha256(myNumberFile)), encodeTlv(0xdf32, sha256(fromDf22)));
  const signature = encodeTlv(0xff30, concat(digests, encodeTlv(0xdf33, signWithIssuer(digests))));
  const cvCertificate = encodeCvCertificate(encodeKeyId('6900033'), encodeKeyId('6900034'), keys.textInputIssuer, keys.cvAuthority);
  const basicInfo = encodeTlv(0xff40, concat(encodeTlv(0xdf41, Uint8Array.of(0x01, 0x03, 0x0e, 0x01)), encodeTlv(0xdf42, encodeKeyId('6900034')), encodeTlv(0xdf43, concat(opaque(`${profile.card.serial}:text basic info`, 32), new Uint8Array(96).fill(0xff)))));
  const sessionKey = encodeTlv(0xa1, encodeCardPublicKey(keys.textInputSession));
  const cardKey = encodeTlv(0xdf51, encodeCardPublicKey(keys.textInputCard));
  const signedCardKey = encodeTlv(0xff50, concat(cardKey, encodeTlv(0xdf52, signWithIssuer(cardKey))));

  const files = new Map<number, SimFile>([
    [EF.textInput.myNumber, binary(myNumberFile, behind(PIN, CODE_A))],
    [EF.textInput.basicFourInfo, binary(basicFourInfo, behind(PIN, CODE_B))],
    [EF.textInput.signature, binary(signature, behind(PIN, CODE_A, CODE_B))],
    [0x0004, free(cvCertificate)],
    [EF.textInput.basicInfo, free(basicInfo)],
    [0x0006, binary(sessionKey, behind(PIN, CODE_A, CODE_B))],
    [0x0007, binary(signedCardKey, behind(PIN, CODE_A, CODE_B))],
    [0x0008, free(UNKNOWN_EF)],
    [PIN, pin(profile.pins.textInput, profile.pinTriesLeft.textInput, 3, 'referenceData')],
    [0x0012, locked],
    [0x0013, { kind: 'key', key: keys.textInputCard, use: { kind: 'apSignature' } }],
    [CODE_A, pin(ctx.myNumber, VERIFICATION_CODE_TRIES, VERIFICATION_CODE_TRIES)],
    [CODE_B, pin(ctx.verificationCodeB, VERIFICATION_CODE_TRIES, VERIFICATION_CODE_TRIES)],
    ...[0x0010, 0x001c, 0x001e].map((ef): [number, SimFile] => [ef, locked]),
  ]);
  return { name: 'textInput', aid: AID.textInput, files, sessionKey: { kind: 'textInput', key: keys.textInputSession, pinEf: PIN }, signingKeyEf: 0x0013 };
}
