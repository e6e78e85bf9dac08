import type { PhoneKind } from '../../jpki/CredentialKind.ts';
import type { CardCertificate } from '../../device/mynacard/readCertificate.ts';

/**
 * What the runtime holds of a phone for one visit, outside the statechart. A phone stays in the reader's
 * field for a second or two, so everything is done during the tap: the service's challenge is fetched
 * first, the phone reads out its certificate and signs it, and the confirmation is sent later (after
 * consent) with that signature. The Android PIN is held only between the keypad and the tap(s) of this
 * visit, in memory, and dropped at the first answer of the phone or at the end of the visit.
 */
export interface PhoneSession {
  kind: PhoneKind;
  certificate: CardCertificate;
  challengeId: string;
  challenge: Uint8Array;
  signature: Uint8Array;
}

/** The phone of the visit in progress, and the PIN waiting for its tap. */
export class PhoneSessionSlot {
  private session: PhoneSession | undefined;
  private heldPin: string | undefined;

  holdPin(pin: string): void {
    this.heldPin = pin;
  }

  /** The PIN for this tap; it is forgotten once the phone has answered to it (`dropPin`). */
  get pin(): string | undefined {
    return this.heldPin;
  }

  dropPin(): void {
    this.heldPin = undefined;
  }

  hold(session: PhoneSession): void {
    this.session = session;
  }

  current(): PhoneSession | undefined {
    return this.session;
  }

  release(): void {
    this.session = undefined;
    this.heldPin = undefined;
  }
}
