import type { BulkConfirmUnit, BulkReception, BulkResult } from '../../protocol/eligibility/BulkQuery.ts';
import { BULK_RECEPTION_MAX } from '../../protocol/eligibility/BulkQuery.ts';
import type { TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import { oqsDateToIso } from '../../protocol/eligibility/OqsDateTime.ts';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import type { AuditLog } from '../audit/AuditLog.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import type { ConfirmationByInsuranceNumber } from '../confirmation/ConfirmationByInsuranceNumber.ts';
import type { BulkReceptionRow, BulkReceptions } from './BulkReceptions.ts';

type BulkSubmit = Extract<TerminalRequest, { type: 'insurance.bulkSubmit' }>;

export interface BulkConfirmationDeps {
  receptions: BulkReceptions;
  byInsuranceNumber: ConfirmationByInsuranceNumber;
  audit: AuditLog;
  /** How long a sealed reception stays `processing` before its answers show (the real one takes minutes). */
  processingMs: number;
}

/**
 * 一括照会: the searches of a reception arrive in parts; the last part seals it, and each search is then
 * answered as 照会区分 2 would be on the reception's day, each unit audited as a view of that person. The
 * answers show once `processingMs` has passed, as the real system answers 処理中 until it has finished.
 */
export class BulkConfirmation {
  constructor(private readonly deps: BulkConfirmationDeps) {}

  async submit(session: TerminalSession, request: BulkSubmit, now: Date): Promise<BulkReception> {
    const { receptions } = this.deps;
    const day = oqsDateToIso(request.qualificationConfirmationDate);
    if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || !new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)) {
      throw new ServiceError('INVALID_MESSAGE', `qualificationConfirmationDate ${request.qualificationConfirmationDate} is not a date that exists.`);
    }
    let reception: BulkReceptionRow;
    if (request.receptionNumber) {
      const found = await receptions.find(request.receptionNumber, session.clinicCode);
      if (!found) throw new ServiceError('RECEPTION_UNKNOWN', `No 一括照会 with 受付番号 ${request.receptionNumber} for this clinic.`);
      if (found.sealedAt) throw new ServiceError('RECEPTION_SEALED', `受付番号 ${request.receptionNumber} already received its last part; send a new 一括照会.`);
      if (found.qualificationDate !== request.qualificationConfirmationDate) {
        throw new ServiceError('INVALID_MESSAGE', `Every part of 受付番号 ${found.receptionNumber} must be for ${found.qualificationDate}, not ${request.qualificationConfirmationDate}.`);
      }
      reception = found;
    } else {
      reception = await receptions.open(session.clinicCode, session.terminalId, request.qualificationConfirmationDate, now);
    }
    if (reception.units + request.searches.length > BULK_RECEPTION_MAX) {
      throw new ServiceError('BULK_TOO_LARGE', `One 一括照会 takes at most ${BULK_RECEPTION_MAX} searches; 受付番号 ${reception.receptionNumber} would have ${reception.units + request.searches.length}. Split it.`, {
        details: { max: BULK_RECEPTION_MAX },
      });
    }
    await receptions.addUnits(reception, request.searches);
    const units = reception.units + request.searches.length;
    if (request.last) await this.seal(session, { ...reception, units }, day, now);
    return { receptionNumber: reception.receptionNumber, receivedAt: reception.receivedAt.toISOString(), units, sealed: request.last };
  }

  async result(session: TerminalSession, receptionNumber: string, offset: number, limit: number, now: Date): Promise<BulkResult> {
    const reception = await this.deps.receptions.find(receptionNumber, session.clinicCode);
    if (!reception) throw new ServiceError('RECEPTION_UNKNOWN', `No 一括照会 with 受付番号 ${receptionNumber} for this clinic.`);
    const status = !reception.sealedAt ? 'open' : reception.readyAt && now < reception.readyAt ? 'processing' : 'complete';
    const complete = status === 'complete';
    const units = complete ? await this.deps.receptions.page(reception, offset, limit) : [];
    return {
      receptionNumber,
      status,
      receivedAt: reception.receivedAt.toISOString(),
      qualificationConfirmationDate: reception.qualificationDate,
      completedAt: complete ? reception.readyAt!.toISOString() : null,
      total: reception.units,
      normal: complete ? reception.normal : null,
      errors: complete ? reception.errors : null,
      units,
      nextOffset: complete && offset + units.length < reception.units ? offset + units.length : null,
    };
  }

  private async seal(session: TerminalSession, reception: BulkReceptionRow, day: string, now: Date): Promise<void> {
    const { receptions, byInsuranceNumber, audit } = this.deps;
    let normal = 0;
    for (const [seq, search] of (await receptions.searches(reception)).entries()) {
      const { decision, list } = await byInsuranceNumber.answer(session, search, day);
      const unit: BulkConfirmUnit = {
        QualificationConfirmSearchInfo: search,
        ProcessingResultStatus: '1',
        ProcessingResultCode: null,
        ProcessingResultMessage: null,
        QualificationValidity: decision.validity,
        ResultOfQualificationConfirmation: list,
      };
      normal += 1;
      await receptions.answer(reception, seq, unit);
      const people = [...new Set(decision.shown.map((q) => q.personId))];
      await audit.appendAccess({ at: now, clinicCode: session.clinicCode, actor: session.terminalId, action: 'insurance.bulk', people, result: `validity:${decision.validity}`, detail: { receptionNumber: reception.receptionNumber, seq } });
    }
    await receptions.seal(reception, now, new Date(now.getTime() + this.deps.processingMs), { normal, errors: reception.units - normal });
  }
}
