import { consentStanding, type ConsentRecord } from '../consent/ConsentRecord.ts';
import { CONSENT_ITEMS, type CardIdentityMethod as IdentityMethod, type MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
import type { MedicalBlockReason, QualificationValidity } from '../../protocol/eligibility/EligibilityResult.ts';
import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { CredentialKind } from '../../jpki/CredentialKind.ts';
import type { IdentityCheckFlag } from '../seed/SeedPopulation.ts';

export interface ConfirmationFacts {
  classification: '1' | '2' | 'outage';
  refused: boolean;
  identityMethod: IdentityMethod | null;
  certificateStanding: CertificateStanding | null;
  wrongLinkageSuspected: boolean;
  consent: ConsentRecord | null;
  /** What the confirmation found; null for an outage lookup, or a confirmation recorded before this was kept. */
  validity: QualificationValidity | null;
  /** The registered reader that attested the confirmation, and the card's certificate: a replay is judged on them again. */
  readerId: string | null;
  certificateSerial: string | null;
  /** What carried the certificate of a card confirmation (the card, or a phone); absent on other answers. */
  credential?: CredentialKind | null;
}

/**
 * Why medical information may not be shown, or [] when it may: only after a card confirmation that
 * was not refused and found a qualification in force (無効 and 該当資格なし used to answer "available" and
 * then read nothing), with the holder's identity checked (face, PIN or staff), a certificate not in its
 * grace period, a linkage not under suspicion, no 本人確認判定フラグ set on the people found (as they stand
 * now: the block lifts the moment the insurer corrects the record), and the patient's consent for the item,
 * still within 24 h. Without an item, answers whether anything at all could be shown (for the confirmation's result).
 */
export function decideMedicalAccess(facts: ConfirmationFacts, item: MedicalItem | null, now: Date, identityChecks: readonly IdentityCheckFlag[] = []): MedicalBlockReason[] {
  if (facts.classification !== '1') return ['notACardConfirmation'];
  if (facts.refused) return ['confirmationRefused'];
  const blocked: MedicalBlockReason[] = [];
  if (facts.validity === '2' || facts.validity === '4') blocked.push('noQualificationInForce');
  if (facts.identityMethod === 'none' || facts.identityMethod === null) blocked.push('identityNotVerified');
  if (facts.certificateStanding === 'expiredInGrace') blocked.push('certificateInGrace');
  if (facts.wrongLinkageSuspected) blocked.push('wrongLinkageSuspected');
  if (identityChecks.includes('mismatch')) blocked.push('identityCheckMismatch');
  const items = item ? [item] : CONSENT_ITEMS.filter((i): i is MedicalItem => i !== 'limitApplication');
  const standings = items.map((i) => consentStanding(facts.consent, i, now));
  if (!standings.includes('given')) blocked.push(standings.includes('expired') ? 'consentExpired' : 'noConsent');
  return blocked;
}
