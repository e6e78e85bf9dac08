import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { parseBasicFourInfo, type BasicFourInfo } from './BasicFourInfo.ts';
import { parseCardFace, type CardFace } from './CardFace.ts';
import { EF, type PinReference } from './cardFiles.ts';
import type { PinStatus } from './PinStatus.ts';
import { readTlvFile } from './readBinary.ts';
import { selectFile } from './selectFile.ts';
import { verifyPin } from './verifyPin.ts';

/** Either the 4-digit 券面事項入力補助用暗証番号 or the 14-digit 照合番号B opens the 基本4情報. */
export type TextInputCredential = { pin: string } | { verificationCodeB: string };

/** A credential the card refused: the caller shows tries left or the blocked referral. */
function refused(status: PinStatus, what: string): CardError {
  if (status.kind === 'blocked') return new CardError('PIN_BLOCKED', `${what}: the card has blocked this PIN (6984).`, { sw: 0x6984 });
  const left = status.kind === 'wrong' ? `; ${status.triesLeft} tries left` : '';
  return new CardError('SECURITY_STATUS_NOT_SATISFIED', `${what}: the card refused the credential${left}.`);
}

async function unlock(channel: CardChannel, ref: PinReference, value: string, what: string): Promise<void> {
  const status = await verifyPin(channel, ref, value);
  if (status.kind !== 'verified') throw refused(status, what);
}

/** 基本4情報 (氏名, 住所, 生年月日, 性別) from the 券面事項入力補助AP. */
export async function readBasicFourInfo(channel: CardChannel, credential: TextInputCredential): Promise<BasicFourInfo> {
  const what = '基本4情報';
  if ('pin' in credential) await unlock(channel, 'textInput', credential.pin, what);
  else await unlock(channel, 'textInputCodeB', credential.verificationCodeB, what);
  await selectFile(channel, EF.textInput.basicFourInfo);
  return parseBasicFourInfo(await readTlvFile(channel, what));
}

/** The card face with the 顔写真, from the 券面事項確認AP through 照合番号B. */
export async function readCardFace(channel: CardChannel, verificationCodeB: string): Promise<CardFace> {
  const what = '券面事項';
  await unlock(channel, 'cardFaceCodeB', verificationCodeB, what);
  await selectFile(channel, EF.cardFace.cardFace);
  return parseCardFace(await readTlvFile(channel, what));
}
