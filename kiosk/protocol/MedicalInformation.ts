/** The medical information staff may open for a consented confirmation, and the match tolerances, for the screens. */
export type { MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
export type { MedicalInformation } from '../../protocol/eligibility/ServerMessage.ts';
export type { MatchTolerance } from '../../protocol/eligibility/EligibilityResult.ts';
export type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
