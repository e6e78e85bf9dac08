import type { RequestRejection } from '../files/RequestRejection.ts';
import type { RequestHeader } from '../messages/RequestDocuments.ts';
import { resultHeader } from '../messages/resultHeader.ts';
import type { FileEncoding } from '../xml/FileEncoding.ts';
import { writeXmlMsg } from '../xml/writeXmlMsg.ts';

/** The `.err` beside a request that could not be read: one UTF-8 line, `<code><TAB><message>` CRLF (ours; the real format is not public). */
export function errorFileText(rejection: RequestRejection): Buffer {
  return Buffer.from(`${rejection.number}\t${rejection.message}\r\n`, 'utf8');
}

/** A readable request that cannot be answered: a header-only result, SegmentOfResult 9 異常終了, with ErrorCode and ErrorMessage. */
export function errorResult(rejection: RequestRejection, header: RequestHeader, encoding: FileEncoding, now: Date): Buffer {
  return writeXmlMsg(
    {
      MessageHeader: resultHeader({
        executedAt: now,
        encoding,
        segment: '9',
        qualificationConfirmationDate: header.QualificationConfirmationDate,
        arbitraryFileIdentifier: header.ArbitraryFileIdentifier,
        medicalInstitutionCode: header.MedicalInstitutionCode,
        error: { code: rejection.number, message: rejection.message },
      }),
      MessageBody: {},
    },
    encoding,
  );
}
