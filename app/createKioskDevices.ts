import type { KioskDevices } from '../device/kiosk/KioskDevices.ts';
import { SimKioskControl, type ServiceLevers } from '../sim/control/SimKioskControl.ts';
import { SimKioskDevices } from '../sim/kiosk/SimKioskDevices.ts';
import type { SimulatorControl } from '../kiosk/protocol/SimulatorControl.ts';

export interface DeviceChoice {
  reader: 'sim' | 'pcsc';
  /** With `pcsc`: the reader to use (default: the first one PC/SC lists). */
  readerName?: string;
}

export interface ChosenDevices {
  devices: KioskDevices;
  /** The simulated devices, when every device is simulated. */
  simulated: SimKioskDevices | undefined;
}

/** Real PC/SC card slot; the camera, scanner and staff panel stay simulated until their real adapters are configured. */
async function pcscDevices(readerName: string | undefined): Promise<KioskDevices> {
  const { PcscReaderList } = await import('../device/pcsc/PcscReaderList.ts');
  const sim = new SimKioskDevices();
  const readers = new PcscReaderList();
  const name = readerName ?? (await new Promise<string>((resolve) => setTimeout(() => resolve(readers.readers()[0]?.name ?? 'Virtual PCD 00 00'), 1500)));
  return { readers, readerName: name, scanner: sim.scanner, camera: sim.camera, panel: sim.panel, close: async () => (await readers.close(), await sim.close()) };
}

/** The devices of the kiosk by configuration. */
export async function createKioskDevices(choice: DeviceChoice): Promise<ChosenDevices> {
  if (choice.reader === 'sim') {
    const simulated = new SimKioskDevices();
    return { devices: simulated, simulated };
  }
  return { devices: await pcscDevices(choice.readerName), simulated: undefined };
}

/** The control panel's levers over simulated devices (and the service's operator channel, when given). */
export function createSimulatorControl(devices: SimKioskDevices, service?: ServiceLevers): SimulatorControl {
  return new SimKioskControl(devices, service);
}
