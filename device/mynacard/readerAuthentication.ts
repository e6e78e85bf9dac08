import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import type { ReaderCredential } from '../card/ReaderCredential.ts';
import { SW } from '../card/Apdu.ts';
import { selectApplication } from './selectFile.ts';
import { transmitApdu } from './transmitApdu.ts';

/**
 * Reader authentication: how a 顔認証付きカードリーダー earns the card's PIN-less signature.
 *
 * 公的個人認証法 §38-4 and its 施行規則 §64-12 let a certified reader use the 利用者証明用 key without
 * the PIN once it has checked the holder's face (or staff have); how the card knows the reader is not
 * public. **This protocol is ours**, modelled on BSI TR-03110 Terminal Authentication, on the JPKI AP:
 *
 * 1. `PSO: VERIFY CERTIFICATE` (`00 2A 00 BE`, chained with CLA `10` for all but the last part): the
 *    reader's X.509 certificate, issued by the reader authority the card trusts, ECDSA P-256, with
 *    key usage digitalSignature and the extended key usage {@link READER_AUTHENTICATION_EKU}.
 * 2. `GET CHALLENGE` (`00 84 00 00 10`): 16 random bytes, good for one EXTERNAL AUTHENTICATE.
 * 3. `EXTERNAL AUTHENTICATE` (`00 82 00 00 40`): the reader's ECDSA P-256 / SHA-256 signature, r‖s
 *    (64 bytes), over {@link readerAuthenticationMessage}.
 *
 * After 9000 the card signs **one** challenge with the 利用者証明用 key without the PIN; that signature,
 * any SELECT by DF name (the JPKI AP again included), a reset, or a new certificate or challenge ends
 * it. A verified PIN outlives a SELECT (real cards keep it until reset); this narrower lifetime is ours,
 * as MC reports of the secure-messaging session, so a reader's vouching cannot leak into a later use.
 * A 顔認証マイナンバーカード (no PIN) signs only this way.
 */
export const READER_AUTHENTICATION_EKU = '2.25.149898433020903901207101752464923094333';

/** Bytes of the card's nonce (GET CHALLENGE Le). */
export const READER_CHALLENGE_BYTES = 16;

const DOMAIN = new TextEncoder().encode('myna-kiosk reader authentication v1');

/** What the reader signs in EXTERNAL AUTHENTICATE: a fixed domain string, then the card's nonce. */
export function readerAuthenticationMessage(nonce: Uint8Array): Uint8Array {
  const out = new Uint8Array(DOMAIN.length + nonce.length);
  out.set(DOMAIN);
  out.set(nonce, DOMAIN.length);
  return out;
}

export type { ReaderCredential } from '../card/ReaderCredential.ts';

/** Short APDUs carry 255 bytes: the certificate goes in chained parts (ISO 7816-4 §5.1.1, CLA bit 0x10). */
const CHAIN_PART = 255;

/** The status words by which a card that knows reader authentication refuses this reader. */
const NOT_ACCEPTED = new Set([SW.NO_RETRY_COUNTER, 0x6a80, SW.CONDITIONS_NOT_SATISFIED]);

/**
 * Any other status word means the card does not know the protocol (a real card answers 6D00, 6A86, 6982 or
 * the like to a PSO it has no use for): the kiosk then offers the PIN only, it is no card failure.
 */
function refused(sw: number, what: string): CardError {
  const hex = sw.toString(16).toUpperCase().padStart(4, '0');
  if (NOT_ACCEPTED.has(sw)) {
    return new CardError('READER_NOT_ACCEPTED', `${what}: the card does not accept this reader (${hex}): its certificate is not from the reader authority the card trusts, or its signature is wrong.`, { sw });
  }
  return new CardError('READER_AUTH_UNSUPPORTED', `${what}: this card does not know reader authentication (${hex}); it signs only after the PIN.`, { sw });
}

/**
 * Authenticate the reader to the card (the three steps above). Afterwards the next signChallenge
 * needs no PIN. READER_AUTH_UNSUPPORTED: the card has no such protocol (a real card); READER_NOT_ACCEPTED:
 * it refused the certificate or the signature.
 */
export async function authenticateReader(channel: CardChannel, reader: ReaderCredential): Promise<void> {
  await selectApplication(channel, 'jpki');
  const certificate = reader.certificate;
  for (let offset = 0; offset < certificate.length; offset += CHAIN_PART) {
    const last = offset + CHAIN_PART >= certificate.length;
    const part = certificate.subarray(offset, offset + CHAIN_PART);
    const response = await transmitApdu(channel, { cla: last ? 0x00 : 0x10, ins: 0x2a, p1: 0x00, p2: 0xbe, data: part });
    if (response.sw !== SW.OK) throw refused(response.sw, 'verify the reader certificate');
  }
  const challenge = await transmitApdu(channel, { cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: READER_CHALLENGE_BYTES });
  if (challenge.sw !== SW.OK) throw refused(challenge.sw, 'get the card challenge');
  if (challenge.data.length !== READER_CHALLENGE_BYTES) throw new CardError('MALFORMED_RESPONSE', `get the card challenge: expected ${READER_CHALLENGE_BYTES} bytes, got ${challenge.data.length}.`);
  const signature = await reader.signForCard(readerAuthenticationMessage(challenge.data));
  if (signature.length !== 64) throw new RangeError(`The reader's signature must be r‖s, 64 bytes (got ${signature.length}).`);
  const answer = await transmitApdu(channel, { cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: signature });
  if (answer.sw !== SW.OK) throw refused(answer.sw, 'authenticate the reader');
}
