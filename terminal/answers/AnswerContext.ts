import type { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { RequestFileName } from '../files/RequestFileName.ts';
import { RequestRejection } from '../files/RequestRejection.ts';
import type { RequestHeader } from '../messages/RequestDocuments.ts';
import type { FileEncoding } from '../xml/FileEncoding.ts';
import type { XmlTree } from '../xml/readXmlMsg.ts';

/** What every request kind's answer is made from. */
export interface AnswerContext {
  file: RequestFileName;
  xml: XmlTree;
  header: RequestHeader;
  /** The result's encoding: the request's CharacterCodeIdentifier, else the terminal's setting. */
  encoding: FileEncoding;
  client: EligibilityClient;
  /** Derived from the request (its identifier, or its name and bytes): a retry after a crash is the same call. */
  idempotencyKey: string;
  serviceDeadlineMs: number;
  medicalInstitutionCode: string;
  now: () => Date;
}

/** The request is for this terminal's clinic, or it is refused: results must never cross clinics. */
export function checkClinic(ctx: AnswerContext, code: string): void {
  if (code !== ctx.medicalInstitutionCode) throw new RequestRejection('CLINIC_MISMATCH', `要求は ${code}、この端末は ${ctx.medicalInstitutionCode} です`);
}
