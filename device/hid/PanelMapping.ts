import { loadDataFile, parseDataFile, type DataFileOptions } from '../../foundation/DataFile.ts';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PanelError } from '../panel/PanelError.ts';
import { PANEL_BUTTONS, PANEL_INDICATORS, type PanelButton, type PanelIndicator } from '../panel/StaffPanel.ts';
import type { PanelDecoder } from './PanelDecoder.ts';

/** The mapping shipped with the project; a site passes its own file with `--panel-mapping`. */
export const DEFAULT_PANEL_MAPPING_FILE = fileURLToPath(new URL('./panel-mapping.json', import.meta.url));

/** Ids and codes are written in hex as lsusb and the HID usage tables print them ("0x0c45"), or as numbers. */
function hexOrNumber(max: number) {
  return z.union([
    z.number().int().min(0).max(max),
    z
      .string()
      .regex(/^0x[0-9a-fA-F]+$/, 'a number or a hex string such as "0x0c45"')
      .transform((s) => Number.parseInt(s, 16))
      .pipe(z.number().max(max)),
  ]);
}
const Uint16Schema = hexOrNumber(0xffff);
const ByteSchema = hexOrNumber(0xff);

const ButtonRuleSchema = z.union([
  /** Down while `report[byte] & mask` is non-zero: button boxes and game-pad style bitmaps. */
  z.object({ button: z.enum(PANEL_BUTTONS), byte: z.number().int().min(0), mask: ByteSchema.refine((m) => m > 0, 'mask must not be 0') }).strict(),
  /**
   * Down while key code `keycode` appears in report[bytes[0]..bytes[1]]: devices that act as a
   * keyboard (most foot switches). [2, 7] are the six key slots of a boot keyboard report.
   */
  z
    .object({
      button: z.enum(PANEL_BUTTONS),
      keycode: ByteSchema.refine((k) => k > 0, 'key code 0 means no key'),
      bytes: z.tuple([z.number().int().min(0), z.number().int().min(0)]).default([2, 7]),
    })
    .strict(),
]);

const IndicatorBytesSchema = z.array(ByteSchema).min(1);

export const MappedDeviceSchema = z
  .object({
    name: z.string().min(1),
    vendorId: Uint16Schema,
    productId: Uint16Schema,
    /** Which HID collection, for devices that list several (a keyboard interface and a configuration one). */
    usagePage: Uint16Schema.optional(),
    usage: Uint16Schema.optional(),
    /** Only reports whose first byte is this (devices with numbered reports). */
    reportId: ByteSchema.optional(),
    buttons: z.array(ButtonRuleSchema).min(1),
    /** Output reports written as they are (first byte: the report ID, 0 when the device numbers none). */
    indicator: z.object(Object.fromEntries(PANEL_INDICATORS.map((s) => [s, IndicatorBytesSchema])) as Record<PanelIndicator, typeof IndicatorBytesSchema>).strict().optional(),
    /** Why the entry looks as it does: how the device must be programmed, where the ids come from. */
    note: z.string().optional(),
  })
  .strict();
export type MappedDevice = z.infer<typeof MappedDeviceSchema>;

export const PanelMappingSchema = z.object({ devices: z.array(MappedDeviceSchema) }).strict();
export type PanelMapping = z.infer<typeof PanelMappingSchema>;

const loading: DataFileOptions = { what: 'panel mapping', error: (_kind, message, cause) => new PanelError('MAPPING_INVALID', message, { cause }) };

export function parsePanelMapping(json: unknown, source = 'panel mapping'): PanelMapping {
  return parseDataFile(JSON.stringify(json), PanelMappingSchema, { ...loading, source });
}

export function loadPanelMapping(file = DEFAULT_PANEL_MAPPING_FILE): PanelMapping {
  return loadDataFile(file, PanelMappingSchema, loading);
}

export function matchesMappedDevice(entry: MappedDevice, device: { vendorId: number; productId: number; usagePage?: number | undefined; usage?: number | undefined }): boolean {
  return (
    device.vendorId === entry.vendorId &&
    device.productId === entry.productId &&
    (entry.usagePage === undefined || device.usagePage === entry.usagePage) &&
    (entry.usage === undefined || device.usage === entry.usage)
  );
}

export function createMappedDecoder(entry: MappedDevice): PanelDecoder {
  return {
    name: entry.name,
    hasIndicator: entry.indicator !== undefined,
    buttonsDown(report) {
      if (entry.reportId !== undefined && report[0] !== entry.reportId) return undefined;
      const down = new Set<PanelButton>();
      for (const rule of entry.buttons) {
        const pressed = 'mask' in rule ? ((report[rule.byte] ?? 0) & rule.mask) !== 0 : report.subarray(rule.bytes[0], rule.bytes[1] + 1).includes(rule.keycode);
        if (pressed) down.add(rule.button);
      }
      return down;
    },
    indicatorReport: (state) => (entry.indicator ? Uint8Array.from(entry.indicator[state]) : undefined),
  };
}
