import { PANEL_BUTTONS, PANEL_INDICATORS, type PanelButton, type PanelIndicator } from '../panel/StaffPanel.ts';
import type { PanelDecoder } from './PanelDecoder.ts';

/*
 * Our own staff panel report format (a project choice: the 顔認証付きカードリーダー makers do not
 * publish theirs). Byte by byte in docs/panel-and-camera.md. Vendor usage page, so that the kernel's
 * input layer leaves the device alone and no key presses leak into the kiosk's screen.
 */

/** Vendor-defined usage page 0xFF00 with our usage 0x4D4B ("MK", myna-kiosk): how the adapter recognises a panel. */
export const PANEL_USAGE_PAGE = 0xff00;
export const PANEL_USAGE = 0x4d4b;
export const BUTTON_REPORT_ID = 0x01;
export const INDICATOR_REPORT_ID = 0x02;

/** Bit of each button in the button report's bitmap byte; bits 4–7 are reserved and ignored. */
export const BUTTON_BITS: Readonly<Record<PanelButton, number>> = {
  visualOk: 0x01,
  visualNg: 0x02,
  staffCallAcknowledged: 0x04,
  cancel: 0x08,
};

/** The indicator report's state byte. 0 (off) is what a panel shows before the kiosk has spoken. */
export const INDICATOR_CODES: Readonly<Record<PanelIndicator, number>> = {
  standby: 0x01,
  busy: 0x02,
  staffNeeded: 0x03,
  outage: 0x04,
};
export const INDICATOR_OFF = 0x00;

// prettier-ignore
export const PANEL_REPORT_DESCRIPTOR: Uint8Array = Uint8Array.of(
  0x06, 0x00, 0xff, // Usage Page (Vendor Defined 0xFF00)
  0x0a, 0x4b, 0x4d, // Usage (0x4D4B)
  0xa1, 0x01,       // Collection (Application)
  0x85, 0x01,       //   Report ID (1): buttons, device -> host
  0x19, 0x01,       //   Usage Minimum (1)
  0x29, 0x08,       //   Usage Maximum (8)
  0x15, 0x00,       //   Logical Minimum (0)
  0x25, 0x01,       //   Logical Maximum (1)
  0x75, 0x01,       //   Report Size (1 bit)
  0x95, 0x08,       //   Report Count (8)
  0x81, 0x02,       //   Input (Data, Variable, Absolute)
  0x85, 0x02,       //   Report ID (2): indicator, host -> device
  0x09, 0x10,       //   Usage (0x10)
  0x15, 0x00,       //   Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x75, 0x08,       //   Report Size (8 bits)
  0x95, 0x01,       //   Report Count (1)
  0x91, 0x02,       //   Output (Data, Variable, Absolute)
  0xc0,             // End Collection
);

/** The buttons a button report says are down; undefined when `report` is not a button report. */
export function parseButtonReport(report: Uint8Array): Set<PanelButton> | undefined {
  if (report.length < 2 || report[0] !== BUTTON_REPORT_ID) return undefined;
  const bitmap = report[1]!;
  return new Set(PANEL_BUTTONS.filter((button) => (bitmap & BUTTON_BITS[button]) !== 0));
}

/** The device side: the input report a panel sends while `buttons` are down. */
export function encodeButtonReport(buttons: Iterable<PanelButton>): Uint8Array {
  let bitmap = 0;
  for (const button of buttons) bitmap |= BUTTON_BITS[button];
  return Uint8Array.of(BUTTON_REPORT_ID, bitmap);
}

/** The host side: the output report that shows `state`, as written through hidraw (report ID first). */
export function encodeIndicatorReport(state: PanelIndicator): Uint8Array {
  return Uint8Array.of(INDICATOR_REPORT_ID, INDICATOR_CODES[state]);
}

/**
 * The device side: what an indicator report asks to show. 'off' for 0; undefined for another report
 * or an unknown code (a newer host: a panel keeps its current state then).
 */
export function parseIndicatorReport(report: Uint8Array): PanelIndicator | 'off' | undefined {
  if (report.length < 2 || report[0] !== INDICATOR_REPORT_ID) return undefined;
  if (report[1] === INDICATOR_OFF) return 'off';
  return PANEL_INDICATORS.find((state) => INDICATOR_CODES[state] === report[1]);
}

export function isOurPanel(device: { usagePage?: number | undefined; usage?: number | undefined }): boolean {
  return device.usagePage === PANEL_USAGE_PAGE && device.usage === PANEL_USAGE;
}

export const ourPanelDecoder: PanelDecoder = {
  name: 'myna-kiosk staff panel',
  hasIndicator: true,
  buttonsDown: parseButtonReport,
  indicatorReport: encodeIndicatorReport,
};
