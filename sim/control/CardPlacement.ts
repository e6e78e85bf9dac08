import type { ActiveFault } from '../fault/FaultInjector.ts';
import type { FaultSpecInput } from '../../kiosk/protocol/ReaderFaultSpec.ts';
import type { SimCardFaceScanner } from '../cardFace/SimCardFaceScanner.ts';
import { createSimCard } from '../card/createSimCard.ts';
import { loadCardProfile, type LoadedCardProfile } from '../cardProfile/loadCardProfile.ts';
import type { SimKioskDevices } from '../kiosk/SimKioskDevices.ts';
import type { VpcdBridge } from '../vpcd/VpcdBridge.ts';

/**
 * Virtual cards laid on the kiosk's reader and taken off again, whatever the reader is: the in-process
 * simulated reader, or the real pcscd through vsmartcard's vpcd (a kiosk on its PC/SC path, driven
 * from the control panel or a scenario). The card face goes under a simulated scanner when there is one.
 */
export interface CardPlacement {
  readonly kind: 'simReader' | 'vpcd';
  placed(): LoadedCardProfile | null;
  place(profile: string, faults?: FaultSpecInput[], options?: { smudged?: boolean }): Promise<LoadedCardProfile>;
  remove(): Promise<void>;
  injectFault(fault: FaultSpecInput): ActiveFault;
  clearFaults(): void;
  activeFaults(): ActiveFault[];
  /** Whether the reader is there (the simulated reader can be unplugged; pcscd's is reported by pcscd). */
  readonly readerAttached: boolean;
  /** Plug the simulated reader back in; not possible through vpcd (restart pcscd instead). */
  reattachReader(): boolean;
}

export class SimReaderPlacement implements CardPlacement {
  readonly kind = 'simReader';
  constructor(private readonly devices: SimKioskDevices) {}

  placed(): LoadedCardProfile | null {
    return this.devices.placed?.loaded ?? null;
  }

  async place(profile: string, faults: FaultSpecInput[] = [], options: { smudged?: boolean } = {}): Promise<LoadedCardProfile> {
    await this.devices.placeCard(profile, faults, options);
    return this.devices.placed!.loaded;
  }

  async remove(): Promise<void> {
    this.devices.removeCard();
  }

  injectFault(fault: FaultSpecInput): ActiveFault {
    return this.devices.reader.injectFault(fault);
  }

  clearFaults(): void {
    this.devices.reader.faults.clear();
  }

  activeFaults(): ActiveFault[] {
    return this.devices.reader.faults.active();
  }

  get readerAttached(): boolean {
    return this.devices.reader.attached;
  }

  reattachReader(): boolean {
    this.devices.reader.faults.clear();
    this.devices.readers.reattach(this.devices.readerName);
    return true;
  }
}

export class VpcdPlacement implements CardPlacement {
  readonly kind = 'vpcd';
  private current: LoadedCardProfile | null = null;

  constructor(
    private readonly bridge: VpcdBridge,
    private readonly scanner: SimCardFaceScanner | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  placed(): LoadedCardProfile | null {
    return this.current;
  }

  async place(profile: string, faults: FaultSpecInput[] = [], options: { smudged?: boolean } = {}): Promise<LoadedCardProfile> {
    const loaded = loadCardProfile(profile);
    const sim = await createSimCard(loaded.profile, loaded.photo, { now: this.now() });
    await this.bridge.insert(sim.card, [...loaded.profile.faults, ...faults]);
    this.current = loaded;
    this.scanner?.show({ birthDate: loaded.profile.holder.birthDate, cardExpiry: loaded.profile.card.expiry, securityCode: loaded.profile.card.securityCode }, options);
    return loaded;
  }

  async remove(): Promise<void> {
    this.current = null;
    this.scanner?.show(undefined);
    await this.bridge.remove();
  }

  injectFault(fault: FaultSpecInput): ActiveFault {
    return this.bridge.faults.inject(fault);
  }

  clearFaults(): void {
    this.bridge.faults.clear();
  }

  activeFaults(): ActiveFault[] {
    return this.bridge.faults.active();
  }

  get readerAttached(): boolean {
    return true;
  }

  reattachReader(): boolean {
    return false;
  }
}
