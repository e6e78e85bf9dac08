import { AID } from '../../../device/mynacard/cardFiles.ts';
import { SW } from '../../../device/card/Apdu.ts';
import { buildCommonRecord } from '../buildCardFiles.ts';
import { encodeKeyId } from '../CardVerifiableCertificate.ts';
import type { SimApplication, SimFile } from '../SimFile.ts';
import { locked, pin, type CardContext } from './CardContext.ts';

/** The 16-byte key reference of 住基AP 0002 and 共通AP 0002, byte-identical in both (MC); the number is ours. */
const KEY_REFERENCE = encodeKeyId('6900040');

/** Both 4-digit PINs of these APs: the holder sets them at issue; ours, the 入力補助 PIN's value (cities allow the same value). */
const jukiPin = (ctx: CardContext): SimFile => pin(ctx.profile.pins.textInput, 3, 3, 'key');

/** 住基AP (MC): a key reference, the 住基 PIN 001C (changed with JICSAP CHANGE KEY); no secure messaging (6982). */
export function createJukiApplication(ctx: CardContext): SimApplication {
  const files = new Map<number, SimFile>([
    [0x0002, { kind: 'record', records: [KEY_REFERENCE], read: 'free' }],
    [0x001c, jukiPin(ctx)],
  ]);
  return { name: 'juki', aid: AID.juki, files, sessionKey: { kind: 'refuse', sw: SW.SECURITY_STATUS_NOT_SATISFIED } };
}

/**
 * 共通カードAP (MC; myna's 「謎のAP」): record 1 of 0001 (serial, municipality, expiry), the key reference
 * 0002, the INTERNAL AUTHENTICATE key 0019 (signs with no credential), its own PIN 001C, 001E blocked (ours).
 */
export function createCommonApplication(ctx: CardContext): SimApplication {
  const files = new Map<number, SimFile>([
    [0x0001, { kind: 'record', records: [buildCommonRecord(ctx.profile)], read: 'free' }],
    [0x0002, { kind: 'record', records: [KEY_REFERENCE], read: 'free' }],
    [0x0019, { kind: 'key', key: ctx.keys.commonCard, use: { kind: 'internalAuthenticate' } }],
    [0x001c, jukiPin(ctx)],
    [0x001e, locked],
  ]);
  return { name: 'common', aid: AID.common, files, sessionKey: { kind: 'refuse', sw: 0x66f1 } };
}
