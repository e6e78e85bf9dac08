import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { SW } from '../card/Apdu.ts';
import { AID, type ApplicationName } from './cardFiles.ts';
import { currentApplication, rememberApplication } from './cardSession.ts';
import { statusError, transmitApdu, transmitExpectingOk } from './transmitApdu.ts';

/**
 * SELECT by DF name, no FCI (00 A4 04 0C). Skipped when the AP is already selected on this channel:
 * real cards are reported to keep a verified PIN until reset (MC), but OpenSC ≥ 0.24 assumes a
 * re-select clears it, and a card that did would lose the PIN between VERIFY and the command it
 * opens. Not re-selecting is right on both. `force` re-selects anyway; it ends reader authentication
 * (ours), not a verified PIN: only resetCard logs out for sure.
 */
export async function selectApplication(channel: CardChannel, app: ApplicationName, options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && currentApplication(channel) === app) return;
  const response = await transmitApdu(channel, { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: AID[app] });
  if (response.sw === SW.OK) {
    rememberApplication(channel, app);
    return;
  }
  if (response.sw === SW.FILE_NOT_FOUND) {
    throw new CardError('NOT_A_MYNA_CARD', `The card has no ${app} application: it is not a マイナンバーカード (6A82).`, { sw: response.sw });
  }
  throw statusError(response.sw, `SELECT ${app} application`);
}

/** SELECT EF by file ID (00 A4 02 0C 02 FID). */
export async function selectFile(channel: CardChannel, fid: number): Promise<void> {
  const data = Uint8Array.of(fid >> 8, fid & 0xff);
  await transmitExpectingOk(channel, { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data }, `SELECT EF ${fid.toString(16).padStart(4, '0')}`);
}
