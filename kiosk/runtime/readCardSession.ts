import type { CardChannel } from '../../device/card/CardChannel.ts';
import { isCardError, type CardErrorCode } from '../../device/card/CardError.ts';
import type { CardReader } from '../../device/card/CardReader.ts';
import type { CardFaceScanner } from '../../device/cardFace/CardFaceScanner.ts';
import type { ReaderIdentity } from '../../device/kiosk/ReaderIdentity.ts';
import { authenticateReader, readCardForCheckIn, type PinStatus } from '../../device/mynacard/index.ts';
import { KioskFault } from '../machine/KioskFault.ts';
import type { CardSession } from './CardSession.ts';
import { readPhotoThroughCardFace, scanCardFace } from './readPhotoThroughCardFace.ts';

/** The card's answers that mean "not for this reader": PIN only, never a card failure. */
const NOT_VOUCHED: readonly CardErrorCode[] = ['READER_NOT_ACCEPTED', 'READER_AUTH_UNSUPPORTED'];
/** How long a card-face scan may take (an OCR of a camera frame takes 0.3–1.5 s here; our choice). */
export const CARD_FACE_SCAN_MS = 8_000;

/** What a card read needs of the device it is read on: its identity (to be vouched for) and a card-face scanner, if any. */
export interface CardReadingDevice {
  readerIdentity: ReaderIdentity;
  scanner?: CardFaceScanner;
}

export interface CardRead {
  session: CardSession;
  authPin: PinStatus;
  /** The card accepted this device's authentication: it signs without the PIN after face or 目視. */
  signsWithoutPin: boolean;
}

/**
 * One read of the card on `reader` for a check-in: certificate and PIN status, whether the card vouches for
 * this device, and the photo too when a scanner sees the card face by itself (never fatal if it cannot).
 * The face reader's visits and the マイナ資格確認アプリ both read through here. The channel is closed on failure.
 */
export async function readCardSession(reader: CardReader, device: CardReadingDevice): Promise<CardRead> {
  const channel = await reader.connect();
  try {
    const read = await readCardForCheckIn(channel);
    const signsWithoutPin = await cardAcceptsReader(channel, device.readerIdentity);
    const session: CardSession = {
      channel,
      cardKind: read.authPin.kind === 'notSet' ? 'faceAuth' : 'standard',
      certificate: read.authCertificate,
      photo: null,
      cardFace: null,
      cardFaceIssue: null,
      faceMatch: null,
    };
    if (device.scanner && !device.scanner.needsPatient) await readPhotoIfPossible(session, device.scanner);
    return { session, authPin: read.authPin, signsWithoutPin };
  } catch (error) {
    await channel.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Whether the card accepts this reader's authentication (and so will sign without the PIN after face or
 * 目視). A card that refuses or does not know it is no card failure: the device offers the PIN only.
 */
async function cardAcceptsReader(channel: CardChannel, identity: ReaderIdentity): Promise<boolean> {
  const credential = identity.cardCredential;
  if (!credential) return false;
  try {
    await authenticateReader(channel, credential);
    return true;
  } catch (error) {
    if (isCardError(error) && NOT_VOUCHED.includes(error.code)) return false;
    throw error;
  }
}

/** A card face the scanner could not read is no card failure: face and 目視 ask for the fields later. */
async function readPhotoIfPossible(session: CardSession, scanner: CardFaceScanner): Promise<void> {
  try {
    const fields = await scanCardFace(scanner, { deadlineMs: CARD_FACE_SCAN_MS });
    const read = await readPhotoThroughCardFace(session.channel, fields);
    session.photo = read.photo;
    session.cardFace = read.items;
  } catch (error) {
    if (!(error instanceof KioskFault && error.code === 'CARD_FACE_UNREADABLE')) throw error;
    session.cardFaceIssue = error.cardFace ?? null;
  }
}
