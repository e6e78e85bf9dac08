import { verify, type KeyObject } from 'node:crypto';
import type { CardIdentityMethod } from '../../protocol/eligibility/ClientMessage.ts';
import { readerAttestationPayload, type ReaderAttestation } from '../../protocol/eligibility/ReaderAttestation.ts';
import type { Reader } from './ReaderRegistry.ts';

/** Ours: how far the reader's clock may be from the service's (the challenge itself lives 5 minutes too). */
export const ATTESTATION_CLOCK_WINDOW_MS = 5 * 60_000;

/** What the service itself knows about the confirmation; the attestation must be over exactly these. */
export interface ConfirmationUnderAttestation {
  clinicCode: string;
  challengeId: string;
  challenge: Buffer;
  certificateSha256: string;
  identityMethod: CardIdentityMethod;
}

/**
 * E06: no attestation, or one that does not prove what it claims (signature, time, identity method);
 * E07: the reader is not one of this clinic's registered readers, or it was revoked.
 */
export type AttestationCheck = { ok: true; readerId: string } | { ok: false; code: 'E06' | 'E07'; readerId: string | null; reason: string };

/**
 * The reader's word on a confirmation, checked: a reader registered to the clinic of this session and not
 * revoked, its ECDSA signature over readerAttestationPayload(...) with the service's own values (so a
 * signature made for another clinic, challenge or card verifies for nothing else), signed within 5
 * minutes of now, and consistent with the identity method (face: a score at or above its threshold;
 * visual: who confirmed).
 */
export async function verifyReaderAttestation(
  attestation: ReaderAttestation | null,
  confirmation: ConfirmationUnderAttestation,
  lookup: { find(readerId: string): Promise<Reader | null>; publicKeyOf(reader: Reader): KeyObject },
  now: Date,
): Promise<AttestationCheck> {
  if (!attestation) return { ok: false, code: 'E06', readerId: null, reason: 'no reader attestation' };
  const readerId = attestation.readerId;
  const reader = await lookup.find(readerId);
  if (!reader) return { ok: false, code: 'E07', readerId, reason: 'reader not registered' };
  if (reader.clinicCode !== confirmation.clinicCode) return { ok: false, code: 'E07', readerId, reason: 'reader registered to another clinic' };
  if (reader.revokedAt) return { ok: false, code: 'E07', readerId, reason: `reader revoked on ${reader.revokedAt.toISOString()}` };

  const signedAt = Date.parse(attestation.signedAt);
  if (Math.abs(now.getTime() - signedAt) > ATTESTATION_CLOCK_WINDOW_MS) return { ok: false, code: 'E06', readerId, reason: `signed at ${attestation.signedAt}, more than 5 minutes from the service's clock` };
  const payload = readerAttestationPayload({
    medicalInstitutionCode: confirmation.clinicCode,
    readerId,
    challengeId: confirmation.challengeId,
    challenge: confirmation.challenge.toString('base64'),
    certificateSha256: confirmation.certificateSha256,
    identityMethod: confirmation.identityMethod,
    faceScore: attestation.faceScore,
    faceThreshold: attestation.faceThreshold,
    visualConfirmedBy: attestation.visualConfirmedBy,
    signedAt: attestation.signedAt,
  });
  if (!verifySignature(lookup.publicKeyOf(reader), payload, Buffer.from(attestation.signature, 'base64'))) {
    return { ok: false, code: 'E06', readerId, reason: 'reader signature does not verify' };
  }

  if (confirmation.identityMethod === 'face') {
    const { faceScore, faceThreshold } = attestation;
    if (faceScore === null || faceThreshold === null) return { ok: false, code: 'E06', readerId, reason: 'a face confirmation without the face score and threshold' };
    if (faceScore < faceThreshold) return { ok: false, code: 'E06', readerId, reason: `face score ${faceScore} below the threshold ${faceThreshold}` };
  }
  if (confirmation.identityMethod === 'visual' && attestation.visualConfirmedBy === null) return { ok: false, code: 'E06', readerId, reason: 'a 目視 confirmation without who confirmed' };
  return { ok: true, readerId };
}

function verifySignature(key: KeyObject, payload: Uint8Array, signature: Buffer): boolean {
  try {
    return verify('sha256', payload, { key, dsaEncoding: 'der' }, signature);
  } catch {
    // A signature that is not DER at all is simply not a valid signature.
    return false;
  }
}
