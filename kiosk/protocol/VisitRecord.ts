import type { CardFaceItems } from './UiEvent.ts';
import type { VisitDraft } from './VisitDraft.ts';

/** One visit as the clinic keeps it: the machine's draft plus when, which card, and the re-check. Never a PIN. */
export interface VisitRecord extends VisitDraft {
  visitId: string;
  startedAt: string;
  endedAt: string | null;
  /** Serial of the 利用者証明用電子証明書, when a card was read. */
  certificateSerial: string | null;
  /** The 4 card-face items, kept for the 事後的な資格確認 (from the card or typed by staff). */
  cardFace: CardFaceItems | null;
  recheck: { status: 'pending' | 'done' | 'failed'; result: string | null; at: string | null } | null;
}
