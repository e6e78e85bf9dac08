import { fileURLToPath } from 'node:url';
import type { SimulatedClock } from 'xstate';
import type { KioskDevices } from '../device/kiosk/KioskDevices.ts';
import { KioskRuntime } from '../kiosk/runtime/createKioskRuntime.ts';
import { startKioskServer, type RunningKioskServer } from '../kiosk/runtime/startKioskServer.ts';
import type { SimulatorControl } from '../kiosk/protocol/SimulatorControl.ts';
import type { SensorStatus } from '../kiosk/protocol/KioskScreen.ts';
import type { ScreenFrameSource } from '../kiosk/runtime/ScreenFrameSource.ts';
import { newScreenToken } from './ScreenToken.ts';
import { withKioskLevers } from './withKioskLevers.ts';
import type { EligibilityClient, EligibilityClientOptions } from '../protocol/eligibility/client/EligibilityClient.ts';

/** Where `npm run build:ui` puts the screens (kiosk/ui/dist). */
export const BUILT_SCREENS_DIR = fileURLToPath(new URL('../kiosk/ui/dist/', import.meta.url));

export interface KioskOptions {
  devices: KioskDevices;
  /** The simulator's levers, when the devices are simulated; the control panel is refused without. */
  simulator?: SimulatorControl;
  /** The eligibility service: connection options, or a client the caller owns. */
  service: EligibilityClientOptions | EligibilityClient;
  /** The kiosk's own SQLite file: visits and pending re-checks. */
  dbFile: string;
  /** Serve the screens and their ws channel; false for a headless kiosk (scenarios, tests). */
  screens: { port?: number; host?: string; staticDir?: string; /** The staff and control screens' token (see screenTokenIn); a fresh one per process when absent. */ token?: string } | false;
  /** The screen's own camera, when a sensor uses it. */
  screenCamera?: ScreenFrameSource;
  /** The sensors as configured, for the staff view. */
  sensors?: SensorStatus[];
  clock?: SimulatedClock;
  deadlines?: { queryMs: number; lookupMs: number };
  /** What the clinic does: issuesElectronicPrescriptions (default false) has the reader ask 処方箋の発行形態 after consent. */
  clinic?: { issuesElectronicPrescriptions?: boolean; asksMedicalSubsidy?: boolean };
  log?: (line: string) => void;
}

export interface RunningKiosk {
  runtime: KioskRuntime;
  screens: RunningKioskServer | undefined;
  /** Stop the screens and the runtime; the devices and the service belong to the caller. */
  close(): Promise<void>;
}

/** The kiosk process, wired: the runtime on its devices and service, and (unless headless) its screens. */
export async function startKiosk(options: KioskOptions): Promise<RunningKiosk> {
  const runtime = new KioskRuntime({
    devices: options.devices,
    service: options.service,
    dbFile: options.dbFile,
    ...(options.sensors ? { sensors: options.sensors } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.deadlines ? { deadlines: options.deadlines } : {}),
    ...(options.clinic ? { clinic: options.clinic } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  await runtime.start();
  const simulator = options.simulator ? withKioskLevers(options.simulator, runtime) : undefined;
  // Levers meant for one visit (the camera's queued outcomes, unless pinned) go when it ends.
  const offVisitEnded = simulator ? runtime.onVisitEnded(() => simulator.visitEnded?.()) : () => undefined;
  let screens: RunningKioskServer | undefined;
  if (options.screens !== false) {
    const { token, ...where } = options.screens;
    screens = await startKioskServer({
      runtime,
      simulator,
      screenToken: token ?? newScreenToken(),
      ...(options.screenCamera ? { screenCamera: options.screenCamera } : {}),
      ...where,
      ...(options.log ? { log: options.log } : {}),
    });
  }
  return {
    runtime,
    screens,
    async close() {
      offVisitEnded();
      await screens?.close();
      await runtime.close();
    },
  };
}
