import type { PanelButton, PanelIndicator } from '../panel/StaffPanel.ts';

/**
 * What one kind of HID device means by its reports: our own panel format (panelReport.ts), or an
 * off-the-shelf button box described in the mapping file (PanelMapping.ts).
 */
export interface PanelDecoder {
  readonly name: string;
  readonly hasIndicator: boolean;
  /** The buttons held according to one input report (as node-hid reads it), or undefined for a report about something else. */
  buttonsDown(report: Uint8Array): ReadonlySet<PanelButton> | undefined;
  /** The output report (report ID first) that shows `state`, or undefined when the device has no indicator. */
  indicatorReport(state: PanelIndicator): Uint8Array | undefined;
}
