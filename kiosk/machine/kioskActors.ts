import { fromPromise } from 'xstate';
import type { EligibilityOutcome, LookupOutcome } from '../protocol/EligibilityOutcome.ts';
import type { CardFaceFields, CardFaceItems, InsuranceNumberSearch } from '../protocol/UiEvent.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';
import type { FaceOutcome, PinOutcome, ReadCardOutput } from './ActorOutputs.ts';
import type { QueryEligibilityInput } from './KioskContext.ts';
import { KioskFault } from './KioskFault.ts';
import { createSmartphoneMachine } from './smartphone/createSmartphoneMachine.ts';

function notProvided<Output, Input = void>(name: string) {
  return fromPromise<Output, Input>(async () => {
    throw new KioskFault('TERMINAL_FAULT', `The runtime did not provide the ${name} actor.`);
  });
}

/**
 * The I/O the machine needs, as a contract: each actor's input and output. The runtime (or a test)
 * provides real implementations with machine.provide; a failure rejects with a KioskFault.
 */
export const kioskActors = {
  readCard: notProvided<ReadCardOutput>('readCard'),
  /** The card photo (and the 4 items) through 照合番号B: from the scanner, or from the fields staff typed. */
  readCardFace: notProvided<void, { entered: CardFaceFields | null }>('readCardFace'),
  matchFace: notProvided<FaceOutcome>('matchFace'),
  /** Waits for the keypad, sends the PIN to the card and answers with what the card said. The PIN never enters the machine. */
  verifyPin: notProvided<PinOutcome>('verifyPin'),
  queryEligibility: notProvided<EligibilityOutcome, QueryEligibilityInput>('queryEligibility'),
  queryByNumber: notProvided<EligibilityOutcome, { search: InsuranceNumberSearch }>('queryByNumber'),
  outageLookup: notProvided<LookupOutcome, { items: CardFaceItems }>('outageLookup'),
  persistVisit: notProvided<void, { visit: VisitDraft }>('persistVisit'),
  /** The smartphone branch (kiosk/machine/smartphone): the runtime provides it with its phone actors (createPhoneActors). */
  smartphoneCheckIn: createSmartphoneMachine(),
};

export type KioskActors = typeof kioskActors;
