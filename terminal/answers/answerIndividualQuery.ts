import { confirmationBody } from '../messages/resultElements.ts';
import { resultHeader } from '../messages/resultHeader.ts';
import { IndividualQueryDocumentSchema, parseRequestDocument, toSearch } from '../messages/RequestDocuments.ts';
import { writeXmlMsg } from '../xml/writeXmlMsg.ts';
import { checkClinic, type AnswerContext } from './AnswerContext.ts';
import { rejectionOfServiceError } from './rejectionOfServiceError.ts';

/** OQSsiquc01req → OQSsiquc01res: 個別照会 (照会区分 2), the service's result element for element. */
export async function answerIndividualQuery(ctx: AnswerContext): Promise<Buffer> {
  const doc = parseRequestDocument(ctx.xml, IndividualQueryDocumentSchema);
  checkClinic(ctx, doc.MessageHeader.MedicalInstitutionCode);
  const result = await ctx.client
    .confirmByInsuranceNumber(toSearch(doc.MessageBody.QualificationConfirmSearchInfo[0]!), { idempotencyKey: ctx.idempotencyKey, deadlineMs: ctx.serviceDeadlineMs })
    .catch((e: unknown) => {
      throw rejectionOfServiceError(e);
    });
  const h = result.MessageHeader;
  return writeXmlMsg(
    {
      MessageHeader: resultHeader({
        executedAt: h.ProcessExecutionTime,
        encoding: ctx.encoding,
        segment: h.SegmentOfResult,
        qualificationConfirmationDate: h.QualificationConfirmationDate,
        referenceClassification: h.ReferenceClassification,
        arbitraryFileIdentifier: doc.MessageHeader.ArbitraryFileIdentifier,
        medicalInstitutionCode: h.MedicalInstitutionCode,
        error: h.ErrorCode ? { code: h.ErrorCode, message: h.ErrorMessage ?? '' } : null,
      }),
      MessageBody: confirmationBody(result.MessageBody),
    },
    ctx.encoding,
  );
}
