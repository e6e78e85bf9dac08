import 'reflect-metadata';
import type { KioskDevices } from '../../device/kiosk/KioskDevices.ts';
import type { ReaderIdentity } from '../../device/kiosk/ReaderIdentity.ts';
import { parseReaderKey, readerIdentityOf } from '../../device/readerKey/readerIdentity.ts';
import { loadSimReaderKey } from '../ca/SimReaderAuthority.ts';
import { createSimCard, type CreatedSimCard } from '../card/createSimCard.ts';
import { SimFaceCamera, type SimFaceCameraOptions } from '../camera/SimFaceCamera.ts';
import type { FaultSpecInput } from '../../kiosk/protocol/ReaderFaultSpec.ts';
import { SimStaffPanel } from '../panel/SimStaffPanel.ts';
import { loadCardProfile, type LoadedCardProfile } from '../cardProfile/loadCardProfile.ts';
import { SimReaderList } from '../reader/SimReaderList.ts';
import type { SimReader, SimReaderOptions } from '../reader/SimReader.ts';
import { SimCardFaceScanner, type SimCardFaceScannerOptions } from '../cardFace/SimCardFaceScanner.ts';
import { PhonePlacement } from '../control/PhonePlacement.ts';

export const SIM_READER_NAME = 'Sim Reader 0';
/** The simulated smartphone reader (汎用カードリーダー) beside the face reader. */
export const SIM_PHONE_READER_NAME = 'Sim Phone Reader 0';
/** The simulated reader attached to the マイナ資格確認アプリ's device (staff smartphone at the counter). */
export const SIM_STAFF_APP_READER_NAME = 'Sim Staff App Reader 0';

/** The shipped simulated reader's identity (its key and the simulated authority's certificate). */
export function simReaderIdentity(): ReaderIdentity {
  const shipped = loadSimReaderKey();
  return readerIdentityOf(parseReaderKey(shipped.privateKeyPem), shipped.certificateDer, shipped.name);
}

/**
 * A whole simulated 顔認証付きカードリーダー: card slot, card-face scanner, camera and staff panel,
 * plus the levers a test or the control panel pulls (place a profile, remove it, faults).
 */
export class SimKioskDevices implements KioskDevices {
  readonly readers: SimReaderList;
  readonly readerName = SIM_READER_NAME;
  readonly phoneReader: { readers: SimReaderList; name: string };
  /** The phone held over the smartphone reader (levers: place, remove, Face ID, NFC off). */
  readonly phones: PhonePlacement;
  /** The reader of the マイナ資格確認アプリ's device, and the card placed on it (levers: placeStaffAppCard, removeStaffAppCard). */
  readonly staffAppReader: { readers: SimReaderList; name: string };
  staffAppPlaced: LoadedCardProfile | undefined;
  readonly scanner: SimCardFaceScanner;
  readonly camera: SimFaceCamera;
  readonly panel = new SimStaffPanel();
  /** The shipped simulated reader (sim/ca/sim-reader.json), certified by the simulated reader authority, unless one is given. */
  readonly readerIdentity: ReaderIdentity;
  /** The card lying on the reader now. */
  placed: { loaded: LoadedCardProfile; sim: CreatedSimCard } | undefined;

  constructor(options: { reader?: SimReaderOptions; camera?: SimFaceCameraOptions; scanner?: SimCardFaceScannerOptions; now?: () => Date; identity?: ReaderIdentity } = {}) {
    this.readerIdentity = options.identity ?? simReaderIdentity();
    this.scanner = new SimCardFaceScanner(options.scanner);
    this.readers = new SimReaderList([SIM_READER_NAME, SIM_PHONE_READER_NAME, SIM_STAFF_APP_READER_NAME], options.reader);
    this.staffAppReader = { readers: this.readers, name: SIM_STAFF_APP_READER_NAME };
    this.phoneReader = { readers: this.readers, name: SIM_PHONE_READER_NAME };
    const phoneSlot = this.readers.get(SIM_PHONE_READER_NAME);
    this.phones = new PhonePlacement({ insert: (card) => phoneSlot.insertCard(card), remove: () => phoneSlot.removeCard() }, () => this.now());
    this.camera = new SimFaceCamera(options.camera);
    this.now = options.now ?? (() => new Date());
  }

  private readonly now: () => Date;

  get reader(): SimReader {
    return this.readers.get(SIM_READER_NAME);
  }

  /**
   * Lay a card profile on the reader: the chip goes into the slot, the face under the scanner.
   * `readerAuthentication: false`: a card that does not know the simulated reader authority (as a real card
   * does not): it signs only after the PIN.
   */
  async placeCard(profile: string, faults: FaultSpecInput[] = [], options: { smudged?: boolean; readerAuthentication?: boolean } = {}): Promise<CreatedSimCard> {
    const loaded = loadCardProfile(profile);
    const sim = await createSimCard(loaded.profile, loaded.photo, { now: this.now(), ...(options.readerAuthentication === false ? { readerAuthority: null } : {}) });
    this.layCard({ loaded, sim }, faults, options);
    return sim;
  }

  /**
   * Lay a card made before (placeCard's `{ loaded, sim }`) on the reader again: the card is reset as on any
   * insertion. Making a card (keys, its certificates signed by the simulated CA) costs milliseconds; a
   * benchmark makes it once, outside what it times.
   */
  layCard(made: { loaded: LoadedCardProfile; sim: CreatedSimCard }, faults: FaultSpecInput[] = [], options: { smudged?: boolean } = {}): void {
    const { loaded, sim } = made;
    this.placed = made;
    this.scanner.show({ birthDate: loaded.profile.holder.birthDate, cardExpiry: loaded.profile.card.expiry, securityCode: loaded.profile.card.securityCode }, options);
    this.reader.insertCard(sim.card, [...loaded.profile.faults, ...faults]);
  }

  removeCard(): void {
    this.placed = undefined;
    this.scanner.show(undefined);
    this.reader.removeCard();
    this.reader.faults.clear();
  }

  /** Lay a card profile on the staff app's reader (its face is the staff's to read: no scanner there). */
  async placeStaffAppCard(profile: string): Promise<CreatedSimCard> {
    const loaded = loadCardProfile(profile);
    const sim = await createSimCard(loaded.profile, loaded.photo, { now: this.now() });
    this.staffAppPlaced = loaded;
    this.readers.get(SIM_STAFF_APP_READER_NAME).insertCard(sim.card, loaded.profile.faults);
    return sim;
  }

  removeStaffAppCard(): void {
    this.staffAppPlaced = undefined;
    this.readers.get(SIM_STAFF_APP_READER_NAME).removeCard();
  }

  async close(): Promise<void> {
    await this.readers.close();
    await this.panel.close();
  }
}
