import { describe, expect, it } from 'vitest';
import { isCardError } from '../device/card/CardError.ts';
import { readPhoneForCheckIn } from '../device/mynacard/index.ts';
import { createKioskDevices } from './createKioskDevices.ts';
import { resolveKioskConfig } from './KioskConfig.ts';

describe('the smartphone reader in the device configuration', () => {
  it('is simulated beside a simulated reader, absent beside a PC/SC one, and a PC/SC phone reader needs its name', () => {
    expect(resolveKioskConfig({}).phoneReader).toEqual({ kind: 'sim' });
    expect(resolveKioskConfig({ reader: { kind: 'pcsc' } }).phoneReader).toEqual({ kind: 'none' });
    expect(resolveKioskConfig({ reader: { kind: 'pcsc' }, phoneReader: { kind: 'pcsc', name: 'SONY FeliCa Port/PaSoRi 4.0 00 00' } }).phoneReader.kind).toBe('pcsc');
    expect(() => resolveKioskConfig({ phoneReader: { kind: 'pcsc' } })).toThrow(/phoneReader: a PC\/SC phone reader needs its name/);
  });

  it('a simulated kiosk has a second reader: a phone held there is read there, and the card slot stays empty', async () => {
    const chosen = await createKioskDevices({});
    try {
      const { devices, parts } = chosen;
      expect(chosen.report.find((r) => r.sensor === 'phoneReader')).toMatchObject({ ready: true });
      await parts.phones!.place('phone-android-yamada');
      const phoneReader = devices.phoneReader!.readers.readers().find((r) => r.name === devices.phoneReader!.name)!;
      const cardReader = devices.readers.readers().find((r) => r.name === devices.readerName)!;
      expect([phoneReader.cardPresent, cardReader.cardPresent]).toEqual([true, false]);
      const read = await readPhoneForCheckIn(await phoneReader.connect(), 'androidPhone', '2580');
      expect(read.certificates?.auth.certificate.serialNumber.toUpperCase()).toBe('F100000000000001');
      // NFC off: the phone is in the patient's hand, and the reader sees nothing.
      await parts.phones!.place('phone-iphone-sato', { nfc: false });
      expect(phoneReader.cardPresent).toBe(false);
      // A card is refused as a phone.
      await expect(parts.phones!.place('yamada-taro')).rejects.toThrow(/not a phone/);
      const error = await phoneReader.connect().catch((e: unknown) => e);
      expect(isCardError(error, 'NO_SMARTCARD')).toBe(true);
    } finally {
      await chosen.devices.close();
    }
  });
});
