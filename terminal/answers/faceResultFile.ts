import { createHash } from 'node:crypto';
import type { SettledCheckIn } from '../../kiosk/protocol/SettledCheckIn.ts';
import type { EligibilityResult } from '../../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate, formatOqsDateTime } from '../../protocol/eligibility/OqsDateTime.ts';
import { confirmationBody } from '../messages/resultElements.ts';
import { resultHeader } from '../messages/resultHeader.ts';
import type { FileEncoding } from '../xml/FileEncoding.ts';
import { writeXmlMsg } from '../xml/writeXmlMsg.ts';

export interface FaceResultFile {
  name: string;
  bytes: Buffer;
}

/** A bundle key and file-name id per settled check-in: the visit's 16 hex, then 0000 for the check-in, 0001 for its re-check (ours). */
function visitToken(checkIn: SettledCheckIn): { hex20: string; afi: string } {
  const digest = createHash('sha256').update(checkIn.visitId).digest();
  const hex20 = `${digest.subarray(0, 8).toString('hex')}${checkIn.kind === 'checkIn' ? '0000' : '0001'}`;
  // The real AFI of a face file is a 16-character base64 token the terminal makes (how is not public).
  const afi = createHash('sha256').update(`${checkIn.visitId}:${checkIn.kind}`).digest().subarray(0, 12).toString('base64');
  return { hex20, afi };
}

type Body = Pick<EligibilityResult['MessageBody'], 'ProcessingResultStatus' | 'ProcessingResultCode' | 'ProcessingResultMessage' | 'QualificationValidity' | 'ResultList' | 'QualificationConfirmSearchInfo'>;

/** A システム障害時モード lookup as a result body: one candidate as a confirmation would list it; none → 4; several → 5 with all of them. */
function lookupBody(lookup: Extract<SettledCheckIn['answer'], { kind: 'outage.lookup' }>['lookup']): Body {
  const only = lookup.candidates.length === 1 ? lookup.candidates[0]! : null;
  return {
    ProcessingResultStatus: '1',
    ProcessingResultCode: null,
    ProcessingResultMessage: null,
    QualificationValidity: only ? only.QualificationValidity : lookup.candidates.length === 0 ? '4' : '5',
    ResultList: lookup.candidates.flatMap((c) => c.ResultList),
    QualificationConfirmSearchInfo: null,
  };
}

/**
 * The face result of a kiosk check-in, pushed to `face` without a request (照会区分 1, research §4.2):
 * `OQSsiquc01res_face_<医療機関コード><20 hex>_<yyyyMMddHHmmss>.xml`, the name shape of public clients. A
 * re-check's update has the same first 16 hex and a later time, so clinic software can tie the two
 * (ours). A visit at the kiosk by 資格確認書 numbers is classified 2; everything else 1.
 */
export function faceResultFile(checkIn: SettledCheckIn, medicalInstitutionCode: string, encoding: FileEncoding): FaceResultFile {
  const { hex20, afi } = visitToken(checkIn);
  const settledAt = new Date(checkIn.settledAt);
  const answer = checkIn.answer;
  const result = answer.kind === 'outage.lookup' ? null : answer.result;
  const header = resultHeader({
    executedAt: result ? result.MessageHeader.ProcessExecutionTime : settledAt,
    encoding,
    segment: '1',
    qualificationConfirmationDate: result ? result.MessageHeader.QualificationConfirmationDate : formatOqsDate(settledAt),
    referenceClassification: answer.kind === 'insurance.confirm' ? '2' : '1',
    arbitraryFileIdentifier: afi,
    medicalInstitutionCode: result?.MessageHeader.MedicalInstitutionCode ?? medicalInstitutionCode,
  });
  const body = result ? result.MessageBody : lookupBody((answer as Extract<typeof answer, { kind: 'outage.lookup' }>).lookup);
  return {
    name: `OQSsiquc01res_face_${medicalInstitutionCode}${hex20}_${formatOqsDateTime(settledAt)}.xml`,
    bytes: writeXmlMsg({ MessageHeader: header, MessageBody: confirmationBody(body) }, encoding),
  };
}
