import type { OperatorFaults } from '../ClientMessage.ts';
import { OPERATOR_REPLY_SCHEMAS, type AuditVerification, type HelloLockout, type ViewRecord } from '../ServerMessage.ts';
import { ServiceConnection, type ServiceConnectionOptions } from './ServiceConnection.ts';

/** The operator's channel: the simulator control panel and tests drive the service's faults through it. */
export class OperatorClient {
  private readonly connection: ServiceConnection;

  constructor(options: ServiceConnectionOptions & { secret: string }) {
    this.connection = new ServiceConnection(options, () => ({ role: 'operator', secret: options.secret }));
  }

  connect(): Promise<void> {
    return this.connection.open();
  }

  /** Slow answers, error answers, answers lost after the commit, or the service down. Unnamed levers keep their value. */
  setFaults(faults: Partial<OperatorFaults>): Promise<OperatorFaults> {
    return this.connection.call('operator.faults', { faults }, OPERATOR_REPLY_SCHEMAS['operator.faults'], { idempotent: false });
  }

  async dropConnections(): Promise<number> {
    return (await this.connection.call('operator.dropConnections', {}, OPERATOR_REPLY_SCHEMAS['operator.dropConnections'], { idempotent: false })).dropped;
  }

  async whoViewed(personId: string): Promise<ViewRecord[]> {
    return (await this.connection.call('operator.whoViewed', { personId }, OPERATOR_REPLY_SCHEMAS['operator.whoViewed'], { idempotent: false })).views;
  }

  verifyAudit(): Promise<AuditVerification> {
    return this.connection.call('operator.auditVerify', {}, OPERATOR_REPLY_SCHEMAS['operator.auditVerify'], { idempotent: false });
  }

  async resolveLinkage(personId: string, resolution: 'confirmedSamePerson' | 'unlinked'): Promise<void> {
    await this.connection.call('operator.resolveLinkage', { personId, resolution }, OPERATOR_REPLY_SCHEMAS['operator.resolveLinkage'], { idempotent: false });
  }

  /** Source addresses and 医療機関コード whose failed hellos are being held back (back-off or lockout). */
  async lockouts(): Promise<HelloLockout[]> {
    return (await this.connection.call('operator.lockouts', {}, OPERATOR_REPLY_SCHEMAS['operator.lockouts'], { idempotent: false })).lockouts;
  }

  /** Lift one lockout early (e.g. a clinic locked out by someone else's guesses). */
  async clearLockout(scope: 'source' | 'clinic', key: string): Promise<boolean> {
    return (await this.connection.call('operator.clearLockout', { scope, key }, OPERATOR_REPLY_SCHEMAS['operator.clearLockout'], { idempotent: false })).cleared;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
