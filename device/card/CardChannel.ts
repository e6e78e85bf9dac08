/**
 * A connection to one card in one reader: raw APDUs in, raw responses out.
 * The マイナンバーカード client (device/mynacard) depends on this alone, so it never knows
 * whether the card is real (device/pcsc) or simulated (sim/reader).
 *
 * Contract:
 * - `transmit` resolves with the response bytes including SW1 SW2, or rejects with a CardError
 *   (CARD_REMOVED when the card left the reader, READER_UNAVAILABLE when the reader went away,
 *   COMM / NOT_TRANSACTED / TIMEOUT for transport failures). Calls are serialised by the channel.
 * - After `close` every call rejects with CARD_REMOVED.
 */
export interface CardChannel {
  readonly atr: Uint8Array;
  transmit(command: Uint8Array): Promise<Uint8Array>;
  /** Warm reset: the card forgets its selected application and verified PINs. */
  reset(): Promise<void>;
  close(): Promise<void>;
}
