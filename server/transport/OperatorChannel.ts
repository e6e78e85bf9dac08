import { PROTOCOL_VERSION, type OperatorRequest } from '../../protocol/eligibility/ClientMessage.ts';
import { isServiceError, ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import { messageOf } from '../../foundation/CodedError.ts';
import type { EligibilityService } from '../EligibilityService.ts';
import type { Connection } from './Connection.ts';
import type { ConnectionRegistry } from './ConnectionRegistry.ts';
import type { HelloThrottle } from './HelloThrottle.ts';
import type { HelloFailureRecords } from '../clinic/HelloFailureRecords.ts';
import type { ServiceFaults } from './ServiceFaults.ts';

export interface OperatorChannelOptions {
  service: EligibilityService;
  faults: ServiceFaults;
  connections: ConnectionRegistry;
  throttle: HelloThrottle;
  /** The clinic-scope counts shared by the instances on the database. */
  sharedFailures: HelloFailureRecords;
}

/**
 * The operator's requests: the levers on the running service (faults, dropped connections, hello
 * lockouts), and the questions no clinic may ask (who viewed a person's data, the audit chain, a linkage review).
 */
export class OperatorChannel {
  constructor(private readonly options: OperatorChannelOptions) {}

  /** Never rejects: a failure is answered as an error frame. */
  async answer(conn: Connection, request: OperatorRequest): Promise<void> {
    const { service, faults, connections, throttle, sharedFailures } = this.options;
    const reply = (body: unknown) => conn.send({ v: PROTOCOL_VERSION, type: 'reply', id: request.id, request: request.type, replayed: false, body });
    try {
      switch (request.type) {
        case 'ping':
          return reply({ serverTime: new Date().toISOString() });
        case 'operator.faults':
          return reply(faults.set(request.faults));
        case 'operator.dropConnections':
          return reply({ dropped: connections.dropTerminals() });
        case 'operator.whoViewed':
          return reply({ personId: request.personId, views: await service.whoViewed(request.personId) });
        case 'operator.auditVerify':
          return reply(await service.verifyAudit());
        case 'operator.resolveLinkage':
          await service.resolveLinkage(request.personId, request.resolution);
          return reply({ personId: request.personId, resolution: request.resolution });
        case 'operator.lockouts':
          // The clinic keys as every instance counted them, with this instance's own addresses.
          for (const [key, record] of await sharedFailures.all()) throttle.adopt('clinic', key, record);
          return reply({ lockouts: throttle.list() });
        case 'operator.clearLockout':
          {
            const here = throttle.clear(request.scope, request.key);
            const shared = request.scope === 'clinic' && (await sharedFailures.remove(request.key));
            return reply({ cleared: here || shared });
          }
      }
    } catch (error) {
      const e = isServiceError(error) ? error : new ServiceError('INTERNAL', messageOf(error));
      conn.sendError(request.id, e.code, e.message);
    }
  }
}
