import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { SW } from '../card/Apdu.ts';
import { PIN_LOCATION, type PinReference } from './cardFiles.ts';
import type { PinStatus } from './PinStatus.ts';
import { selectApplication, selectFile } from './selectFile.ts';
import { statusError, transmitApdu } from './transmitApdu.ts';

const PIN_FORMAT: Record<PinReference, { pattern: RegExp; rule: string }> = {
  auth: { pattern: /^\d{4}$/, rule: '4 digits' },
  textInput: { pattern: /^\d{4}$/, rule: '4 digits' },
  sign: { pattern: /^(?=.*[A-Z])(?=.*\d)[A-Z\d]{6,16}$/, rule: '6–16 upper-case letters and digits, at least one of each' },
  textInputCodeB: { pattern: /^\d{14}$/, rule: '14 digits (照合番号B)' },
  cardFaceCodeB: { pattern: /^\d{14}$/, rule: '14 digits (照合番号B)' },
};

function tries(sw: number): number | undefined {
  return (sw & 0xfff0) === 0x63c0 ? sw & 0x0f : undefined;
}

/** The empty VERIFY (00 20 00 80, no data): how many tries are left, without using one up. */
export async function queryPinTries(channel: CardChannel, pin: PinReference): Promise<PinStatus> {
  const location = PIN_LOCATION[pin];
  await selectApplication(channel, location.app);
  await selectFile(channel, location.ef);
  const { sw, data } = await transmitApdu(channel, { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80 });
  if (data.length > 0) throw new CardError('MALFORMED_RESPONSE', `The PIN query for ${pin} returned ${data.length} data bytes; it returns none.`);
  const left = tries(sw);
  if (left !== undefined) return { kind: 'tries', triesLeft: left };
  if (sw === SW.OK) return { kind: 'notReported' };
  if (sw === SW.NO_RETRY_COUNTER) return { kind: 'noLimit' };
  if (sw === SW.PIN_BLOCKED) return { kind: 'notSet' };
  throw statusError(sw, `PIN query for ${pin}`);
}

/**
 * VERIFY a PIN (00 20 00 80 Lc ASCII). The PIN goes to the card and nowhere else: it is not
 * logged, kept or returned, and a malformed PIN never reaches the card (it would cost a try).
 */
export async function verifyPin(channel: CardChannel, pin: PinReference, value: string): Promise<PinStatus> {
  const format = PIN_FORMAT[pin];
  if (!format.pattern.test(value)) throw new CardError('PIN_FORMAT', `The ${pin} PIN must be ${format.rule}.`);
  const location = PIN_LOCATION[pin];
  await selectApplication(channel, location.app);
  await selectFile(channel, location.ef);
  const { sw, data } = await transmitApdu(channel, { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: new TextEncoder().encode(value) });
  if (data.length > 0) throw new CardError('MALFORMED_RESPONSE', `VERIFY for ${pin} returned ${data.length} data bytes; it returns none.`);
  if (sw === SW.OK) return { kind: 'verified' };
  const left = tries(sw);
  if (left !== undefined) return { kind: 'wrong', triesLeft: left };
  if (sw === SW.PIN_BLOCKED) return { kind: 'blocked' };
  throw statusError(sw, `VERIFY ${pin}`);
}
