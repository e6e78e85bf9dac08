import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';
import { ClinicCredentials } from '../clinic/ClinicCredentials.ts';
import type { SeedPopulation } from './SeedPopulation.ts';

export interface SeedCounts {
  clinics: number;
  residents: number;
  people: number;
  qualifications: number;
}

/**
 * Load a population into the database. The population tables are replaced as a whole, so seeding
 * twice gives the same state; what clinics did (confirmations, consents, the audit log) is kept.
 */
export function seedDatabase(db: EligibilityDatabase, population: SeedPopulation): SeedCounts {
  let qualifications = 0;
  db.transaction(() => {
    db.exec('DELETE FROM qualifications; DELETE FROM people; DELETE FROM residents; DELETE FROM revoked_certificates; DELETE FROM insurers;');
    const clinics = new ClinicCredentials(db);
    for (const clinic of population.clinics) clinics.register(clinic.code, clinic.name, clinic.secret);
    const insurer = db.prepare('INSERT INTO insurers (number, name, kind) VALUES (?, ?, ?)');
    for (const i of population.insurers) insurer.run(i.number, i.name, i.kind);
    const resident = db.prepare(
      'INSERT INTO residents (id, certificate_serial, name, name_kana, birth_date, sex, address, insurance_use_registered) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of population.residents) resident.run(r.id, r.certificateSerial, r.name, r.nameKana, r.birthDate, r.sex, r.address, r.insuranceUseRegistered ? 1 : 0);
    const revoked = db.prepare('INSERT INTO revoked_certificates (serial, revoked_on, reason) VALUES (?, ?, ?)');
    for (const c of population.revokedCertificates) revoked.run(c.serial, c.revokedOn, c.reason);
    const person = db.prepare(
      'INSERT INTO people (id, linked_resident_id, name, name_kana, birth_date, sex, address, post_number, identity_check, medical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const qualification = db.prepare(
      `INSERT INTO qualifications (person_id, insurer_number, symbol, number, branch, card_classification, personal_family, insured_name, issued_on,
         valid_from, lost_on, reason_of_loss, ratio, preschool, elderly, limit_application, specific_diseases, prescription_issue_select)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of population.people) {
      person.run(p.id, p.linkedResident, p.name, p.nameKana, p.birthDate, p.sex, p.address, p.postNumber, p.identityCheck, JSON.stringify(p.medical));
      for (const q of p.qualifications) {
        qualifications += 1;
        qualification.run(
          p.id, q.insurerNumber, q.symbol, q.number, q.branch, q.cardClassification, q.personalFamily, q.insuredName, q.issuedOn,
          q.validFrom, q.lostOn, q.reasonOfLoss, q.ratio, q.preschool ? 1 : 0,
          q.elderly ? JSON.stringify(q.elderly) : null, q.limitApplication ? JSON.stringify(q.limitApplication) : null,
          JSON.stringify(q.specificDiseases), q.prescriptionIssueSelect,
        );
      }
    }
  })();
  return { clinics: population.clinics.length, residents: population.residents.length, people: population.people.length, qualifications };
}
