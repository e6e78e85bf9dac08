import { createHash, timingSafeEqual } from 'node:crypto';
import { PROTOCOL_VERSION, type Hello, type OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';
import type { Clinic } from '../clinic/ClinicCredentials.ts';
import type { Connection } from './Connection.ts';
import type { ConnectionAdmission } from './ConnectionAdmission.ts';
import { CLOSE, type ConnectionLimits } from './ConnectionLimits.ts';
import type { HelloThrottle } from './HelloThrottle.ts';
import type { HelloFailureRecords } from '../clinic/HelloFailureRecords.ts';

const secretDigest = (s: string) => createHash('sha256').update(s).digest();

/** The operator's hellos are throttled under this key, beside the 医療機関コード of the clinics'. */
const OPERATOR_KEY = 'operator';

export interface HelloAuthenticationOptions {
  clinics: { authenticate(code: string, secret: string): Promise<Clinic | null> };
  /** The operator channel's secret; without one every operator hello is refused. */
  operatorSecret: string | null;
  faults: () => OperatorFaults;
  throttle: HelloThrottle;
  /** The clinic-scope counts in the database, shared with every instance on it (absent: this instance's memory only). */
  sharedFailures?: HelloFailureRecords;
  admission: ConnectionAdmission;
  /** Told to the peer in the welcome, so a client can pace itself. */
  limits: Pick<ConnectionLimits, 'maxFrameBytes' | 'requestsPerSecond' | 'burst'>;
}

/**
 * A connection's first frame: a terminal proves its clinic with the clinic's secret, the operator with
 * the operator secret. Accepted: the connection takes the role and is welcomed. Refused: it is told
 * why and closed (AUTH_FAILED; AUTH_LOCKED while this address or this 医療機関コード has failed too
 * often, without checking the secret at all; SERVICE_DOWN while the operator has the service down).
 */
export class HelloAuthentication {
  private readonly operatorDigest: Buffer | null;

  constructor(private readonly options: HelloAuthenticationOptions) {
    this.operatorDigest = options.operatorSecret ? secretDigest(options.operatorSecret) : null;
  }

  /** Resolves once the hello is answered; the connection's next frames wait for it (openServiceEndpoint). Never rejects. */
  async answer(conn: Connection, hello: Hello): Promise<void> {
    const { throttle } = this.options;
    const key = hello.role === 'terminal' ? hello.medicalInstitutionCode : OPERATOR_KEY;
    if (hello.role === 'terminal' && this.options.faults().down) {
      conn.sendError(hello.id, 'SERVICE_DOWN', 'The eligibility service is down; switch to outage handling and retry later.');
      conn.socket.close(CLOSE.tryAgainLater, 'service down');
      return;
    }
    if (this.options.sharedFailures) {
      // What the other instances counted for this clinic key counts here too.
      try {
        const stored = await this.options.sharedFailures.load(key);
        if (stored.known) throttle.adopt('clinic', key, stored.record);
      } catch {
        // The database did not answer: judged by this instance's own count alone.
      }
    }
    const admission = throttle.admit(conn.source, key);
    if (!admission.allowed) {
      const whose = admission.scope === 'source' ? 'from this address' : hello.role === 'terminal' ? `for 医療機関コード ${key}` : 'for the operator channel';
      conn.sendError(hello.id, 'AUTH_LOCKED', `Too many failed hellos ${whose}; not checked for another ${Math.ceil(admission.retryAfterMs / 1000)} s.`, { retryAfterMs: admission.retryAfterMs, scope: admission.scope });
      conn.socket.close(CLOSE.tryAgainLater, 'hello locked out');
      return;
    }
    if (hello.role === 'operator') {
      // Both sides hashed to one length, so the comparison takes the same time whatever was sent.
      const ok = this.operatorDigest !== null && timingSafeEqual(secretDigest(hello.secret), this.operatorDigest);
      if (!ok) return await this.refuse(conn, hello.id, key, 'The operator secret is wrong, or this service has no operator channel.');
      conn.role = 'operator';
    } else {
      let clinic: Clinic | null;
      try {
        clinic = await this.options.clinics.authenticate(hello.medicalInstitutionCode, hello.secret);
      } catch {
        // The database did not answer (PostgreSQL restarting): not the terminal's fault, so no failure is counted.
        conn.sendError(hello.id, 'SERVICE_DOWN', 'The eligibility service cannot check the secret right now (its database is unavailable); retry later.');
        conn.socket.close(CLOSE.tryAgainLater, 'database unavailable');
        return;
      }
      if (!clinic) return await this.refuse(conn, hello.id, key, 'Unknown 医療機関コード or wrong secret.');
      conn.role = 'terminal';
      conn.session = { clinicCode: clinic.code, clinicName: clinic.name, terminalId: hello.terminalId };
    }
    throttle.succeeded(conn.source, key);
    this.options.admission.authenticated(conn.admitted);
    const { maxFrameBytes, requestsPerSecond, burst } = this.options.limits;
    conn.send({
      v: PROTOCOL_VERSION,
      type: 'welcome',
      id: hello.id,
      role: conn.role,
      medicalInstitutionCode: conn.session?.clinicCode ?? null,
      clinicName: conn.session?.clinicName ?? null,
      serverTime: new Date().toISOString(),
      limits: { maxFrameBytes, requestsPerSecond, burst },
    });
  }

  private async refuse(conn: Connection, id: string, key: string, message: string): Promise<void> {
    const { throttle, sharedFailures } = this.options;
    if (!sharedFailures) throttle.failed(conn.source, key);
    else {
      let counted = false;
      try {
        await sharedFailures.update(key, (stored) => {
          if (stored.known) throttle.adopt('clinic', key, stored.record);
          throttle.failed(conn.source, key);
          counted = true;
          return throttle.record('clinic', key);
        });
      } catch {
        // The database did not take it: counted in this instance's memory at least, never less held back for a fault.
        if (!counted) throttle.failed(conn.source, key);
      }
    }
    conn.sendError(id, 'AUTH_FAILED', message);
    conn.socket.close(CLOSE.policy, 'auth failed');
  }
}
