import { BULK_PART_MAX, type BulkConfirmUnit } from '../../protocol/eligibility/BulkQuery.ts';
import { formatOqsDateTime } from '../../protocol/eligibility/OqsDateTime.ts';
import { bulkConfirmUnit } from '../messages/resultElements.ts';
import { resultHeader } from '../messages/resultHeader.ts';
import { BulkQueryDocumentSchema, BulkResultDocumentSchema, parseRequestDocument, toSearch } from '../messages/RequestDocuments.ts';
import { writeXmlMsg } from '../xml/writeXmlMsg.ts';
import { checkClinic, type AnswerContext } from './AnswerContext.ts';
import { rejectionOfServiceError } from './rejectionOfServiceError.ts';

/**
 * OQSmuquc01req → OQSmuquc01res: the 受付 answer. The searches go to the service in parts of at most
 * BULK_PART_MAX, each part with its own key derived from the request, so a crash half-way re-sends the same
 * parts and the service replays them: one 受付番号 per request file, never two.
 */
export async function answerBulkSubmit(ctx: AnswerContext): Promise<Buffer> {
  const doc = parseRequestDocument(ctx.xml, BulkQueryDocumentSchema);
  checkClinic(ctx, doc.MessageHeader.MedicalInstitutionCode);
  const searches = doc.MessageBody.QualificationConfirmSearchInfo.map(toSearch);
  let receptionNumber: string | null = null;
  let receivedAt = '';
  try {
    for (let part = 0; part * BULK_PART_MAX < searches.length; part++) {
      const chunk = searches.slice(part * BULK_PART_MAX, (part + 1) * BULK_PART_MAX);
      const last = (part + 1) * BULK_PART_MAX >= searches.length;
      const reception = await ctx.client.submitBulkPart(
        { receptionNumber, qualificationConfirmationDate: doc.MessageHeader.QualificationConfirmationDate, searches: chunk, last },
        { idempotencyKey: `${ctx.idempotencyKey}:${part}`, deadlineMs: ctx.serviceDeadlineMs },
      );
      receptionNumber = reception.receptionNumber;
      receivedAt = reception.receivedAt;
    }
  } catch (error) {
    throw rejectionOfServiceError(error);
  }
  return writeXmlMsg(
    {
      MessageHeader: resultHeader({ executedAt: ctx.now(), encoding: ctx.encoding, segment: '1', arbitraryFileIdentifier: doc.MessageHeader.ArbitraryFileIdentifier, medicalInstitutionCode: doc.MessageHeader.MedicalInstitutionCode }),
      MessageBody: { ReceptionNumber: receptionNumber, ReceptionDateTime: formatOqsDateTime(new Date(receivedAt)) },
    },
    ctx.encoding,
  );
}

/**
 * OQSmuquc02req → OQSmuquc02res: by 受付番号, SegmentOfResult 2 (処理中, send a new 02req later) until the
 * service has the answers, then every BulkConfirmUnit with the counts.
 */
export async function answerBulkResult(ctx: AnswerContext): Promise<Buffer> {
  const doc = parseRequestDocument(ctx.xml, BulkResultDocumentSchema);
  checkClinic(ctx, doc.MessageHeader.MedicalInstitutionCode);
  const receptionNumber = doc.MessageBody.ReceptionNumber;
  const units: BulkConfirmUnit[] = [];
  let page;
  try {
    let offset: number | null = 0;
    do {
      page = await ctx.client.bulkResult(receptionNumber, { offset }, { deadlineMs: ctx.serviceDeadlineMs });
      units.push(...page.units);
      offset = page.nextOffset;
    } while (offset !== null && page.status === 'complete');
  } catch (error) {
    throw rejectionOfServiceError(error);
  }
  const common = { executedAt: ctx.now(), encoding: ctx.encoding, medicalInstitutionCode: doc.MessageHeader.MedicalInstitutionCode, receptionNumber };
  if (page.status !== 'complete') return writeXmlMsg({ MessageHeader: resultHeader({ ...common, segment: '2' }), MessageBody: {} }, ctx.encoding);
  return writeXmlMsg(
    {
      MessageHeader: resultHeader({
        ...common,
        segment: '1',
        qualificationConfirmationDate: page.qualificationConfirmationDate,
        arbitraryFileIdentifier: doc.MessageHeader.ArbitraryFileIdentifier,
        counts: { total: page.total, normal: page.normal ?? 0, errors: page.errors ?? 0 },
      }),
      MessageBody: { BulkConfirmUnit: units.map(bulkConfirmUnit) },
    },
    ctx.encoding,
  );
}
