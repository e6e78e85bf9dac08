import { fileInsurerNumber } from '../messages/resultElements.ts';
import { resultHeader } from '../messages/resultHeader.ts';
import { parseRequestDocument, ReferenceRegistrationDocumentSchema, toRegistration } from '../messages/RequestDocuments.ts';
import { writeXmlMsg } from '../xml/writeXmlMsg.ts';
import { checkClinic, type AnswerContext } from './AnswerContext.ts';
import { rejectionOfServiceError } from './rejectionOfServiceError.ts';

/** OQSsiimm01req → OQSsiimm01res: 照会番号 registration, in the element order of the real result (research §4.4). */
export async function answerReferenceRegistration(ctx: AnswerContext): Promise<Buffer> {
  const doc = parseRequestDocument(ctx.xml, ReferenceRegistrationDocumentSchema);
  checkClinic(ctx, doc.MessageHeader.MedicalInstitutionCode);
  const registration = toRegistration(doc.MessageBody.ReferenceNumberRegistrationInfo[0]!);
  const result = await ctx.client.registerReferenceNumber(registration, { idempotencyKey: ctx.idempotencyKey, deadlineMs: ctx.serviceDeadlineMs }).catch((e: unknown) => {
    throw rejectionOfServiceError(e);
  });
  const info = result.ReferenceNumberRegistrationInfo;
  return writeXmlMsg(
    {
      MessageHeader: resultHeader({ executedAt: ctx.now(), encoding: ctx.encoding, segment: '1', arbitraryFileIdentifier: doc.MessageHeader.ArbitraryFileIdentifier, medicalInstitutionCode: doc.MessageHeader.MedicalInstitutionCode }),
      MessageBody: {
        ReferenceNumberRegistrationInfo: {
          InsurerNumber: fileInsurerNumber(info.InsurerNumber.padStart(8, '0')),
          InsuredIdentificationNumber: info.InsuredIdentificationNumber,
          ReferenceNumber: info.ReferenceNumber,
          InsuredCardSymbol: info.InsuredCardSymbol,
          InsuredBranchNumber: info.InsuredBranchNumber,
        },
        ProcessingResultStatus: result.ProcessingResultStatus,
        ProcessingResultCode: result.ProcessingResultCode,
        ProcessingResultMessage: result.ProcessingResultMessage,
      },
    },
    ctx.encoding,
  );
}
