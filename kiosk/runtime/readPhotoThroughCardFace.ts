import type { CardChannel } from '../../device/card/CardChannel.ts';
import { isCardError } from '../../device/card/CardError.ts';
import { ScanError, type CardFaceScan, type CardFaceScanner } from '../../device/cardFace/CardFaceScanner.ts';
import { deriveVerificationCodeB, readBasicFourInfo, readCardFace } from '../../device/mynacard/index.ts';
import { KioskFault } from '../machine/KioskFault.ts';
import type { CardFaceItems } from '../protocol/UiEvent.ts';
import type { CardFaceIssue } from '../protocol/VisitDraft.ts';

export interface CardFaceRead {
  photo: Uint8Array;
  items: CardFaceItems;
}

function unreadable(issue: CardFaceIssue, cause?: unknown): KioskFault {
  return new KioskFault('CARD_FACE_UNREADABLE', issue.message, { cause, cardFace: issue });
}

/** Why a scan gave no fields, as the staff view says it (never a removed card: the chip is still there). */
export function cardFaceIssueReason(error: ScanError): CardFaceIssue['reason'] {
  switch (error.code) {
    case 'ENGINE_MISSING':
      return 'engineMissing';
    case 'SOURCE_UNAVAILABLE':
      return 'cameraUnavailable';
    case 'NO_CARD':
      return 'notInFrame';
    default:
      return 'unreadable';
  }
}

/** The card face's three fields from a scanner, or a CARD_FACE_UNREADABLE that says which field and why. */
export async function scanCardFace(scanner: CardFaceScanner | undefined, request: { deadlineMs: number; signal?: AbortSignal }): Promise<CardFaceScan> {
  if (!scanner) throw unreadable({ reason: 'noSource', field: null, message: 'No card-face scanner is configured: type 生年月日, 有効期限 and セキュリティコード from the card.' });
  try {
    return await scanner.scan(request);
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    throw unreadable({ reason: cardFaceIssueReason(error), field: error.field ?? null, message: error.message }, error);
  }
}

/**
 * 照合番号B from the card face, then the 顔写真 (券面事項確認AP) and the 基本4情報 (券面事項入力補助AP).
 * A code the card refuses (the scan or the typing got a digit wrong) is CARD_FACE_UNREADABLE with the
 * tries left, never retried here: each refusal costs one of the card's 10 tries.
 */
export async function readPhotoThroughCardFace(channel: CardChannel, fields: CardFaceScan): Promise<CardFaceRead> {
  let codeB: string;
  try {
    codeB = deriveVerificationCodeB(fields.birthDate, fields.cardExpiry, fields.securityCode);
  } catch (cause) {
    throw unreadable({ reason: 'unreadable', field: null, message: `The card-face fields do not make a 照合番号B: ${(cause as Error).message}.` }, cause);
  }
  try {
    const face = await readCardFace(channel, codeB);
    const items = await readBasicFourInfo(channel, { verificationCodeB: codeB });
    return { photo: face.photo, items: { name: items.name, birthDate: items.birthDate, sex: items.sex, address: items.address } };
  } catch (error) {
    if (isCardError(error, 'SECURITY_STATUS_NOT_SATISFIED') || isCardError(error, 'PIN_BLOCKED')) {
      throw unreadable({ reason: 'codeRefused', field: null, message: `The card refused the 照合番号B built from the card face (${error.message}): check 生年月日, 有効期限 and セキュリティコード.` }, error);
    }
    throw error;
  }
}
