import type { MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import type { ConfirmationStore } from '../confirmation/ConfirmationStore.ts';
import { withdrawnProof, type ProofStandingLookup } from '../confirmation/withdrawnProof.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
import type { StoredOutcome } from '../idempotency/IdempotencyStore.ts';
import { decideMedicalAccess } from './decideMedicalAccess.ts';

export interface MedicalInformationViewingDeps {
  registry: InsuredRegistry;
  audit: AuditLog;
  confirmations: ConfirmationStore;
  proof: ProofStandingLookup;
}

/**
 * 医療情報の閲覧: a clinic reads one item (薬剤情報, 診療情報, 手術情報, 特定健診情報) of the people one of its
 * own confirmations found, judged on that confirmation's facts and consent (decideMedicalAccess) and on
 * whether its proof still holds at the moment of the read.
 */
export class MedicalInformationViewing {
  constructor(private readonly deps: MedicalInformationViewingDeps) {}

  /** A blocked view is an outcome, not a throw: it is stored with the idempotency key and audited like a shown one. */
  read(session: TerminalSession, referenceNumber: string, item: MedicalItem, now: Date): StoredOutcome {
    const { registry, audit } = this.deps;
    const confirmation = this.deps.confirmations.find(referenceNumber, session.clinicCode);
    if (!confirmation) throw new ServiceError('REFERENCE_UNKNOWN', `No confirmation ${JSON.stringify(referenceNumber)} was made by this clinic.`);
    const people = confirmation.personIds;
    const access = { at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'medical.read', people } as const;
    const blockedBy = [...decideMedicalAccess(confirmation.facts, item, now), ...withdrawnProof(confirmation.facts, this.deps.proof)];
    if (blockedBy.length > 0) {
      audit.appendAccess({ ...access, result: 'blocked', detail: { referenceNumber, item, blockedBy } });
      return { ok: false, code: 'MEDICAL_INFORMATION_BLOCKED', message: `Medical information (${item}) cannot be shown: ${blockedBy.join(', ')}.`, details: { blockedBy } };
    }
    const records: unknown[] = people.flatMap((id): unknown[] => registry.medicalHistory(id)[item]);
    audit.appendAccess({ ...access, result: 'shown', detail: { referenceNumber, item, records: records.length } });
    return { ok: true, body: { referenceNumber, item, records } };
  }
}
