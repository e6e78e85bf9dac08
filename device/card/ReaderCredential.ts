/**
 * What a 顔認証付きカードリーダー shows a card to be allowed one PIN-less signature (reader authentication,
 * ours: device/mynacard/readerAuthentication.ts): its certificate and its private key's signature.
 */
export interface ReaderCredential {
  /** The reader's certificate from the reader authority the cards trust, DER. */
  certificate: Uint8Array;
  /** ECDSA P-256 / SHA-256 over `message` with the reader's private key, IEEE P1363 (r‖s, 64 bytes). */
  signForCard(message: Uint8Array): Promise<Uint8Array>;
}
