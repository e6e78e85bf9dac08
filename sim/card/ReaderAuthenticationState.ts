import { verify, X509Certificate, type KeyObject } from 'node:crypto';
import { SW } from '../../device/card/Apdu.ts';
import { READER_AUTHENTICATION_EKU, READER_CHALLENGE_BYTES, readerAuthenticationMessage } from '../../device/mynacard/readerAuthentication.ts';

/** A reader certificate longer than this is refused (6700): a P-256 certificate is about 500 bytes. */
const MAX_CERTIFICATE_BYTES = 2048;

/**
 * The card's half of reader authentication (ours; the protocol is in device/mynacard/readerAuthentication.ts):
 * the reader key the card has accepted, the nonce it gave out, and whether the reader is authenticated
 * for one PIN-less signature. The card has no clock, so certificate dates are not checked (revocation is
 * the eligibility service's part: it checks every attestation against its registry of readers).
 */
export class ReaderAuthenticationState {
  private chain: Uint8Array[] = [];
  private readerKey: KeyObject | undefined;
  private nonce: Uint8Array | undefined;
  authenticated = false;

  constructor(private readonly authority: KeyObject) {}

  clear(): void {
    this.chain = [];
    this.readerKey = undefined;
    this.nonce = undefined;
    this.authenticated = false;
  }

  /** A command other than the chain's next part arrived: the parts so far are dropped. */
  breakChain(): void {
    this.chain = [];
  }

  /** The authenticated reader's one signature was made. */
  consume(): void {
    this.authenticated = false;
  }

  /** PSO: VERIFY CERTIFICATE, one part; `more` when CLA said another part follows. */
  verifyCertificate(data: Uint8Array | undefined, more: boolean): number {
    if (!data) return SW.WRONG_LENGTH;
    this.chain.push(data);
    const size = this.chain.reduce((n, part) => n + part.length, 0);
    if (size > MAX_CERTIFICATE_BYTES) {
      this.chain = [];
      return SW.WRONG_LENGTH;
    }
    if (more) return SW.OK;
    const der = Buffer.concat(this.chain);
    this.chain = [];
    this.readerKey = undefined;
    this.authenticated = false;
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch {
      return 0x6a80; // incorrect data: not a certificate
    }
    const key = certificate.publicKey;
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return 0x6a80;
    const usages = (certificate as X509Certificate & { extKeyUsage?: string[] }).extKeyUsage ?? certificate.keyUsage ?? [];
    if (!certificate.verify(this.authority) || !usages.includes(READER_AUTHENTICATION_EKU)) return SW.NO_RETRY_COUNTER; // 6300: verification failed
    this.readerKey = key;
    return SW.OK;
  }

  /**
   * GET CHALLENGE gave out `nonce` (the card answers any Le with random bytes): the next EXTERNAL
   * AUTHENTICATE answers it. Only a nonce of READER_CHALLENGE_BYTES counts (ours); a shorter one is no challenge.
   */
  rememberChallenge(nonce: Uint8Array): void {
    this.nonce = nonce.length === READER_CHALLENGE_BYTES ? nonce : undefined;
    this.authenticated = false;
  }

  /** EXTERNAL AUTHENTICATE: the reader's r‖s signature over the nonce; the nonce is spent either way. */
  externalAuthenticate(signature: Uint8Array | undefined): number {
    const nonce = this.nonce;
    this.nonce = undefined;
    this.authenticated = false;
    if (!this.readerKey || !nonce) return SW.CONDITIONS_NOT_SATISFIED;
    if (!signature || signature.length !== 64) return SW.WRONG_LENGTH;
    const ok = verify('sha256', readerAuthenticationMessage(nonce), { key: this.readerKey, dsaEncoding: 'ieee-p1363' }, signature);
    if (!ok) return SW.NO_RETRY_COUNTER;
    this.authenticated = true;
    return SW.OK;
  }
}
