import { messageOf } from '../../foundation/CodedError.ts';
import type { OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';
import { SimulatorError, type ApduTraceEntry, type SimCommand, type SimulatorControl, type SimulatorState } from '../../kiosk/protocol/SimulatorControl.ts';
import { listCardProfiles } from '../cardProfile/loadCardProfile.ts';
import type { SimKioskDevices } from '../kiosk/SimKioskDevices.ts';

/** The eligibility service's operator channel, as far as the simulator pulls it (OperatorClient has it). */
export interface ServiceLevers {
  setFaults(faults: Partial<OperatorFaults>): Promise<OperatorFaults>;
}

function scopeText(fault: ReturnType<SimKioskDevices['reader']['faults']['active']>[number]): string {
  const scope = fault.spec.scope;
  if (scope.kind === 'count') return `${fault.remaining} more operation(s)`;
  if (scope.kind === 'duration') return `until ${new Date(fault.until).toLocaleTimeString()}`;
  if (scope.kind === 'next') return 'next operation';
  return 'until cleared';
}

/**
 * The simulator's levers for the control panel, the `sim control` CLI and tests: cards on and off
 * the reader, what the camera sees next, the staff panel's buttons and cable, reader faults, and the
 * eligibility service's faults through its operator channel.
 */
export class SimKioskControl implements SimulatorControl {
  // The operator channel has no getter; the panel shows what was last set through it.
  private serviceFaults: SimulatorState['serviceFaults'] = { down: false, failWith: null, delayMs: 0 };

  constructor(
    private readonly devices: SimKioskDevices,
    private readonly service?: ServiceLevers,
  ) {}

  profiles(): string[] {
    return listCardProfiles();
  }

  state(): SimulatorState {
    const { devices } = this;
    const holder = devices.placed?.loaded.profile.holder;
    return {
      placed: devices.placed?.loaded.name ?? null,
      placedCardFace: holder ? { name: holder.name, birthDate: holder.birthDate, sex: holder.sex, address: holder.address } : null,
      readerAttached: devices.reader.attached,
      panelAttached: devices.panel.attached,
      readerFaults: devices.reader.faults.active().map((f) => ({ id: f.id, kind: f.spec.kind, scope: scopeText(f) })),
      serviceFaults: this.serviceFaults,
    };
  }

  onTrace(listener: (entry: ApduTraceEntry) => void): () => void {
    return this.devices.reader.onTrace(listener);
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
    const { devices } = this;
    switch (command.type) {
      case 'card.place':
        await devices.placeCard(command.profile, [], { smudged: command.smudged });
        return;
      case 'card.remove':
        devices.removeCard();
        return;
      case 'camera.next':
        devices.camera.queueAttempts({ outcome: command.outcome });
        return;
      case 'camera.recovered':
        devices.camera.clearFaults('cameraFault');
        return;
      case 'panel.press':
        devices.panel.pressButton(command.button);
        return;
      case 'panel.detach':
        devices.panel.detach();
        return;
      case 'panel.reattach':
        devices.panel.reattach();
        return;
      case 'reader.fault':
        devices.reader.injectFault(command.fault);
        return;
      case 'reader.reattach':
        devices.reader.faults.clear();
        devices.readers.reattach(devices.readerName);
        return;
      case 'reader.clearFaults':
        devices.reader.faults.clear();
        return;
      case 'service.faults': {
        if (!this.service) throw new SimulatorError('NO_OPERATOR', 'This simulator has no operator channel to the eligibility service.');
        const now = await this.service.setFaults(command.faults);
        this.serviceFaults = { down: now.down, failWith: now.failWith, delayMs: now.delayMs };
        return;
      }
    }
  }
}
