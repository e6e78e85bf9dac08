import { describe, expect, it } from 'vitest';
import { findPanelDevice } from './findPanelDevice.ts';
import { parsePanelMapping } from './PanelMapping.ts';

const mapping = parsePanelMapping({
  devices: [{ name: 'pedals', vendorId: '0x0c45', productId: '0x7403', usagePage: 1, usage: 6, buttons: [{ button: 'visualOk', keycode: '0x68' }] }],
});
const pedalsKeyboard = { vendorId: 0x0c45, productId: 0x7403, path: '/dev/hidraw1', usagePage: 1, usage: 6 };
const pedalsConfig = { vendorId: 0x0c45, productId: 0x7403, path: '/dev/hidraw2', usagePage: 0xff00, usage: 1 };
const ourPanel = { vendorId: 0x1234, productId: 0x5678, path: '/dev/hidraw3', usagePage: 0xff00, usage: 0x4d4b, product: 'panel' };

describe('choosing the staff panel among HID devices', () => {
  it('prefers a device speaking our report format over a mapped one', () => {
    expect(findPanelDevice([pedalsKeyboard, ourPanel], mapping)).toMatchObject({ path: '/dev/hidraw3', decoder: { name: 'myna-kiosk staff panel' } });
  });

  it('takes the mapped collection of a device that lists several', () => {
    expect(findPanelDevice([pedalsConfig, pedalsKeyboard], mapping)).toMatchObject({ path: '/dev/hidraw1', decoder: { name: 'pedals' } });
  });

  it('finds nothing among unrelated devices, or outside the configured path', () => {
    expect(findPanelDevice([pedalsConfig, { vendorId: 1, productId: 2, path: '/dev/hidraw9' }], mapping)).toBeUndefined();
    expect(findPanelDevice([ourPanel], mapping, '/dev/hidraw1')).toBeUndefined();
  });
});
