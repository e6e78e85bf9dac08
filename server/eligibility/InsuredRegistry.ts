import type { SeedMedicalSubsidy } from '../seed/SeedPopulation.ts';
import type { Sql } from '../db/Sql.ts';
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

// A linked certificate (`server person link`) stands for the resident it was linked to.
// So does a phone's own certificate (スマホ用電子証明書) for the holder it was issued to.
const RESIDENT_BY_SERIAL =
  'SELECT r.* FROM residents r WHERE r.certificate_serial = ? UNION ALL SELECT r.* FROM certificate_links l JOIN residents r ON r.id = l.resident_id WHERE l.serial = ? UNION ALL SELECT r.* FROM phone_certificates p JOIN residents r ON r.id = p.resident_id WHERE p.serial = ? LIMIT 1';

/** Read access to the simulated J-LIS and 中間サーバー data. */
export class InsuredRegistry {
  constructor(private readonly sql: Sql) {}

  async residentByCertificate(serial: string): Promise<Resident | undefined> {
    const r = await this.sql.get<{ id: string; certificate_serial: string | null; name: string; name_kana: string; birth_date: string; sex: string; address: string; insurance_use_registered: number }>(RESIDENT_BY_SERIAL, [serial, serial, serial]);
    if (!r) return undefined;
    // Registered in the seed, or since at a reader (利用登録 on the spot, which outlives re-seeding).
    const registered = r.insurance_use_registered === 1 || (await this.sql.get('SELECT 1 AS registered FROM insurance_use_registrations WHERE resident_id = ?', [r.id])) !== undefined;
    return { id: r.id, certificateSerial: r.certificate_serial, name: r.name, nameKana: r.name_kana, birthDate: r.birth_date, sex: r.sex, address: r.address, insuranceUseRegistered: registered };
  }

  /** 利用登録 at a reader: the card holder is registered for 保険証 use from now on. False when already registered there. */
  async registerInsuranceUse(residentId: string, at: { now: Date; clinicCode: string; readerId: string | null; certificateSerial: string; credential: string }): Promise<boolean> {
    const changed = await this.sql.run(
      'INSERT INTO insurance_use_registrations (resident_id, registered_at, clinic_code, reader_id, certificate_serial, credential) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (resident_id) DO NOTHING',
      [residentId, at.now.toISOString(), at.clinicCode, at.readerId, at.certificateSerial, at.credential],
    );
    return changed === 1;
  }

  /** The person's 受給者証 in PMH (医療費助成), in force or not. */
  async medicalSubsidiesOf(personId: string): Promise<SeedMedicalSubsidy[]> {
    const row = await this.sql.get<{ medical_subsidies: string }>('SELECT medical_subsidies FROM people WHERE id = ?', [personId]);
    return row ? (JSON.parse(row.medical_subsidies) as SeedMedicalSubsidy[]) : [];
  }

  async isRevoked(serial: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS revoked FROM revoked_certificates WHERE serial = ?', [serial])) !== undefined;
  }

  async peopleLinkedTo(residentId: string): Promise<InsuredPerson[]> {
    return (await this.sql.all<PersonRow>('SELECT * FROM people WHERE linked_resident_id = ? ORDER BY id', [residentId])).map(toPerson);
  }

  async person(id: string): Promise<InsuredPerson | undefined> {
    const r = await this.sql.get<PersonRow>('SELECT * FROM people WHERE id = ?', [id]);
    return r && toPerson(r);
  }

  async peopleBornOn(birthDate: string, sex: string): Promise<InsuredPerson[]> {
    return (await this.sql.all<PersonRow>('SELECT * FROM people WHERE birth_date = ? AND sex = ? ORDER BY id', [birthDate, sex])).map(toPerson);
  }

  async qualificationsOf(personId: string): Promise<Qualification[]> {
    return (await this.sql.all<QualificationRow>(`${QUALIFICATION_SELECT} WHERE q.person_id = ? ORDER BY q.valid_from`, [personId])).map(toQualification);
  }

  /** The qualifications of several people at once, in the order of `personIds`, each person's by valid_from. */
  async qualificationsOfAll(personIds: readonly string[]): Promise<Qualification[]> {
    const all: Qualification[] = [];
    for (const id of personIds) all.push(...(await this.qualificationsOf(id)));
    return all;
  }

  async qualificationsNumbered(insurerNumber: string, number: string): Promise<Qualification[]> {
    return (await this.sql.all<QualificationRow>(`${QUALIFICATION_SELECT} WHERE q.insurer_number = ? AND q.number = ? ORDER BY q.valid_from`, [insurerNumber, number])).map(toQualification);
  }

  async medicalHistory(personId: string): Promise<MedicalHistory> {
    const row = await this.sql.get<{ medical: string }>('SELECT medical FROM people WHERE id = ?', [personId]);
    return MedicalHistorySchema.parse(row ? JSON.parse(row.medical) : {});
  }

  /** An insurer's answer to a flagged linkage: the same person after all, or a link that must go. */
  async resolveLinkage(personId: string, resolution: 'confirmedSamePerson' | 'unlinked'): Promise<void> {
    if (resolution === 'unlinked') await this.sql.run('UPDATE people SET linked_resident_id = NULL, linkage_review = ? WHERE id = ?', ['none', personId]);
    else await this.sql.run('UPDATE people SET linkage_review = ? WHERE id = ?', ['confirmedSamePerson', personId]);
  }
}
