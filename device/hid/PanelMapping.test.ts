import { describe, expect, it } from 'vitest';
import { isPanelError } from '../panel/PanelError.ts';
import { createMappedDecoder, loadPanelMapping, parsePanelMapping } from './PanelMapping.ts';

const footSwitch = {
  name: 'foot switch',
  vendorId: '0x0c45',
  productId: '0x7403',
  buttons: [
    { button: 'visualOk', keycode: '0x68' },
    { button: 'cancel', keycode: 0x29 },
  ],
};

describe('the panel mapping file', () => {
  it('ships a mapping that validates, with USB ids written in hex', () => {
    const mapping = loadPanelMapping();
    expect(mapping.devices[0]).toMatchObject({ vendorId: 0x0c45, productId: 0x7403, usagePage: 1, usage: 6 });
  });

  it('rejects an unknown button with MAPPING_INVALID and says where', () => {
    let error: unknown;
    try {
      parsePanelMapping({ devices: [{ ...footSwitch, buttons: [{ button: 'approve', keycode: 4 }] }] }, 'site.json');
    } catch (e) {
      error = e;
    }
    expect(isPanelError(error, 'MAPPING_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/site\.json.*devices\.0\.buttons\.0/);
  });

  it('rejects a vendor id that does not fit in 16 bits', () => {
    expect(() => parsePanelMapping({ devices: [{ ...footSwitch, vendorId: '0x10000' }] })).toThrow(/not a valid panel mapping/);
  });

  it('finds a key code in any of the six key slots of a keyboard report', () => {
    const decoder = createMappedDecoder(parsePanelMapping({ devices: [footSwitch] }).devices[0]!);
    expect([...decoder.buttonsDown(Uint8Array.of(0, 0, 0x68, 0, 0, 0, 0, 0))!]).toEqual(['visualOk']);
    expect([...decoder.buttonsDown(Uint8Array.of(0, 0, 0x04, 0, 0, 0, 0, 0x29))!]).toEqual(['cancel']);
    expect([...decoder.buttonsDown(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0))!]).toEqual([]);
    // The modifier byte is not a key slot: 0x68 there is not a pedal.
    expect([...decoder.buttonsDown(Uint8Array.of(0x68, 0, 0, 0, 0, 0, 0, 0))!]).toEqual([]);
    expect(decoder.hasIndicator).toBe(false);
    expect(decoder.indicatorReport('busy')).toBeUndefined();
  });

  it('reads bitmap buttons by byte and mask, only from reports with the given report ID', () => {
    const decoder = createMappedDecoder(
      parsePanelMapping({
        devices: [
          {
            name: 'button box',
            vendorId: 1,
            productId: 2,
            reportId: 3,
            buttons: [
              { button: 'visualOk', byte: 1, mask: 1 },
              { button: 'visualNg', byte: 1, mask: '0x80' },
            ],
            indicator: { standby: [4, 1], busy: [4, 2], staffNeeded: [4, 3], outage: [4, 4] },
          },
        ],
      }).devices[0]!,
    );
    expect([...decoder.buttonsDown(Uint8Array.of(3, 0x81))!]).toEqual(['visualOk', 'visualNg']);
    expect(decoder.buttonsDown(Uint8Array.of(5, 0x81))).toBeUndefined();
    expect([...decoder.indicatorReport('staffNeeded')!]).toEqual([4, 3]);
    expect(decoder.hasIndicator).toBe(true);
  });
});
