import type { CardChannel } from '../../device/card/CardChannel.ts';
import type { CreatedSimCard } from '../../sim/card/createSimCard.ts';
import type { LoadedCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import type { FaultSpecInput } from '../../kiosk/protocol/ReaderFaultSpec.ts';

/** A way to put a virtual card in front of the card client: in-process, or through real pcscd. */
export interface CardHarness {
  name: string;
  /** Place the profile's card and connect to it. */
  insert(profile: string, faults?: FaultSpecInput[]): Promise<{ channel: CardChannel; sim: CreatedSimCard; loaded: LoadedCardProfile }>;
  /** Inject a fault into the reader currently holding the card. */
  injectFault(fault: FaultSpecInput): void;
  remove(): Promise<void>;
  close(): Promise<void>;
}
