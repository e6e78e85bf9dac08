import type Database from 'better-sqlite3';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';
import { MedicalHistorySchema, type MedicalHistory } from '../../protocol/eligibility/MedicalRecord.ts';
import type { IdentityCheckFlag, SeedQualification } from '../seed/SeedPopulation.ts';

/** A card holder as J-LIS knows them. */
export interface Resident {
  id: string;
  certificateSerial: string | null;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: string;
  address: string;
  insuranceUseRegistered: boolean;
}

/** An insured person as the insurers registered them in the 中間サーバー. */
export interface InsuredPerson {
  id: string;
  linkedResidentId: string | null;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: string;
  address: string | null;
  postNumber: string | null;
  /** Set when an insurer checked a flagged linkage and confirmed it (本人確認判定フラグ). */
  linkageReview: 'none' | 'confirmedSamePerson';
  /** The 本人確認判定フラグ of the 2024-05 registration check. */
  identityCheck: IdentityCheckFlag;
}

export type Qualification = SeedQualification & { id: number; personId: string; insurerName: string };

interface QualificationRow {
  id: number;
  person_id: string;
  insurer_number: string;
  insurer_name: string;
  symbol: string | null;
  number: string;
  branch: string | null;
  card_classification: Qualification['cardClassification'];
  personal_family: Qualification['personalFamily'];
  insured_name: string;
  issued_on: string | null;
  valid_from: string;
  lost_on: string | null;
  reason_of_loss: Qualification['reasonOfLoss'];
  ratio: 10 | 20 | 30;
  preschool: number;
  elderly: string | null;
  limit_application: string | null;
  specific_diseases: string;
  prescription_issue_select: Qualification['prescriptionIssueSelect'];
}

const QUALIFICATION_SELECT = 'SELECT q.*, i.name AS insurer_name FROM qualifications q JOIN insurers i ON i.number = q.insurer_number';

function toQualification(r: QualificationRow): Qualification {
  return {
    id: r.id,
    personId: r.person_id,
    insurerName: r.insurer_name,
    insurerNumber: r.insurer_number,
    symbol: r.symbol,
    number: r.number,
    branch: r.branch,
    cardClassification: r.card_classification,
    personalFamily: r.personal_family,
    insuredName: r.insured_name,
    issuedOn: r.issued_on,
    validFrom: r.valid_from,
    lostOn: r.lost_on,
    reasonOfLoss: r.reason_of_loss,
    ratio: r.ratio,
    preschool: r.preschool === 1,
    elderly: r.elderly ? (JSON.parse(r.elderly) as Qualification['elderly']) : null,
    limitApplication: r.limit_application ? (JSON.parse(r.limit_application) as Qualification['limitApplication']) : null,
    specificDiseases: JSON.parse(r.specific_diseases) as Qualification['specificDiseases'],
    prescriptionIssueSelect: r.prescription_issue_select,
  };
}

interface PersonRow {
  id: string;
  linked_resident_id: string | null;
  name: string;
  name_kana: string;
  birth_date: string;
  sex: string;
  address: string | null;
  post_number: string | null;
  linkage_review: InsuredPerson['linkageReview'];
  identity_check: IdentityCheckFlag;
}

function toPerson(r: PersonRow): InsuredPerson {
  return {
    id: r.id,
    linkedResidentId: r.linked_resident_id,
    name: r.name,
    nameKana: r.name_kana,
    birthDate: r.birth_date,
    sex: r.sex,
    address: r.address,
    postNumber: r.post_number,
    linkageReview: r.linkage_review,
    identityCheck: r.identity_check,
  };
}

/** Read access to the simulated J-LIS and 中間サーバー data, with the statements prepared once. */
export class InsuredRegistry {
  private readonly residentBySerial: Database.Statement;
  private readonly revoked: Database.Statement;
  private readonly linkedPeople: Database.Statement;
  private readonly personById: Database.Statement;
  private readonly qualificationsOfPerson: Database.Statement;
  private readonly qualificationsByNumber: Database.Statement;
  private readonly peopleByBirth: Database.Statement;
  private readonly medicalOf: Database.Statement;

  constructor(private readonly db: EligibilityDatabase) {
    // A linked certificate (`server person link`) stands for the resident it was linked to.
    this.residentBySerial = db.prepare('SELECT r.* FROM residents r WHERE r.certificate_serial = @serial UNION ALL SELECT r.* FROM certificate_links l JOIN residents r ON r.id = l.resident_id WHERE l.serial = @serial LIMIT 1');
    this.revoked = db.prepare('SELECT 1 FROM revoked_certificates WHERE serial = ?');
    this.linkedPeople = db.prepare('SELECT * FROM people WHERE linked_resident_id = ? ORDER BY id');
    this.personById = db.prepare('SELECT * FROM people WHERE id = ?');
    this.qualificationsOfPerson = db.prepare(`${QUALIFICATION_SELECT} WHERE q.person_id = ? ORDER BY q.valid_from`);
    this.qualificationsByNumber = db.prepare(`${QUALIFICATION_SELECT} WHERE q.insurer_number = ? AND q.number = ? ORDER BY q.valid_from`);
    this.peopleByBirth = db.prepare('SELECT * FROM people WHERE birth_date = ? AND sex = ? ORDER BY id');
    this.medicalOf = db.prepare('SELECT medical FROM people WHERE id = ?');
  }

  residentByCertificate(serial: string): Resident | undefined {
    const r = this.residentBySerial.get({ serial }) as
      | { id: string; certificate_serial: string | null; name: string; name_kana: string; birth_date: string; sex: string; address: string; insurance_use_registered: number }
      | undefined;
    return (
      r && {
        id: r.id,
        certificateSerial: r.certificate_serial,
        name: r.name,
        nameKana: r.name_kana,
        birthDate: r.birth_date,
        sex: r.sex,
        address: r.address,
        insuranceUseRegistered: r.insurance_use_registered === 1,
      }
    );
  }

  isRevoked(serial: string): boolean {
    return this.revoked.get(serial) !== undefined;
  }

  peopleLinkedTo(residentId: string): InsuredPerson[] {
    return (this.linkedPeople.all(residentId) as PersonRow[]).map(toPerson);
  }

  person(id: string): InsuredPerson | undefined {
    const r = this.personById.get(id) as PersonRow | undefined;
    return r && toPerson(r);
  }

  peopleBornOn(birthDate: string, sex: string): InsuredPerson[] {
    return (this.peopleByBirth.all(birthDate, sex) as PersonRow[]).map(toPerson);
  }

  qualificationsOf(personId: string): Qualification[] {
    return (this.qualificationsOfPerson.all(personId) as QualificationRow[]).map(toQualification);
  }

  qualificationsNumbered(insurerNumber: string, number: string): Qualification[] {
    return (this.qualificationsByNumber.all(insurerNumber, number) as QualificationRow[]).map(toQualification);
  }

  medicalHistory(personId: string): MedicalHistory {
    const row = this.medicalOf.get(personId) as { medical: string } | undefined;
    return MedicalHistorySchema.parse(row ? JSON.parse(row.medical) : {});
  }

  /** An insurer's answer to a flagged linkage: the same person after all, or a link that must go. */
  resolveLinkage(personId: string, resolution: 'confirmedSamePerson' | 'unlinked'): void {
    if (resolution === 'unlinked') this.db.prepare('UPDATE people SET linked_resident_id = NULL, linkage_review = ? WHERE id = ?').run('none', personId);
    else this.db.prepare('UPDATE people SET linkage_review = ? WHERE id = ?').run('confirmedSamePerson', personId);
  }
}
