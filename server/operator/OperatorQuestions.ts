import type { AuditVerification, ViewRecord } from '../../protocol/eligibility/ServerMessage.ts';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';

export interface OperatorQuestionsDeps {
  registry: InsuredRegistry;
  audit: AuditLog;
}

/** What the operator, an insurer or マイナポータル asks of the central system, outside any clinic's session. */
export class OperatorQuestions {
  constructor(private readonly deps: OperatorQuestionsDeps) {}

  /** "Who viewed my data": every clinic access to one person, as マイナポータル lists it. */
  async whoViewed(personId: string): Promise<ViewRecord[]> {
    await this.requirePerson(personId);
    return this.deps.audit.whoViewed(personId);
  }

  verifyAudit(): Promise<AuditVerification> {
    return this.deps.audit.verify();
  }

  /** An insurer's review of a flagged linkage; call inside a transaction, so the change and its audit row commit together. */
  async resolveLinkage(personId: string, resolution: 'confirmedSamePerson' | 'unlinked', now: Date): Promise<void> {
    await this.requirePerson(personId);
    await this.deps.registry.resolveLinkage(personId, resolution);
    await this.deps.audit.append({ at: now, clinicCode: null, actor: 'operator', action: 'linkage.resolve', subjectPersonId: personId, result: resolution, detail: {} });
  }

  private async requirePerson(personId: string): Promise<void> {
    if (!(await this.deps.registry.person(personId))) throw new ServiceError('PERSON_UNKNOWN', `No person ${JSON.stringify(personId)}.`);
  }
}
