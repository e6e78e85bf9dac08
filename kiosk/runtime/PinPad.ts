import { CodedError } from '../../foundation/CodedError.ts';

export class PinEntryError extends CodedError<'PIN_ENTRY_ABORTED' | 'PIN_ENTRY_SUPERSEDED'> {
  override readonly name = 'PinEntryError';
}

/**
 * Hands one PIN from the keypad (the UI's channel) to the one actor waiting for it, and keeps
 * nothing: the PIN is not stored, logged or returned, only passed on to the card's VERIFY.
 */
export class PinPad {
  private waiting: { resolve: (pin: string) => void; reject: (error: Error) => void } | undefined;

  /** Wait for the patient's PIN; rejects when `signal` aborts (card removed, cancel, timeout). */
  next(signal: AbortSignal): Promise<string> {
    this.waiting?.reject(new PinEntryError('PIN_ENTRY_SUPERSEDED', 'A newer PIN entry took the keypad.'));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting = undefined;
        reject(new PinEntryError('PIN_ENTRY_ABORTED', 'The PIN entry was stopped (card removed, cancelled or timed out).'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = {
        resolve: (pin) => {
          signal.removeEventListener('abort', onAbort);
          this.waiting = undefined;
          resolve(pin);
        },
        reject,
      };
    });
  }

  get awaitingPin(): boolean {
    return this.waiting !== undefined;
  }

  /** From the keypad. False when no one is waiting (the PIN is then dropped). */
  enter(pin: string): boolean {
    if (!this.waiting) return false;
    this.waiting.resolve(pin);
    return true;
  }
}
