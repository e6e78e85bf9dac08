import { createHash, sign, type KeyObject } from 'node:crypto';
import { readerAttestationPayload, type AttestedFacts, type ReaderAttestation } from './ReaderAttestation.ts';

/** SHA-256 of a certificate's DER, lower-case hex: how an attestation names the certificate it read. */
export function certificateSha256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/**
 * The reader's side of the contract in ReaderAttestation.ts: sign the facts with the reader's private
 * key (ECDSA P-256 / SHA-256, DER) and carry the facts the service cannot know itself beside the signature.
 * The service recomputes everything else (clinic, challenge, certificate hash) from what it holds.
 */
export function signReaderAttestation(privateKey: KeyObject, facts: AttestedFacts): ReaderAttestation {
  const signature = sign('sha256', readerAttestationPayload(facts), { key: privateKey, dsaEncoding: 'der' });
  return {
    readerId: facts.readerId,
    signedAt: facts.signedAt,
    faceScore: facts.faceScore,
    faceThreshold: facts.faceThreshold,
    visualConfirmedBy: facts.visualConfirmedBy,
    signature: signature.toString('base64'),
  };
}
