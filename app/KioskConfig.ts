import { z } from 'zod';
import { loadDataFile } from '../foundation/DataFile.ts';
import { UsageError } from './cli/UsageError.ts';

/**
 * Which device stands behind each sensor of the reader, as one configuration: CLI flags, or a JSON file
 * (`--config FILE`, same fields; flags win). Every combination starts; what is missing is said at start.
 */
export const KioskConfigSchema = z
  .object({
    reader: z
      .object({
        /** sim: the in-process simulated reader; pcsc: any PC/SC reader (real, or vpcd in the real pcscd). */
        kind: z.enum(['sim', 'pcsc']).default('sim'),
        /** pcsc: the reader to use (default: the first one PC/SC lists). */
        name: z.string().min(1).optional(),
        /** pcsc: also put simulated cards into pcscd through vsmartcard vpcd (control panel, scenarios), on this vpcd port. */
        vpcdPort: z.number().int().min(1).max(65535).optional(),
      })
      .strict()
      .default({ kind: 'sim' }),
    /**
     * The smartphone reader (汎用カードリーダー) for the スマホ用電子証明書, beside the face reader. sim: a simulated
     * one (default with a simulated reader); pcsc: a PC/SC reader by name (a real NFC reader, or a vpcd slot);
     * none: the facility takes no phones (default with a PC/SC card reader).
     */
    phoneReader: z
      .object({
        kind: z.enum(['sim', 'pcsc', 'none']),
        /** pcsc: the reader's name as PC/SC lists it, e.g. "Virtual PCD 00 01" or "SONY FeliCa Port/PaSoRi 4.0 00 00". Required. */
        name: z.string().min(1).optional(),
        /** pcsc: also hold simulated phones over it through vsmartcard vpcd, on this port (35964 for vpcd's slot 1). */
        vpcdPort: z.number().int().min(1).max(65535).optional(),
      })
      .strict()
      .refine((r) => r.kind !== 'pcsc' || r.name !== undefined, 'a PC/SC phone reader needs its name (pick readers by name, never by index)')
      .optional(),
    /**
     * The reader attached to the マイナ資格確認アプリ's device (the staff smartphone at the counter; docs/staff-app.md).
     * sim: a simulated one (default with a simulated reader; cards placed from the control panel); pcsc: a PC/SC
     * reader by name (an NFC reader, or a vpcd slot); none: no staff app (default with a PC/SC card reader).
     */
    staffAppReader: z
      .object({
        kind: z.enum(['sim', 'pcsc', 'none']),
        /** pcsc: the reader's name as PC/SC lists it. Required. */
        name: z.string().min(1).optional(),
      })
      .strict()
      .refine((r) => r.kind !== 'pcsc' || r.name !== undefined, 'a PC/SC staff-app reader needs its name (pick readers by name, never by index)')
      .optional(),
    camera: z
      .object({
        /**
         * sim; browser: the kiosk screen's camera (getUserMedia in the patient page); v4l2: a camera device
         * through ffmpeg; folder: the newest PNG a camera program writes into a folder; none: no face matching.
         */
        kind: z.enum(['sim', 'browser', 'v4l2', 'folder', 'none']),
        /** v4l2: the device (default /dev/video0). */
        device: z.string().optional(),
        /** folder: the folder the camera program writes PNG stills into. */
        folder: z.string().optional(),
        /** The face model's decision line in [0, 1] (docs/hardware.md: what it trades). */
        threshold: z.number().min(0).max(1).default(0.5),
      })
      .strict()
      .optional(),
    cardFace: z
      .object({
        /** sim; ocr: a camera photographs the card front and tesseract reads the three fields; staff: staff type them on the staff view. */
        kind: z.enum(['sim', 'ocr', 'staff']),
        /** ocr: where the picture comes from: the screen's camera (the patient holds the card up), a folder a document camera writes into, or a V4L2 device. */
        source: z.enum(['browser', 'folder', 'v4l2']).default('browser'),
        folder: z.string().optional(),
        device: z.string().optional(),
        /** ocr: the tesseract program (default `tesseract` on PATH). */
        tesseract: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    panel: z
      .object({
        /** sim; hid: a USB HID button box (node-hid); screen: the staff view's buttons. */
        kind: z.enum(['sim', 'hid', 'screen']),
        /** hid: a site's own device mapping (default device/hid/panel-mapping.json). */
        mapping: z.string().optional(),
        /** hid: use only this hidraw node. */
        path: z.string().optional(),
      })
      .strict()
      .optional(),
    readerKey: z
      .object({
        /** The reader's private key, PKCS#8 PEM, mode 0600; made on first start (default DATA_DIR/reader-key.pem). */
        keyFile: z.string().min(1).optional(),
        /** The reader authority's certificate for that key (default DATA_DIR/reader-certificate.pem). */
        certificateFile: z.string().min(1).optional(),
        /** How the reader is named when registered (default: the host name). */
        name: z.string().min(1).max(100).optional(),
        /**
         * sim (default): without a certificate, the simulated reader authority certifies the key at start, so
         * simulated cards sign without the PIN after face or 目視; none: leave it uncertified (PIN only).
         */
        certify: z.enum(['sim', 'none']).default('sim'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type KioskConfigInput = z.input<typeof KioskConfigSchema>;

export interface KioskConfig {
  reader: { kind: 'sim' | 'pcsc'; name?: string; vpcdPort?: number };
  phoneReader: { kind: 'sim' | 'pcsc' | 'none'; name?: string; vpcdPort?: number };
  staffAppReader: { kind: 'sim' | 'pcsc' | 'none'; name?: string };
  camera: { kind: 'sim' | 'browser' | 'v4l2' | 'folder' | 'none'; device?: string; folder?: string; threshold: number };
  cardFace: { kind: 'sim' | 'ocr' | 'staff'; source: 'browser' | 'folder' | 'v4l2'; folder?: string; device?: string; tesseract?: string };
  panel: { kind: 'sim' | 'hid' | 'screen'; mapping?: string; path?: string };
  /** Absent: no files (an in-process kiosk uses the shipped simulated reader, or a key of its own). */
  readerKey?: { keyFile?: string; certificateFile?: string; name?: string; certify: 'sim' | 'none' };
}

/**
 * The configuration with every sensor decided: a simulated reader makes every unnamed sensor simulated;
 * a PC/SC reader leaves them to what needs nothing attached (no camera, the staff view types the card
 * face and holds the 目視 buttons), so a bare reader checks in by PIN at once.
 */
export function resolveKioskConfig(input: KioskConfigInput): KioskConfig {
  const parsed = KioskConfigSchema.safeParse(input);
  if (!parsed.success) throw new UsageError('BAD_OPTION', `The kiosk configuration is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  const sim = c.reader.kind === 'sim';
  return {
    reader: c.reader,
    phoneReader: c.phoneReader ?? { kind: sim ? 'sim' : 'none' },
    staffAppReader: c.staffAppReader ?? { kind: sim ? 'sim' : 'none' },
    camera: c.camera ?? { kind: sim ? 'sim' : 'none', threshold: 0.5 },
    cardFace: c.cardFace ?? { kind: sim ? 'sim' : 'staff', source: 'browser' },
    panel: c.panel ?? { kind: sim ? 'sim' : 'screen' },
    ...(c.readerKey ? { readerKey: c.readerKey } : {}),
  };
}

export function loadKioskConfigFile(file: string): KioskConfigInput {
  return loadDataFile(file, KioskConfigSchema, { what: 'kiosk configuration' });
}

/** `--camera v4l2:/dev/video0` → { kind, device }; `--camera folder:/srv/face` → { kind, folder }; `--card-face ocr:folder:/srv/scans` → { kind, source, folder }. */
export function kioskConfigFromFlags(flags: { staffAppReader?: string; reader?: string; readerName?: string; vpcdPort?: number; camera?: string; faceThreshold?: number; cardFace?: string; panel?: string; panelMapping?: string }): KioskConfigInput {
  const out: Record<string, unknown> = {};
  if (flags.reader || flags.readerName || flags.vpcdPort) out.reader = { kind: flags.reader ?? 'pcsc', ...(flags.readerName ? { name: flags.readerName } : {}), ...(flags.vpcdPort ? { vpcdPort: flags.vpcdPort } : {}) };
  if (flags.camera || flags.faceThreshold !== undefined) {
    const [kind, ...rest] = (flags.camera ?? 'browser').split(':');
    const where = rest.join(':');
    out.camera = { kind, ...(where ? { [kind === 'folder' ? 'folder' : 'device']: where } : {}), ...(flags.faceThreshold !== undefined ? { threshold: flags.faceThreshold } : {}) };
  }
  if (flags.cardFace) {
    const [kind, source, ...rest] = flags.cardFace.split(':');
    const where = rest.join(':');
    out.cardFace = { kind, ...(source ? { source } : {}), ...(source === 'folder' && where ? { folder: where } : {}), ...(source === 'v4l2' && where ? { device: where } : {}) };
  }
  // `--staff-app-reader pcsc:NAME` → { kind: 'pcsc', name }; `sim`, `none` as they are.
  if (flags.staffAppReader) {
    const [kind, ...rest] = flags.staffAppReader.split(':');
    out.staffAppReader = { kind, ...(rest.length ? { name: rest.join(':') } : {}) };
  }
  if (flags.panel || flags.panelMapping) out.panel = { kind: flags.panel ?? 'hid', ...(flags.panelMapping ? { mapping: flags.panelMapping } : {}) };
  return out as KioskConfigInput;
}

/** Flags over the file, sensor by sensor. */
export function mergeKioskConfig(file: KioskConfigInput | undefined, flags: KioskConfigInput): KioskConfigInput {
  return { ...(file ?? {}), ...flags };
}
