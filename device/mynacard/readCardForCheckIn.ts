import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { TOKEN_LABEL } from './cardFiles.ts';
import type { PinStatus } from './PinStatus.ts';
import { readCertificate, type CardCertificate } from './readCertificate.ts';
import { readTokenLabel } from './readTokenLabel.ts';
import { queryPinTries } from './verifyPin.ts';

/** What the kiosk reads from the card before it asks for face or PIN. */
export interface CheckInCardRead {
  tokenLabel: string;
  authCertificate: CardCertificate;
  authCaCertificate: CardCertificate;
  /** Tries left on the 利用者証明用 PIN, or `notSet` on a 顔認証マイナンバーカード. */
  authPin: PinStatus;
}

/** Token label, 利用者証明用 certificate and CA certificate, and the auth PIN's tries left, of a マイナンバーカード (a phone is WRONG_CREDENTIAL). */
export async function readCardForCheckIn(channel: CardChannel): Promise<CheckInCardRead> {
  const tokenLabel = await readTokenLabel(channel);
  // A phone (スマホ用電子証明書) is read with readPhoneForCheckIn: an Android phone gives its certificate only after its PIN.
  if (tokenLabel === TOKEN_LABEL.androidPhone || tokenLabel === TOKEN_LABEL.iPhone) {
    throw new CardError('WRONG_CREDENTIAL', 'A smartphone is on the card reader: choose スマートフォン and hold it over the smartphone reader (readPhoneForCheckIn).');
  }
  if (tokenLabel !== TOKEN_LABEL.card) {
    throw new CardError('NOT_A_MYNA_CARD', `The JPKI token is ${JSON.stringify(tokenLabel)}, not a マイナンバーカード or スマホ用電子証明書.`);
  }
  const authCertificate = await readCertificate(channel, 'auth');
  const authCaCertificate = await readCertificate(channel, 'authCa');
  const authPin = await queryPinTries(channel, 'auth');
  return { tokenLabel, authCertificate, authCaCertificate, authPin };
}
