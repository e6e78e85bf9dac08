import { fromHex } from '../../../device/card/Apdu.ts';
import { encodeCvCertificateBody, encodeKeyId } from '../CardVerifiableCertificate.ts';
import type { CardManager, SimFile } from '../SimFile.ts';
import type { CardGeneration } from '../cardGeneration.ts';
import type { CardContext } from './CardContext.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

/** The GlobalPlatform issuer security domain's AID (MC `mf.rs`). */
export const ISD_AID = fromHex('A0000001510000');

/** GET DATA 0066, card recognition data: a plain GlobalPlatform 2.2 one (MC saw the tag, not the bytes: ours). */
const CARD_RECOGNITION_DATA = fromHex('6631732F06072A864886FC6B01600C060A2A864886FC6B02020201630906072A864886FC6B03640B06092A864886FC6B040215');

/**
 * The card manager (MF level, after reset or SELECT of the ISD): only 001E is selectable (MC), and the
 * GET DATA objects MC lists: 0042 issuer key reference, 0045 card number, 0066 card recognition data,
 * 00F0 municipality, 00F2 card expiry, 00F7 the intermediate's key id, 00F8 the card's CV certificate,
 * 7F21 the next CV certificate (newer cards only), 5F51 the contact ATR without TS.
 */
export function createCardManager(ctx: CardContext, generation: CardGeneration): CardManager {
  const { profile, keys } = ctx;
  const objects = new Map<number, Uint8Array>([
    [0x0042, encodeKeyId('6900010')],
    [0x0045, ascii(profile.card.serial)],
    [0x0066, CARD_RECOGNITION_DATA],
    [0x00f0, ascii(profile.card.municipalityCode)],
    [0x00f2, ascii(profile.card.expiry.replaceAll('-', ''))],
    [0x00f7, encodeKeyId('6900020')],
    [0x00f8, encodeCvCertificateBody(encodeKeyId('6900020'), encodeKeyId('6900021'), keys.commonCard, keys.cvAuthority)],
    [0x5f51, generation.contactAtr.subarray(1)],
  ]);
  if (generation.nextCvCertificate) objects.set(0x7f21, encodeCvCertificateBody(encodeKeyId('6900010'), encodeKeyId('6900020'), keys.cvAuthority, keys.cvAuthority));
  return { aids: [ISD_AID], files: new Map<number, SimFile>([[0x001e, { kind: 'internal' }]]), objects };
}
