import type { MedicalBlockReason } from '../../protocol/eligibility/EligibilityResult.ts';
import type { ConfirmationFacts } from '../medical/decideMedicalAccess.ts';

export interface ProofStandingLookup {
  readerRevoked(readerId: string): Promise<boolean>;
  certificateRevoked(serial: string): boolean | Promise<boolean>;
}

/**
 * What a confirmation's proof of identity rested on and no longer holds: its reader revoked since, or its
 * card's certificate. Judged at the moment of each later read, fresh or replayed, not only at the confirmation.
 */
export async function withdrawnProof(facts: ConfirmationFacts, lookup: ProofStandingLookup): Promise<MedicalBlockReason[]> {
  const withdrawn: MedicalBlockReason[] = [];
  if (facts.readerId !== null && (await lookup.readerRevoked(facts.readerId))) withdrawn.push('readerRevoked');
  if (facts.certificateSerial !== null && (await lookup.certificateRevoked(facts.certificateSerial))) withdrawn.push('certificateRevoked');
  return withdrawn;
}
