import { describe, expect, it } from 'vitest';
import { deviceConfigFromFlags } from './cli/kioskDeviceOptions.ts';
import { createKioskDevices } from './createKioskDevices.ts';
import { resolveKioskConfig } from './KioskConfig.ts';

describe('the マイナ資格確認アプリ’s reader in the device configuration', () => {
  it('is simulated beside a simulated reader, absent beside a PC/SC one; --staff-app-reader pcsc:NAME names a PC/SC reader, which needs its name', () => {
    expect(resolveKioskConfig({}).staffAppReader).toEqual({ kind: 'sim' });
    expect(resolveKioskConfig({ reader: { kind: 'pcsc' } }).staffAppReader).toEqual({ kind: 'none' });
    expect(resolveKioskConfig(deviceConfigFromFlags({ staffAppReader: 'pcsc:SONY FeliCa Port/PaSoRi 4.0 00 00' })).staffAppReader).toEqual({ kind: 'pcsc', name: 'SONY FeliCa Port/PaSoRi 4.0 00 00' });
    expect(resolveKioskConfig(deviceConfigFromFlags({ reader: 'pcsc', staffAppReader: 'sim' })).staffAppReader).toEqual({ kind: 'sim' });
    expect(() => resolveKioskConfig(deviceConfigFromFlags({ staffAppReader: 'pcsc' }))).toThrow(/staffAppReader: a PC\/SC staff-app reader needs its name/);
    expect(() => resolveKioskConfig(deviceConfigFromFlags({ staffAppReader: 'bluetooth' }))).toThrow(/staffAppReader\.kind/);
  });

  it('a simulated kiosk has the app’s reader as a reader of its own: a card placed there is not on the face reader', async () => {
    const chosen = await createKioskDevices({});
    try {
      const { devices, parts } = chosen;
      expect(chosen.report.find((r) => r.sensor === 'staffAppReader')).toMatchObject({ ready: true, device: 'simulated (Sim Staff App Reader 0)' });
      await parts.staffAppCards!.place('yamada-taro');
      const appReader = devices.staffAppReader!.readers.readers().find((r) => r.name === devices.staffAppReader!.name)!;
      const cardReader = devices.readers.readers().find((r) => r.name === devices.readerName)!;
      expect([appReader.cardPresent, cardReader.cardPresent]).toEqual([true, false]);
      expect(parts.staffAppCards!.placed()).toBe('yamada-taro');
      parts.staffAppCards!.remove();
      expect(appReader.cardPresent).toBe(false);
    } finally {
      await chosen.devices.close();
    }
  });

  it('with --staff-app-reader none there is no app reader and the report says how to get one', async () => {
    const chosen = await createKioskDevices({ staffAppReader: { kind: 'none' } });
    try {
      expect(chosen.devices.staffAppReader).toBeUndefined();
      expect(chosen.report.find((r) => r.sensor === 'staffAppReader')?.note).toContain('--staff-app-reader');
    } finally {
      await chosen.devices.close();
    }
  });
});
