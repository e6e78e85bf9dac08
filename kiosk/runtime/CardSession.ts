import type { CardChannel } from '../../device/card/CardChannel.ts';
import type { CardCertificate } from '../../device/mynacard/readCertificate.ts';
import type { CardFaceItems } from '../protocol/UiEvent.ts';

/**
 * What the runtime holds of the card on the reader for one visit, outside the statechart: the open
 * channel (its verified PIN state lives on the card), the certificate, the face photo and the 4
 * items. Dropped when the visit ends; never persisted except the certificate serial and the 4 items.
 */
export interface CardSession {
  channel: CardChannel;
  cardKind: 'standard' | 'faceAuth';
  certificate: CardCertificate;
  photo: Uint8Array;
  cardFace: CardFaceItems;
}
