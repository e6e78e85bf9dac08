import type { ReaderIdentity } from '../../device/kiosk/ReaderIdentity.ts';
import type { AttestationRequest } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { readerAttestationPayload, type AttestedFacts, type ReaderAttestation } from '../../protocol/eligibility/ReaderAttestation.ts';

/** What the reader itself saw of the identification: the face model's verdict, or who looked for 目視. */
export interface IdentificationSeen {
  faceMatch: { score: number; threshold: number } | null;
  visualConfirmedBy: string | null;
}

/**
 * The reader's signed word on one confirmation (protocol/eligibility/ReaderAttestation.ts): the service's
 * challenge and the certificate read, how the holder was identified, the face score or the staff member's
 * 目視, and when (wall-clock time: the service accepts 5 minutes either way).
 */
export async function attestConfirmation(identity: ReaderIdentity, readerId: string, request: AttestationRequest, seen: IdentificationSeen, signedAt: Date): Promise<ReaderAttestation> {
  const face = request.identityMethod === 'face' ? seen.faceMatch : null;
  const facts: AttestedFacts = {
    ...request,
    readerId,
    faceScore: face?.score ?? null,
    faceThreshold: face?.threshold ?? null,
    visualConfirmedBy: request.identityMethod === 'visual' ? seen.visualConfirmedBy : null,
    signedAt: signedAt.toISOString(),
  };
  const signature = await identity.signAttestation(readerAttestationPayload(facts));
  return { readerId, signedAt: facts.signedAt, faceScore: facts.faceScore, faceThreshold: facts.faceThreshold, visualConfirmedBy: facts.visualConfirmedBy, signature: Buffer.from(signature).toString('base64') };
}
