import { KioskFault } from '../machine/KioskFault.ts';
import type { CardFaceItems } from '../protocol/UiEvent.ts';
import type { CardSession } from './CardSession.ts';

/**
 * The card of the visit in progress, held between the actors that use it (read, face, PIN, query).
 * Empty between visits; releasing it closes the card channel.
 */
export class CardSessionSlot {
  private session: CardSession | undefined;

  hold(session: CardSession): void {
    this.session = session;
  }

  /** The card on the reader; CARD_REMOVED when there is none (it was taken off, or the visit ended). */
  current(): CardSession {
    if (!this.session) throw new KioskFault('CARD_REMOVED', 'No card session: the card was removed.');
    return this.session;
  }

  /** The card photo for 目視確認, if a card was read. */
  get photo(): Uint8Array | undefined {
    return this.session?.photo ?? undefined;
  }

  /** The 4 items read off the card face with the photo, if they were. */
  get cardFace(): CardFaceItems | null {
    return this.session?.cardFace ?? null;
  }

  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.channel.close().catch(() => undefined);
  }
}
