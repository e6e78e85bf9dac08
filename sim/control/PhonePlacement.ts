import { createSimCard, type CreatedSimCard } from '../card/createSimCard.ts';
import type { SimCard } from '../card/SimCard.ts';
import { isPhoneProfile } from '../cardProfile/CardProfile.ts';
import { loadCardProfile, ProfileError, type LoadedCardProfile } from '../cardProfile/loadCardProfile.ts';

/** Where a held phone appears: the in-process reader, or a vpcd slot of the real pcscd. */
export interface PhoneSlot {
  insert(card: SimCard): Promise<void> | void;
  remove(): Promise<void> | void;
}

/**
 * A simulated phone held over the kiosk's smartphone reader (汎用カードリーダー) and taken away, whatever that
 * reader is. Its levers: Face ID on an iPhone (`authenticateOnDevice`), and NFC switched off, which leaves
 * the phone in the patient's hand but invisible to the reader, as a real one is.
 */
export class PhonePlacement {
  private held: { loaded: LoadedCardProfile; sim: CreatedSimCard; nfc: boolean } | undefined;

  constructor(
    private readonly slot: PhoneSlot,
    private readonly now: () => Date = () => new Date(),
  ) {}

  placed(): LoadedCardProfile | null {
    return this.held?.loaded ?? null;
  }

  get nfcOn(): boolean {
    return this.held?.nfc ?? true;
  }

  /** Hold a phone profile (sim/profiles/phone-*.json) over the reader; `nfc: false`: おサイフケータイ/NFC switched off. */
  async place(profile: string, options: { nfc?: boolean } = {}): Promise<LoadedCardProfile> {
    const loaded = loadCardProfile(profile);
    if (!isPhoneProfile(loaded.profile)) throw new ProfileError('PROFILE_INVALID', `${loaded.name} is a card (${loaded.profile.kind}), not a phone: place it on the card reader.`);
    const sim = await createSimCard(loaded.profile, loaded.photo, { now: this.now() });
    await this.remove();
    const nfc = options.nfc ?? true;
    this.held = { loaded, sim, nfc };
    if (nfc) await this.slot.insert(sim.card);
    return loaded;
  }

  /** The same phone taken away and held over the reader again (the reader reports it leaving and coming back). */
  async holdAgain(): Promise<void> {
    const held = this.held;
    if (!held?.nfc) return;
    await this.slot.remove();
    await this.slot.insert(held.sim.card);
  }

  async remove(): Promise<void> {
    this.held = undefined;
    await this.slot.remove();
  }

  /** The iPhone's holder passed Face ID / Touch ID: its key signs once. False when no iPhone is held. */
  authenticateOnDevice(): boolean {
    if (this.held?.loaded.profile.kind !== 'iPhone') return false;
    this.held.sim.card.authenticateOnDevice();
    return true;
  }
}
