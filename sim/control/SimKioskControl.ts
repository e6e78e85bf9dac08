import type { PhonePlacement } from './PhonePlacement.ts';
import { messageOf } from '../../foundation/CodedError.ts';
import type { OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { SimulatorError, type ApduTraceEntry, type Described, type SimCommand, type SimulatorControl, type SimulatorState } from '../../kiosk/protocol/SimulatorControl.ts';
import type { SimFaceCamera } from '../camera/SimFaceCamera.ts';
import { listFaceScenarios, loadFaceScenario } from '../camera/FaceScenario.ts';
import { listCardProfiles, loadCardProfile } from '../cardProfile/loadCardProfile.ts';
import type { ActiveFault } from '../fault/FaultInjector.ts';
import type { ScopedFault } from '../fault/ScopedFaults.ts';
import { listScenarios } from '../kioskScenario/KioskScenario.ts';
import type { SimStaffPanel } from '../panel/SimStaffPanel.ts';
import type { SimReader } from '../reader/SimReader.ts';
import type { CardPlacement } from './CardPlacement.ts';

/** The eligibility service's operator channel, as far as the simulator pulls it (OperatorClient has it). */
export interface ServiceLevers {
  setFaults(faults: Partial<OperatorFaults>): Promise<OperatorFaults>;
}

/**
 * The parts of the kiosk that are simulated: any of them, with real devices for the rest (a PC/SC
 * reader with virtual cards through vpcd and a simulated camera, say). A lever of a part that is real
 * is refused with NOT_SIMULATED, naming the part.
 */
export interface SimulatedParts {
  cards?: CardPlacement;
  /** The phone held over the smartphone reader, when it is simulated. */
  phones?: PhonePlacement;
  /** Cards on the reader of the マイナ資格確認アプリ's device, when it is simulated. */
  staffAppCards?: StaffAppCardPlacement;
  /** The in-process reader, for its APDU trace (cards placed through vpcd are traced by pcscd, not here). */
  traceReader?: SimReader;
  camera?: SimFaceCamera;
  panel?: SimStaffPanel;
  service?: ServiceLevers;
}

/** A card laid on the staff app's reader and taken off (SimKioskDevices.placeStaffAppCard). */
export interface StaffAppCardPlacement {
  place(profile: string): Promise<unknown>;
  remove(): void;
  placed(): string | null;
}

function scopeText(fault: ActiveFault | ScopedFault<{ scope: ActiveFault['spec']['scope'] }>): string {
  const scope = fault.spec.scope;
  if (scope.kind === 'count') return `${fault.remaining} more operation(s)`;
  if (scope.kind === 'duration') return `until ${new Date(fault.until).toLocaleTimeString()}`;
  if (scope.kind === 'next') return 'next operation';
  return 'until cleared';
}

function need<T>(part: T | undefined, what: string): T {
  if (part === undefined) throw new SimulatorError('NOT_SIMULATED', `The ${what} is a real device here: there is no simulator lever for it.`);
  return part;
}

/**
 * The simulator's levers for the control panel, the `sim control` CLI and tests: cards on and off
 * the reader, what the camera sees next, the staff panel's buttons and cable, reader faults, and the
 * eligibility service's faults through its operator channel.
 */
export class SimKioskControl implements SimulatorControl {
  // The operator channel has no getter; the panel shows what was last set through it.
  private serviceFaults: SimulatorState['serviceFaults'] = { down: false, failWith: null, delayMs: 0 };
  /** Camera outcomes queued for one visit are dropped when it ends, unless pinned. */
  private queuePinned = false;
  private readonly logs = new EventHub<{ line: (text: string) => void }>();

  constructor(private readonly parts: SimulatedParts) {
    parts.camera?.onAttempt((a) => this.logs.emit('line', `camera attempt: ${a.outcome} (from the ${a.source === 'queue' ? 'queue' : a.source === 'scenario' ? `scenario ${parts.camera?.playing ?? ''}` : a.source === 'fault' ? 'injected fault' : 'camera model'})`));
  }

  profiles(): string[] {
    return this.parts.cards ? listCardProfiles() : [];
  }

  catalogue(): { profiles: Described[]; scenarios: Described[]; cameraScenarios: Described[] } {
    const describe = (name: string, load: (name: string) => { description: string }): Described => {
      try {
        return { name, description: load(name).description };
      } catch (error) {
        return { name, description: `(unreadable: ${messageOf(error)})` };
      }
    };
    return {
      profiles: this.profiles().map((name) => describe(name, (n) => loadCardProfile(n).profile)),
      scenarios: listScenarios().map((s) => ({ name: s.name, description: s.description })),
      cameraScenarios: this.parts.camera ? listFaceScenarios().map((name) => describe(name, (n) => loadFaceScenario(n).scenario)) : [],
    };
  }

  onLog(listener: (text: string) => void): () => void {
    return this.logs.on('line', listener);
  }

  visitEnded(): void {
    const camera = this.parts.camera;
    if (!camera || this.queuePinned || camera.queued().length === 0) return;
    this.logs.emit('line', `camera queue dropped at the end of the visit: ${camera.queued().map((a) => a.outcome).join(', ')} (pin the queue to keep it)`);
    camera.clearQueue();
  }

  state(): SimulatorState {
    const { cards, panel, camera } = this.parts;
    const holder = cards?.placed()?.profile.holder;
    const faultsOf = (list: Array<{ id: number; spec: { kind: string; scope: ActiveFault['spec']['scope'] } }>) => list.map((f) => ({ id: f.id, kind: f.spec.kind, scope: scopeText(f as ActiveFault) }));
    return {
      placed: cards?.placed()?.name ?? null,
      placedCardFace: holder ? { name: holder.name, birthDate: holder.birthDate, sex: holder.sex, address: holder.address } : null,
      readerAttached: cards?.readerAttached ?? true,
      ...(this.parts.staffAppCards ? { staffAppPlaced: this.parts.staffAppCards.placed() } : {}),
      panelAttached: panel?.attached ?? true,
      readerFaults: faultsOf(cards?.activeFaults() ?? []),
      serviceFaults: this.serviceFaults,
      ...(camera ? { camera: { queue: camera.queued().map((a) => a.outcome), pinned: this.queuePinned, scenario: camera.playing, faults: faultsOf(camera.faults.active()) } } : {}),
      ...(panel ? { panel: { indicator: panel.shown ?? null, faults: faultsOf(panel.faults.active()) } } : {}),
    };
  }

  onTrace(listener: (entry: ApduTraceEntry) => void): () => void {
    return this.parts.traceReader?.onTrace(listener) ?? (() => undefined);
  }

  async execute(command: SimCommand): Promise<void> {
    try {
      await this.pull(command);
    } catch (error) {
      if (error instanceof SimulatorError) throw error;
      throw new SimulatorError('COMMAND_FAILED', `${command.type}: ${messageOf(error)}`, { cause: error });
    }
  }

  private async pull(command: SimCommand): Promise<void> {
    const { parts } = this;
    switch (command.type) {
      case 'card.place':
        await need(parts.cards, 'card reader').place(command.profile, command.faults ?? [], { smudged: command.smudged });
        return;
      case 'card.remove':
        await need(parts.cards, 'card reader').remove();
        return;
      case 'staffAppCard.place':
        await need(parts.staffAppCards, 'staff app’s reader').place(command.profile);
        return;
      case 'staffAppCard.remove':
        need(parts.staffAppCards, 'staff app’s reader').remove();
        return;
      case 'camera.next':
        need(parts.camera, 'face camera').queueAttempts({ outcome: command.outcome });
        return;
      case 'camera.clearQueue':
        need(parts.camera, 'face camera').clearQueue();
        return;
      case 'camera.pinQueue':
        need(parts.camera, 'face camera');
        this.queuePinned = command.pinned;
        return;
      case 'camera.scenario': {
        const camera = need(parts.camera, 'face camera');
        if (command.name === null) camera.useScenario(undefined);
        else camera.useScenario(loadFaceScenario(command.name).scenario, command.name);
        return;
      }
      case 'camera.fault':
        need(parts.camera, 'face camera').injectFault(command.fault);
        return;
      case 'camera.recovered':
        // Every camera fault ends (a slow capture too); the camera reports itself recovered.
        need(parts.camera, 'face camera').clearFaults();
        return;
      case 'panel.press':
        need(parts.panel, 'staff panel').pressButton(command.button);
        return;
      case 'panel.detach':
        need(parts.panel, 'staff panel').detach();
        return;
      case 'panel.reattach':
        need(parts.panel, 'staff panel').reattach();
        return;
      case 'panel.fault':
        need(parts.panel, 'staff panel').injectFault(command.fault);
        return;
      case 'panel.clearFaults':
        need(parts.panel, 'staff panel').clearFaults();
        return;
      case 'reader.fault':
        need(parts.cards, 'card reader').injectFault(command.fault);
        return;
      case 'reader.reattach':
        if (!need(parts.cards, 'card reader').reattachReader()) throw new SimulatorError('NOT_SIMULATED', 'The reader is pcscd’s: restart pcscd to bring it back.');
        return;
      case 'reader.clearFaults':
        need(parts.cards, 'card reader').clearFaults();
        return;
      case 'service.faults': {
        if (!parts.service) throw new SimulatorError('NO_OPERATOR', 'This simulator has no operator channel to the eligibility service.');
        const now = await parts.service.setFaults(command.faults);
        this.serviceFaults = { down: now.down, failWith: now.failWith, delayMs: now.delayMs };
        return;
      }
      case 'timers.fastForward':
      case 'scenario.play':
        // The kiosk's own levers: the composition root adds them around this control (app/withKioskLevers.ts).
        throw new SimulatorError('NOT_SIMULATED', `${command.type} needs the kiosk runtime; this simulator control has only the devices.`);
    }
  }
}
