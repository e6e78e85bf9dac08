import type { CardChannel } from '../../device/card/CardChannel.ts';
import type { CardCertificate } from '../../device/mynacard/readCertificate.ts';
import type { CardFaceItems } from '../protocol/UiEvent.ts';
import type { CardFaceIssue } from '../protocol/VisitDraft.ts';

/**
 * What the runtime holds of the card on the reader for one visit, outside the statechart: the open
 * channel (its verified PIN state lives on the card), the certificate, the face photo and the 4
 * items. Dropped when the visit ends; never persisted except the certificate serial and the 4 items.
 */
export interface CardSession {
  channel: CardChannel;
  cardKind: 'standard' | 'faceAuth';
  certificate: CardCertificate;
  /** The 顔写真, once read through 照合番号B (face matching and 目視 need it; the PIN path does not). */
  photo: Uint8Array | null;
  /** The 4 items, read with the photo. */
  cardFace: CardFaceItems | null;
  /** Why the card face gave no photo when the scanner tried at placement. */
  cardFaceIssue: CardFaceIssue | null;
  /** The face model's last verdict on this card's holder (the reader attests it with the confirmation). */
  faceMatch: { score: number; threshold: number } | null;
}
