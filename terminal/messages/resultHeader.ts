import { formatOqsDateTime } from '../../protocol/eligibility/OqsDateTime.ts';
import { CHARACTER_CODE_IDENTIFIER, type FileEncoding } from '../xml/FileEncoding.ts';
import type { XmlOut } from '../xml/writeXmlMsg.ts';

export interface ResultHeaderFields {
  executedAt: Date | string;
  encoding: FileEncoding;
  segment: '1' | '2' | '9';
  qualificationConfirmationDate?: string | null;
  referenceClassification?: '1' | '2' | null;
  /** Echoed exactly as the request had it: clients match results by this element's text. */
  arbitraryFileIdentifier?: string | null;
  medicalInstitutionCode: string | null;
  receptionNumber?: string | null;
  counts?: { total: number; normal: number; errors: number } | null;
  error?: { code: string; message: string } | null;
}

/** A result's MessageHeader in the order the real terminal writes it (research/terminal-files.md §2). */
export function resultHeader(f: ResultHeaderFields): XmlOut {
  return {
    ProcessExecutionTime: typeof f.executedAt === 'string' ? f.executedAt : formatOqsDateTime(f.executedAt),
    CharacterCodeIdentifier: CHARACTER_CODE_IDENTIFIER[f.encoding],
    SegmentOfResult: f.segment,
    QualificationConfirmationDate: f.qualificationConfirmationDate,
    ReferenceClassification: f.referenceClassification,
    ArbitraryFileIdentifier: f.arbitraryFileIdentifier,
    MedicalInstitutionCode: f.medicalInstitutionCode,
    ReceptionNumber: f.receptionNumber,
    NumberOfProcessingResult: f.counts?.total,
    NumberOfNormalProcessing: f.counts?.normal,
    NumberOfError: f.counts?.errors,
    ErrorCode: f.error?.code,
    ErrorMessage: f.error?.message,
  };
}
