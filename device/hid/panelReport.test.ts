import { describe, expect, it } from 'vitest';
import { PANEL_BUTTONS, PANEL_INDICATORS } from '../panel/StaffPanel.ts';
import {
  encodeButtonReport,
  encodeIndicatorReport,
  isOurPanel,
  PANEL_REPORT_DESCRIPTOR,
  parseButtonReport,
  parseIndicatorReport,
} from './panelReport.ts';

describe('our staff panel report format', () => {
  it('sends a button report as report ID 1 followed by the bitmap, 目視 OK in bit 0', () => {
    expect([...encodeButtonReport(['visualOk'])]).toEqual([0x01, 0x01]);
    expect([...encodeButtonReport(['visualNg', 'cancel'])]).toEqual([0x01, 0x0a]);
    expect([...encodeButtonReport([])]).toEqual([0x01, 0x00]);
  });

  it('reads back every combination of buttons it encodes', () => {
    for (let mask = 0; mask < 1 << PANEL_BUTTONS.length; mask++) {
      const buttons = PANEL_BUTTONS.filter((_, i) => mask & (1 << i));
      expect([...parseButtonReport(encodeButtonReport(buttons))!].sort()).toEqual([...buttons].sort());
    }
  });

  it('ignores the reserved bits 4 to 7, so a newer panel with more buttons still works', () => {
    expect([...parseButtonReport(Uint8Array.of(0x01, 0xf4))!]).toEqual(['staffCallAcknowledged']);
  });

  it('does not read a report with another ID, or a truncated one, as buttons', () => {
    expect(parseButtonReport(Uint8Array.of(0x02, 0x01))).toBeUndefined();
    expect(parseButtonReport(Uint8Array.of(0x01))).toBeUndefined();
  });

  it('writes the indicator as report ID 2 followed by the state code 1 to 4', () => {
    expect(PANEL_INDICATORS.map((s) => [...encodeIndicatorReport(s)])).toEqual([
      [0x02, 0x01],
      [0x02, 0x02],
      [0x02, 0x03],
      [0x02, 0x04],
    ]);
  });

  it('lets a panel decode each indicator state, and 0 as off', () => {
    for (const state of PANEL_INDICATORS) expect(parseIndicatorReport(encodeIndicatorReport(state))).toBe(state);
    expect(parseIndicatorReport(Uint8Array.of(0x02, 0x00))).toBe('off');
    expect(parseIndicatorReport(Uint8Array.of(0x02, 0x09))).toBeUndefined();
    expect(parseIndicatorReport(Uint8Array.of(0x01, 0x01))).toBeUndefined();
  });

  it('declares the vendor usage page 0xFF00 with usage 0x4D4B in a balanced descriptor', () => {
    const d = [...PANEL_REPORT_DESCRIPTOR];
    expect(d).toHaveLength(40); // docs/panel-and-camera.md gives the bytes; keep both in step
    expect(d.slice(0, 6)).toEqual([0x06, 0x00, 0xff, 0x0a, 0x4b, 0x4d]);
    expect(d.filter((b) => b === 0xa1)).toHaveLength(1);
    expect(d.at(-1)).toBe(0xc0);
    expect(isOurPanel({ usagePage: 0xff00, usage: 0x4d4b })).toBe(true);
    expect(isOurPanel({ usagePage: 0xff00, usage: 0x0001 })).toBe(false);
  });
});
