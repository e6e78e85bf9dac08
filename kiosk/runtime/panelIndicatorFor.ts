import type { SnapshotFrom } from 'xstate';
import type { PanelIndicator } from '../../device/panel/StaffPanel.ts';
import type { KioskMachine } from '../machine/createKioskMachine.ts';

/** What the staff panel's light shows for the kiosk's state: from the state's tags. */
export function panelIndicatorFor(snapshot: SnapshotFrom<KioskMachine>): PanelIndicator {
  if (snapshot.hasTag('standby')) return 'standby';
  if (snapshot.hasTag('outage')) return 'outage';
  if (snapshot.hasTag('staffNeeded')) return 'staffNeeded';
  return 'busy';
}
