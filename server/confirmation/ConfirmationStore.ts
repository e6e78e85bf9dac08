import type { CardIdentityMethod, ConsentChoice } from '../../protocol/eligibility/ClientMessage.ts';
import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { CredentialKind } from '../../jpki/CredentialKind.ts';
import type { QualificationValidity } from '../../protocol/eligibility/EligibilityResult.ts';
import type { TerminalSession } from '../clinic/TerminalSession.ts';
import type { Sql } from '../db/Sql.ts';
import type { ConfirmationFacts } from '../medical/decideMedicalAccess.ts';

/** A confirmation as recorded: the facts a later medical-information request is judged on, and whose data it showed. */
export interface RecordedConfirmation {
  facts: ConfirmationFacts;
  personIds: string[];
}

interface ConfirmationRow {
  classification: ConfirmationFacts['classification'];
  person_ids: string;
  refused: number;
  identity_method: CardIdentityMethod | null;
  certificate_standing: CertificateStanding | null;
  wrong_linkage: number;
  consent: string | null;
  consented_at: string | null;
  qualification_validity: QualificationValidity | null;
  reader_id: string | null;
  certificate_serial: string | null;
  credential: CredentialKind | null;
}

/**
 * Every answer given to a clinic (照会区分 1 and 2, outage lookups), by its reference number, with the
 * answer itself as it was sent.
 */
export class ConfirmationStore {
  constructor(private readonly sql: Sql) {}

  /** The answer as it was sent (JSON), if this clinic made the confirmation. */
  async resultJson(referenceNumber: string, clinicCode: string): Promise<string | null> {
    return (await this.sql.get<{ result: string }>('SELECT result FROM confirmations WHERE reference_number = ? AND clinic_code = ?', [referenceNumber, clinicCode]))?.result ?? null;
  }

  async record(session: TerminalSession, referenceNumber: string, facts: ConfirmationFacts, personIds: string[], result: unknown, now: Date): Promise<void> {
    await this.sql.run(
      `INSERT INTO confirmations (reference_number, clinic_code, terminal_id, classification, person_ids, refused, identity_method, certificate_standing, wrong_linkage, consent, consented_at, result, created_at,
         qualification_validity, reader_id, certificate_serial, credential)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        referenceNumber,
        session.clinicCode,
        session.terminalId,
        facts.classification,
        JSON.stringify(personIds),
        facts.refused ? 1 : 0,
        facts.identityMethod,
        facts.certificateStanding,
        facts.wrongLinkageSuspected ? 1 : 0,
        facts.consent ? JSON.stringify(facts.consent.choice) : null,
        facts.consent ? facts.consent.givenAt.toISOString() : null,
        JSON.stringify(result),
        now.toISOString(),
        facts.validity,
        facts.readerId,
        facts.certificateSerial,
        facts.credential ?? null,
      ],
    );
  }

  /** The confirmation, if this clinic made it: another clinic's reference number finds nothing. */
  async find(referenceNumber: string, clinicCode: string): Promise<RecordedConfirmation | null> {
    const row = await this.sql.get<ConfirmationRow>(
      `SELECT classification, person_ids, refused, identity_method, certificate_standing, wrong_linkage, consent, consented_at, qualification_validity, reader_id, certificate_serial, credential
       FROM confirmations WHERE reference_number = ? AND clinic_code = ?`,
      [referenceNumber, clinicCode],
    );
    if (!row) return null;
    return {
      facts: {
        classification: row.classification,
        refused: row.refused === 1,
        identityMethod: row.identity_method,
        certificateStanding: row.certificate_standing,
        wrongLinkageSuspected: row.wrong_linkage === 1,
        consent: row.consent && row.consented_at ? { choice: JSON.parse(row.consent) as ConsentChoice, givenAt: new Date(row.consented_at) } : null,
        validity: row.qualification_validity,
        readerId: row.reader_id,
        certificateSerial: row.certificate_serial,
        credential: row.credential,
      },
      personIds: JSON.parse(row.person_ids) as string[],
    };
  }
}
