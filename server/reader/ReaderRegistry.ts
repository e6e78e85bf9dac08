import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import type { Sql } from '../db/Sql.ts';

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

/** Parsed reader keys by reader id, kept for the life of the service: parsing is the expensive part, and a key never changes under its id. */
export class ReaderKeys {
  private readonly keys = new Map<string, KeyObject>();

  of(reader: Reader): KeyObject {
    let key = this.keys.get(reader.id);
    if (!key) this.keys.set(reader.id, (key = parseReaderPublicKey(reader.publicKeyDer).key));
    return key;
  }
}

/** The registered readers of every clinic. All the SQL about readers. */
export class ReaderRegistry {
  constructor(
    private readonly sql: Sql,
    private readonly keys: ReaderKeys = new ReaderKeys(),
  ) {}

  /**
   * Register `publicKey` (SPKI, DER) as a reader of `clinicCode`. The same key again for the same clinic
   * answers the reader it already is; a key of another clinic's reader, or a revoked one, is refused.
   */
  async register(clinicCode: string, name: string, publicKey: Uint8Array, now: Date): Promise<ReaderRegistration> {
    const { der } = parseReaderPublicKey(publicKey);
    const existing = await this.sql.get<ReaderRow>('SELECT * FROM readers WHERE public_key = ?', [der]);
    if (existing) {
      if (existing.revoked_at !== null) throw new ServiceError('READER_KEY_REFUSED', `This key belonged to reader ${existing.id}, revoked on ${existing.revoked_at}: make the reader a new key pair.`);
      if (existing.clinic_code !== clinicCode) throw new ServiceError('READER_KEY_REFUSED', 'This key is registered as a reader of another clinic: make the reader a new key pair.');
      return { reader: toReader(existing), created: false };
    }
    const id = randomUUID();
    await this.sql.run('INSERT INTO readers (id, clinic_code, name, public_key, registered_at) VALUES (?, ?, ?, ?, ?)', [id, clinicCode, name, der, now.toISOString()]);
    return { reader: (await this.find(id))!, created: true };
  }

  async find(readerId: string): Promise<Reader | null> {
    const row = await this.sql.get<ReaderRow>('SELECT * FROM readers WHERE id = ?', [readerId]);
    return row ? toReader(row) : null;
  }

  /** The reader's key, ready to verify with. */
  publicKeyOf(reader: Reader): KeyObject {
    return this.keys.of(reader);
  }

  /** Revoke a reader: from now on its attestations are refused (E07). Revoking twice keeps the first date. */
  async revoke(readerId: string, now: Date): Promise<Reader | null> {
    await this.sql.run('UPDATE readers SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now.toISOString(), readerId]);
    return this.find(readerId);
  }

  async list(clinicCode: string | null = null): Promise<Reader[]> {
    const rows = clinicCode === null ? await this.sql.all<ReaderRow>('SELECT * FROM readers ORDER BY registered_at, id') : await this.sql.all<ReaderRow>('SELECT * FROM readers WHERE clinic_code = ? ORDER BY registered_at, id', [clinicCode]);
    return rows.map(toReader);
  }
}
