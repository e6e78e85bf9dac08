/**
 * Schema migrations, applied in order and recorded in schema_migrations. Never edit a shipped
 * migration: add the next one, so a database file from any earlier build opens and upgrades.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'clinics, the seed population, confirmations, challenges, outage mode, idempotency, audit log',
    sql: `
      CREATE TABLE clinics (
        code TEXT PRIMARY KEY CHECK (length(code) = 10),
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- J-LIS side: who holds which 利用者証明用電子証明書, and the simulated CRL.
      CREATE TABLE residents (
        id TEXT PRIMARY KEY,
        certificate_serial TEXT UNIQUE,
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL,
        address TEXT NOT NULL,
        insurance_use_registered INTEGER NOT NULL
      );
      CREATE TABLE revoked_certificates (serial TEXT PRIMARY KEY, revoked_on TEXT NOT NULL, reason TEXT NOT NULL);
      -- 中間サーバー side: insured people as the insurers registered them, linked to a resident.
      CREATE TABLE insurers (number TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        linked_resident_id TEXT REFERENCES residents(id),
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL,
        address TEXT,
        post_number TEXT,
        linkage_review TEXT NOT NULL DEFAULT 'none',
        medical TEXT NOT NULL
      );
      CREATE INDEX people_by_link ON people(linked_resident_id);
      CREATE INDEX people_by_birth ON people(birth_date, sex);
      CREATE TABLE qualifications (
        id INTEGER PRIMARY KEY,
        -- No foreign key: a re-seed replaces the people, and a number for someone gone is harmless.
        person_id TEXT NOT NULL,
        insurer_number TEXT NOT NULL REFERENCES insurers(number),
        symbol TEXT,
        number TEXT NOT NULL,
        branch TEXT,
        card_classification TEXT NOT NULL,
        personal_family TEXT NOT NULL,
        insured_name TEXT NOT NULL,
        issued_on TEXT,
        valid_from TEXT NOT NULL,
        lost_on TEXT,
        reason_of_loss TEXT,
        ratio INTEGER NOT NULL,
        preschool INTEGER NOT NULL,
        elderly TEXT,
        limit_application TEXT,
        specific_diseases TEXT NOT NULL,
        prescription_issue_select TEXT NOT NULL
      );
      CREATE INDEX qualifications_by_number ON qualifications(insurer_number, number);
      CREATE INDEX qualifications_by_person ON qualifications(person_id);

      CREATE TABLE challenges (
        id TEXT PRIMARY KEY,
        clinic_code TEXT NOT NULL,
        challenge BLOB NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE TABLE confirmations (
        reference_number TEXT PRIMARY KEY,
        clinic_code TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        classification TEXT NOT NULL,
        person_ids TEXT NOT NULL,
        refused INTEGER NOT NULL,
        identity_method TEXT,
        certificate_standing TEXT,
        wrong_linkage INTEGER NOT NULL,
        consent TEXT,
        consented_at TEXT,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX confirmations_by_clinic ON confirmations(clinic_code, created_at);
      CREATE TABLE outage_activations (
        id TEXT PRIMARY KEY,
        clinic_code TEXT NOT NULL,
        reason TEXT NOT NULL,
        contact_person TEXT NOT NULL,
        enabled_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX outage_by_clinic ON outage_activations(clinic_code, expires_at);
      CREATE TABLE idempotency (
        clinic_code TEXT NOT NULL,
        key TEXT NOT NULL,
        request_type TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        reply TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (clinic_code, key)
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        clinic_code TEXT,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_person_id TEXT,
        result TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_by_subject ON audit_log(subject_person_id);
      CREATE INDEX audit_by_clinic ON audit_log(clinic_code, seq);
      -- The newest row's hash, kept apart so cutting rows off the end is noticed too.
      CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    description: 'certificate links: a card of the user’s own (any trusted CA) tied to a seed card holder',
    sql: `
      -- Only the certificate serial and the link are kept of such a card (docs/hardware.md "Your own card").
      -- No foreign key: a link outlives re-seeding, which replaces the residents under the same ids.
      CREATE TABLE certificate_links (
        serial TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        linked_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: '一括照会 receptions and their units; 照会番号 registered by clinics',
    sql: `
      CREATE TABLE bulk_receptions (
        id INTEGER PRIMARY KEY,
        reception_number TEXT NOT NULL UNIQUE,
        clinic_code TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        qualification_date TEXT NOT NULL,
        received_at TEXT NOT NULL,
        units INTEGER NOT NULL DEFAULT 0,
        sealed_at TEXT,
        -- When the answers are shown (sealed_at + the service's bulk delay): until then the reception is processing.
        ready_at TEXT,
        normal INTEGER,
        errors INTEGER
      );
      CREATE INDEX bulk_by_clinic ON bulk_receptions(clinic_code, received_at);
      CREATE TABLE bulk_units (
        reception_id INTEGER NOT NULL REFERENCES bulk_receptions(id),
        seq INTEGER NOT NULL,
        search TEXT NOT NULL,
        answer TEXT,
        PRIMARY KEY (reception_id, seq)
      );
      CREATE TABLE reference_numbers (
        clinic_code TEXT NOT NULL,
        -- No foreign key: a re-seed replaces the people, and a number for someone gone is harmless.
        person_id TEXT NOT NULL,
        reference_number TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        PRIMARY KEY (clinic_code, person_id)
      );
    `,
  },
  {
    version: 4,
    description: 'people: the 本人確認判定フラグ of the 2024-05 registration check',
    sql: `
      -- Set by the 中間サーバー's J-LIS check of each new registration (from 2024-05-07); a mismatch
      -- blocks medical viewing until the insurer corrects the record. Older records were never checked.
      ALTER TABLE people ADD COLUMN identity_check TEXT NOT NULL DEFAULT 'notChecked'
        CHECK (identity_check IN ('notChecked', 'matched', 'mismatch', 'corrected', 'confirmedSamePerson'));
    `,
  },
  {
    version: 5,
    description: 'registered card readers (each kiosk’s key, for one clinic); a confirmation remembers its reader, certificate and validity',
    sql: `
      -- A 顔認証付きカードリーダー (kiosk) as a registered device: its public key (SPKI, DER) for one clinic.
      -- Revocation is final: a revoked key is never registered again.
      CREATE TABLE readers (
        id TEXT PRIMARY KEY,
        clinic_code TEXT NOT NULL REFERENCES clinics(code),
        name TEXT NOT NULL,
        public_key BLOB NOT NULL UNIQUE,
        registered_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX readers_by_clinic ON readers(clinic_code);
      -- What a replay of the confirmation's answer is judged on again: is its reader, its certificate still in good standing?
      ALTER TABLE confirmations ADD COLUMN reader_id TEXT;
      ALTER TABLE confirmations ADD COLUMN certificate_serial TEXT;
      -- 無効 (2) and 該当資格なし (4) leave nothing to read medical information for.
      ALTER TABLE confirmations ADD COLUMN qualification_validity TEXT;
    `,
  },
  {
    version: 6,
    description: 'smartphone credentials (スマホ用電子証明書) of card holders; a confirmation remembers what carried the certificate',
    sql: `
      -- A phone's own 利用者証明用 certificate, by serial, for the card holder it was issued to (J-LIS keeps the link).
      -- No foreign key: re-seeding replaces the residents under the same ids.
      CREATE TABLE phone_certificates (
        serial TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('androidPhone', 'iPhone'))
      );
      CREATE INDEX phone_certificates_by_resident ON phone_certificates(resident_id);
      -- card, androidPhone or iPhone: what the certificate of a card confirmation came on.
      ALTER TABLE confirmations ADD COLUMN credential TEXT CHECK (credential IN ('card', 'androidPhone', 'iPhone'));
    `,
  },
  {
    version: 7,
    description: '利用登録 at the reader (registrations that outlive re-seeding); the 医療費助成 受給者証 (PMH) of insured people',
    sql: `
      -- A card holder registered for 保険証 use at a clinic's reader. No foreign key: it outlives re-seeding,
      -- which replaces the residents under the same ids.
      CREATE TABLE insurance_use_registrations (
        resident_id TEXT PRIMARY KEY,
        registered_at TEXT NOT NULL,
        clinic_code TEXT NOT NULL,
        reader_id TEXT,
        certificate_serial TEXT NOT NULL,
        credential TEXT NOT NULL
      );
      -- The person's 受給者証 as the municipalities registered them in PMH (JSON array, SeedPopulation's medicalSubsidies).
      ALTER TABLE people ADD COLUMN medical_subsidies TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 8,
    description: 'stateless card challenges: the service’s challenge key, and the challenges used up',
    sql: `
      -- Secrets the service makes for itself at first start and keeps (the challenge key: server/card/CardChallenges.ts).
      CREATE TABLE service_secrets (
        name TEXT PRIMARY KEY,
        secret BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      -- A challenge is issued without a row (its id carries clinic, expiry and a MAC); its one use is recorded
      -- here, in the transaction of the confirmation that used it. Kept until a day past its expiry.
      CREATE TABLE used_challenges (
        id TEXT PRIMARY KEY,
        clinic_code TEXT NOT NULL,
        used_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX used_challenges_by_expiry ON used_challenges(expires_at);
    `,
  },
  {
    version: 9,
    description: 'failed hellos per 医療機関コード, shared by every service instance on the database',
    sql: `
      -- server/transport/HelloThrottle.ts: the clinic-scope count (the one that guards a clinic's secret), kept
      -- here so that instances sharing a database share its back-off and lockout. Times in ms since the epoch.
      CREATE TABLE hello_failures (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        lockouts INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,
        blocked_until INTEGER NOT NULL,
        locked_out INTEGER NOT NULL
      );
    `,
  },
];
