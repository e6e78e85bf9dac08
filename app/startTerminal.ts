import type { KioskRuntime } from '../kiosk/runtime/createKioskRuntime.ts';
import { QualificationTerminal, type QualificationTerminalOptions } from '../terminal/QualificationTerminal.ts';

/** The 資格確認端末, started: crash leftovers finished, `req` watched. */
export async function startTerminal(options: QualificationTerminalOptions): Promise<QualificationTerminal> {
  const terminal = new QualificationTerminal(options);
  await terminal.start();
  return terminal;
}

/** Every check-in the kiosk settles becomes a face file for the clinic software. A push that fails is logged; the visit stands. */
export function pushCheckInsTo(terminal: QualificationTerminal, runtime: KioskRuntime, log: (line: string) => void = () => undefined): () => void {
  return runtime.onCheckIn((checkIn) => {
    try {
      log(`pushed ${terminal.push(checkIn)}`);
    } catch (error) {
      log(`face push of visit ${checkIn.visitId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
