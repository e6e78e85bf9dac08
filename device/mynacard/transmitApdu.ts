import { encodeCommandApdu, formatSw, parseResponseApdu, SW, type CommandApdu, type ResponseApdu } from '../card/Apdu.ts';
import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { forgetSession } from './cardSession.ts';

export async function transmitApdu(channel: CardChannel, command: CommandApdu): Promise<ResponseApdu> {
  let raw: Uint8Array;
  try {
    raw = await channel.transmit(encodeCommandApdu(command));
  } catch (error) {
    forgetSession(channel); // after a transport failure the card's selection state is unknown
    throw error;
  }
  const response = parseResponseApdu(raw);
  if (command.le !== undefined && response.data.length > command.le) {
    throw new CardError('MALFORMED_RESPONSE', `The card returned ${response.data.length} bytes for Le ${command.le}.`);
  }
  return response;
}

/** Turn a status word the caller cannot continue with into a typed error. `what` says what was being done. */
export function statusError(sw: number, what: string): CardError {
  switch (sw) {
    case SW.FILE_NOT_FOUND:
      return new CardError('FILE_NOT_FOUND', `${what}: the card has no such application or file (6A82).`, { sw });
    case SW.SECURITY_STATUS_NOT_SATISFIED:
      return new CardError('SECURITY_STATUS_NOT_SATISFIED', `${what}: the card needs a PIN verified first (6982).`, { sw });
    case SW.PIN_BLOCKED:
      return new CardError('PIN_BLOCKED', `${what}: the PIN is blocked (6984); it can only be reset at the municipal office.`, { sw });
    default:
      return new CardError('UNEXPECTED_STATUS', `${what}: the card answered ${formatSw(sw)}.`, { sw });
  }
}

export async function transmitExpectingOk(channel: CardChannel, command: CommandApdu, what: string): Promise<Uint8Array> {
  const response = await transmitApdu(channel, command);
  if (response.sw !== SW.OK) throw statusError(response.sw, what);
  return response.data;
}
