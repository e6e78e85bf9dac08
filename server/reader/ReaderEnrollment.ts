import type { RegisteredReader } from '../../protocol/eligibility/ServerMessage.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { Reader, ReaderRegistry } from './ReaderRegistry.ts';

export interface ReaderEnrollmentDeps {
  readers: ReaderRegistry;
  audit: AuditLog;
}

export const toRegisteredReader = (reader: Reader): RegisteredReader => ({ readerId: reader.id, name: reader.name, registeredAt: reader.registeredAt.toISOString() });

/**
 * Readers joining and leaving a clinic: a terminal registers its kiosk's key (`reader.register`, on a
 * connection the clinic's secret already authenticated) or the operator does (`kiosk server reader
 * register`); only the operator revokes. Each is an audit row. Call inside a transaction.
 */
export class ReaderEnrollment {
  constructor(private readonly deps: ReaderEnrollmentDeps) {}

  async register(clinicCode: string, actor: string, name: string, publicKey: Uint8Array, now: Date): Promise<RegisteredReader> {
    const { reader, created } = await this.deps.readers.register(clinicCode, name, publicKey, now);
    if (created) await this.deps.audit.append({ at: now, clinicCode, actor, action: 'reader.register', subjectPersonId: null, result: 'registered', detail: { readerId: reader.id, name: reader.name } });
    return toRegisteredReader(reader);
  }

  /** Null when there is no such reader. */
  async revoke(readerId: string, now: Date): Promise<Reader | null> {
    const before = await this.deps.readers.find(readerId);
    if (!before) return null;
    const reader = (await this.deps.readers.revoke(readerId, now))!;
    if (!before.revokedAt) await this.deps.audit.append({ at: now, clinicCode: reader.clinicCode, actor: 'operator', action: 'reader.revoke', subjectPersonId: null, result: 'revoked', detail: { readerId, name: reader.name } });
    return reader;
  }
}
