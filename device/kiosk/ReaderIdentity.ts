import type { ReaderCredential } from '../card/ReaderCredential.ts';

/**
 * The 顔認証付きカードリーダー as a registered device (ours; the real registration is not public): one
 * ECDSA P-256 key pair per reader. The public half is registered with the eligibility service for one
 * clinic; the private half never leaves this object (no getter, no JSON, never logged or traced). It
 * signs two things: the reader's attestation of each confirmation (for the service) and, when the reader
 * authority has certified the key, the card's nonce in reader authentication (for PIN-less signing).
 */
export interface ReaderIdentity {
  /** How the reader names itself (registration, the certificate's CN). */
  readonly name: string;
  /** The public key, SPKI DER: what the service registers. */
  readonly publicKeySpki: Uint8Array;
  /** SHA-256 of the SPKI, lower-case hex: how logs and the staff view name the key. */
  readonly fingerprint: string;
  /** For the card: the certificate and the card-side signature; null when no reader authority certified the key. */
  readonly cardCredential: ReaderCredential | null;
  /** ECDSA P-256 / SHA-256 over `payload`, DER: the reader's attestation signature. */
  signAttestation(payload: Uint8Array): Promise<Uint8Array>;
}
