import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

/** A 顔認証付きカードリーダー (kiosk) as the service knows it: its key, for one clinic. */
export interface Reader {
  id: string;
  clinicCode: string;
  name: string;
  /** SPKI, DER: the form it was registered in and is compared in. */
  publicKeyDer: Buffer;
  registeredAt: Date;
  revokedAt: Date | null;
}

export interface ReaderRegistration {
  reader: Reader;
  /** False when this key was already registered for this clinic: the registration is idempotent by key. */
  created: boolean;
}

interface ReaderRow {
  id: string;
  clinic_code: string;
  name: string;
  public_key: Buffer;
  registered_at: string;
  revoked_at: string | null;
}

const toReader = (r: ReaderRow): Reader => ({
  id: r.id,
  clinicCode: r.clinic_code,
  name: r.name,
  publicKeyDer: r.public_key,
  registeredAt: new Date(r.registered_at),
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
});

/**
 * The public key of a reader, checked and in one canonical encoding: only ECDSA P-256 (the contract of
 * ReaderAttestation.ts). Re-exporting makes two spellings of one key one row.
 */
export function parseReaderPublicKey(spkiDer: Uint8Array): { key: KeyObject; der: Buffer } {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  } catch (error) {
    throw new ServiceError('READER_KEY_INVALID', 'The reader key is not a public key in SPKI (DER) form.', { cause: error });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ServiceError('READER_KEY_INVALID', `A reader key must be ECDSA P-256; this one is ${key.asymmetricKeyType ?? 'unknown'}${key.asymmetricKeyDetails?.namedCurve ? ` (${key.asymmetricKeyDetails.namedCurve})` : ''}.`);
  }
  return { key, der: key.export({ type: 'spki', format: 'der' }) };
}

/** The registered readers of every clinic. All the SQL about readers. */
export class ReaderRegistry {
  private readonly byId: Database.Statement;
  private readonly byKey: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly markRevoked: Database.Statement;
  private readonly all: Database.Statement;
  /** Parsed keys by reader id: parsing is the expensive part, and a key never changes under its id. */
  private readonly keys = new Map<string, KeyObject>();

  constructor(db: EligibilityDatabase) {
    this.byId = db.prepare('SELECT * FROM readers WHERE id = ?');
    this.byKey = db.prepare('SELECT * FROM readers WHERE public_key = ?');
    this.insert = db.prepare('INSERT INTO readers (id, clinic_code, name, public_key, registered_at) VALUES (?, ?, ?, ?, ?)');
    this.markRevoked = db.prepare('UPDATE readers SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.all = db.prepare('SELECT * FROM readers WHERE (? IS NULL OR clinic_code = ?) ORDER BY registered_at, id');
  }

  /**
   * Register `publicKey` (SPKI, DER) as a reader of `clinicCode`. The same key again for the same clinic
   * answers the reader it already is; a key of another clinic's reader, or a revoked one, is refused.
   */
  register(clinicCode: string, name: string, publicKey: Uint8Array, now: Date): ReaderRegistration {
    const { der } = parseReaderPublicKey(publicKey);
    const existing = this.byKey.get(der) as ReaderRow | undefined;
    if (existing) {
      if (existing.revoked_at !== null) throw new ServiceError('READER_KEY_REFUSED', `This key belonged to reader ${existing.id}, revoked on ${existing.revoked_at}: make the reader a new key pair.`);
      if (existing.clinic_code !== clinicCode) throw new ServiceError('READER_KEY_REFUSED', 'This key is registered as a reader of another clinic: make the reader a new key pair.');
      return { reader: toReader(existing), created: false };
    }
    const id = randomUUID();
    this.insert.run(id, clinicCode, name, der, now.toISOString());
    return { reader: this.find(id)!, created: true };
  }

  find(readerId: string): Reader | null {
    const row = this.byId.get(readerId) as ReaderRow | undefined;
    return row ? toReader(row) : null;
  }

  /** The reader's key, ready to verify with. */
  publicKeyOf(reader: Reader): KeyObject {
    let key = this.keys.get(reader.id);
    if (!key) this.keys.set(reader.id, (key = parseReaderPublicKey(reader.publicKeyDer).key));
    return key;
  }

  /** Revoke a reader: from now on its attestations are refused (E07). Revoking twice keeps the first date. */
  revoke(readerId: string, now: Date): Reader | null {
    this.markRevoked.run(now.toISOString(), readerId);
    return this.find(readerId);
  }

  list(clinicCode: string | null = null): Reader[] {
    return (this.all.all(clinicCode, clinicCode) as ReaderRow[]).map(toReader);
  }
}
