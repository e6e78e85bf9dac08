import type { ReferenceNumberRegistrationInfo, ReferenceNumberRegistrationResult, RegistrationResultCode } from '../../protocol/eligibility/ReferenceNumberRegistration.ts';
import { REGISTRATION_RESULT_CODES } from '../../protocol/eligibility/ReferenceNumberRegistration.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import { findQualificationsByNumbers } from '../eligibility/findQualificationsByNumbers.ts';
import type { InsuredRegistry } from '../eligibility/InsuredRegistry.ts';
import type { ReferenceNumbers } from './ReferenceNumbers.ts';

export interface ReferenceNumberRegistrationDeps {
  registry: InsuredRegistry;
  audit: AuditLog;
  references: ReferenceNumbers;
}

/**
 * 照会番号 registration (OQSsiimm01): the numbers must name exactly one insured person; the clinic's number is
 * then kept for that person and this clinic, and carried by every later result here. The numbers carry no
 * birth date, so the twins of one 記号・番号 need their 枝番.
 */
export class ReferenceNumberRegistration {
  constructor(private readonly deps: ReferenceNumberRegistrationDeps) {}

  async register(session: TerminalSession, info: ReferenceNumberRegistrationInfo, now: Date): Promise<ReferenceNumberRegistrationResult> {
    const { registry, audit, references } = this.deps;
    const people = [...new Set((await findQualificationsByNumbers(registry, info, null)).map((q) => q.personId))];
    const refuse = async (code: RegistrationResultCode): Promise<ReferenceNumberRegistrationResult> => {
      await audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'reference.register', subjectPersonId: null, result: `refused:${code}`, detail: { matches: people.length } });
      return { ReferenceNumberRegistrationInfo: info, ProcessingResultStatus: '2', ProcessingResultCode: code, ProcessingResultMessage: REGISTRATION_RESULT_CODES[code] };
    };
    if (people.length === 0) return refuse('R01');
    if (people.length > 1) return refuse('R02');
    await references.register(session.clinicCode, people[0]!, info.ReferenceNumber, now);
    await audit.append({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'reference.register', subjectPersonId: people[0]!, result: 'registered', detail: {} });
    return { ReferenceNumberRegistrationInfo: info, ProcessingResultStatus: '1', ProcessingResultCode: null, ProcessingResultMessage: null };
  }
}
