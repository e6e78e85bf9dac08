import { createHash, timingSafeEqual } from 'node:crypto';
import { PROTOCOL_VERSION, type Hello, type OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';
import type { ClinicCredentials } from '../clinic/ClinicCredentials.ts';
import type { Connection } from './Connection.ts';
import { CLOSE, type ConnectionLimits } from './ConnectionLimits.ts';

const secretDigest = (s: string) => createHash('sha256').update(s).digest();

export interface HelloAuthenticationOptions {
  clinics: ClinicCredentials;
  /** The operator channel's secret; without one every operator hello is refused. */
  operatorSecret: string | null;
  faults: () => OperatorFaults;
  /** Told to the peer in the welcome, so a client can pace itself. */
  limits: Pick<ConnectionLimits, 'maxFrameBytes' | 'requestsPerSecond' | 'burst'>;
}

/**
 * A connection's first frame: a terminal proves its clinic with the clinic's secret, the operator with
 * the operator secret. Accepted: the connection takes the role and is welcomed. Refused: it is told
 * why and closed (AUTH_FAILED; SERVICE_DOWN while the operator has the service down).
 */
export class HelloAuthentication {
  private readonly operatorDigest: Buffer | null;

  constructor(private readonly options: HelloAuthenticationOptions) {
    this.operatorDigest = options.operatorSecret ? secretDigest(options.operatorSecret) : null;
  }

  answer(conn: Connection, hello: Hello): void {
    if (hello.role === 'operator') {
      // Both sides hashed to one length, so the comparison takes the same time whatever was sent.
      const ok = this.operatorDigest !== null && timingSafeEqual(secretDigest(hello.secret), this.operatorDigest);
      if (!ok) {
        conn.sendError(hello.id, 'AUTH_FAILED', 'The operator secret is wrong, or this service has no operator channel.');
        conn.socket.close(CLOSE.policy, 'auth failed');
        return;
      }
      conn.role = 'operator';
    } else {
      if (this.options.faults().down) {
        conn.sendError(hello.id, 'SERVICE_DOWN', 'The eligibility service is down; switch to outage handling and retry later.');
        conn.socket.close(CLOSE.tryAgainLater, 'service down');
        return;
      }
      const clinic = this.options.clinics.authenticate(hello.medicalInstitutionCode, hello.secret);
      if (!clinic) {
        conn.sendError(hello.id, 'AUTH_FAILED', 'Unknown 医療機関コード or wrong secret.');
        conn.socket.close(CLOSE.policy, 'auth failed');
        return;
      }
      conn.role = 'terminal';
      conn.session = { clinicCode: clinic.code, clinicName: clinic.name, terminalId: hello.terminalId };
    }
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
}
