import type { MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
import type { MedicalBlockReason } from '../../protocol/eligibility/EligibilityResult.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import type { ConfirmationStore } from '../confirmation/ConfirmationStore.ts';
import { withdrawnProof, type ProofStandingLookup } from '../confirmation/withdrawnProof.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
import type { IdentityCheckFlag } from '../seed/SeedPopulation.ts';
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
 * whether its proof still holds, at the moment of the read: the first time and on every idempotent replay.
 */
export class MedicalInformationViewing {
  constructor(private readonly deps: MedicalInformationViewingDeps) {}

  /** A refused or blocked view is an outcome, not a throw: it is stored with the idempotency key and audited like a shown one. */
  async read(session: TerminalSession, referenceNumber: string, item: MedicalItem, now: Date): Promise<StoredOutcome> {
    const { registry, audit } = this.deps;
    const confirmation = await this.deps.confirmations.find(referenceNumber, session.clinicCode);
    const access = { at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'medical.read' } as const;
    if (!confirmation) {
      // Perhaps another clinic's reference: no subject on the row, which this clinic can list itself.
      await audit.append({ ...access, subjectPersonId: null, result: 'refused:REFERENCE_UNKNOWN', detail: { referenceNumber, item } });
      return { ok: false, code: 'REFERENCE_UNKNOWN', message: `No confirmation ${JSON.stringify(referenceNumber)} was made by this clinic.` };
    }
    const people = confirmation.personIds;
    const blockedBy = await this.blockedBy(confirmation.facts, item, now, people);
    if (blockedBy.length > 0) {
      await audit.appendAccess({ ...access, people, result: 'blocked', detail: { referenceNumber, item, blockedBy } });
      return blocked(item, blockedBy);
    }
    const records: unknown[] = [];
    for (const id of people) records.push(...(await registry.medicalHistory(id))[item]);
    await audit.appendAccess({ ...access, people, result: 'shown', detail: { referenceNumber, item, records: records.length } });
    return { ok: true, body: { referenceNumber, item, records } };
  }

  /**
   * The replay of a read answered before: the consent and the proof are judged again now, so a key kept
   * past the consent's 24 hours (or past a revocation) gets the block, not the records; a replay that
   * still may be shown is shown again, and audited again, as the view it is.
   */
  async replay(session: TerminalSession, referenceNumber: string, item: MedicalItem, stored: StoredOutcome, now: Date): Promise<StoredOutcome> {
    const confirmation = await this.deps.confirmations.find(referenceNumber, session.clinicCode);
    if (!confirmation) return stored;
    const access = { at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'medical.read', people: confirmation.personIds } as const;
    const blockedBy = await this.blockedBy(confirmation.facts, item, now, confirmation.personIds);
    if (blockedBy.length > 0 || !stored.ok) {
      const reasons = blockedBy.length > 0 ? blockedBy : ((stored.ok ? [] : stored.details?.blockedBy) as MedicalBlockReason[] | undefined) ?? [];
      await this.deps.audit.appendAccess({ ...access, result: 'blocked', detail: { referenceNumber, item, blockedBy: reasons, replayed: true } });
      return blockedBy.length > 0 ? blocked(item, blockedBy) : stored;
    }
    const records = (stored.body as { records: unknown[] }).records;
    await this.deps.audit.appendAccess({ ...access, result: 'shown', detail: { referenceNumber, item, records: records.length, replayed: true } });
    return stored;
  }

  /** The 本人確認判定フラグ counts as it stands now, so an insurer's correction lifts the block at once. */
  private async blockedBy(facts: Parameters<typeof decideMedicalAccess>[0], item: MedicalItem, now: Date, people: readonly string[]): Promise<MedicalBlockReason[]> {
    const identityChecks: IdentityCheckFlag[] = [];
    for (const id of people) identityChecks.push((await this.deps.registry.person(id))?.identityCheck ?? 'notChecked');
    return [...decideMedicalAccess(facts, item, now, identityChecks), ...(await withdrawnProof(facts, this.deps.proof))];
  }
}

function blocked(item: MedicalItem, blockedBy: MedicalBlockReason[]): StoredOutcome {
  return { ok: false, code: 'MEDICAL_INFORMATION_BLOCKED', message: `Medical information (${item}) cannot be shown: ${blockedBy.join(', ')}.`, details: { blockedBy } };
}
