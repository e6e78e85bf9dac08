import { CardError, type CardErrorCode } from '../card/CardError.ts';

/** PC/SC return codes we tell apart (pcsclite only gives them as text inside the error message). */
export const PCSC_ERROR_CODES: Record<number, CardErrorCode> = {
  0x80100069: 'CARD_REMOVED',
  0x8010000b: 'SHARING_VIOLATION',
  0x8010001d: 'NO_SERVICE',
  0x8010000c: 'NO_SMARTCARD',
  0x80100068: 'RESET',
  0x80100016: 'NOT_TRANSACTED',
  0x8010002f: 'COMM',
  0x8010000a: 'TIMEOUT',
  0x80100017: 'READER_UNAVAILABLE',
  0x80100066: 'UNRESPONSIVE_CARD',
  0x80100009: 'READER_UNAVAILABLE', // SCARD_E_UNKNOWN_READER
  0x80100067: 'CARD_REMOVED', // SCARD_W_UNPOWERED_CARD: the card lost power, i.e. left the field
};

/** The hex PC/SC code in a pcsclite error message such as "SCardTransmit error: Card was removed.(0x80100069)". */
export function parsePcscCode(message: string): number | undefined {
  const match = /\(0x([0-9a-fA-F]{8})\)/.exec(message);
  return match ? parseInt(match[1]!, 16) : undefined;
}

export function toCardError(error: unknown, what: string): CardError {
  if (error instanceof CardError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const value = parsePcscCode(message);
  const code = value === undefined ? undefined : PCSC_ERROR_CODES[value];
  if (message === 'Card Reader not connected') return new CardError('CARD_REMOVED', `${what}: the reader is not connected to a card.`, { cause: error });
  return new CardError(code ?? 'PCSC_FAILURE', `${what}: ${message}`, { cause: error });
}
