import { CodedError } from '../../foundation/CodedError.ts';
import type { Sql } from '../db/Sql.ts';

export class CertificateLinkError extends CodedError<'PERSON_UNKNOWN' | 'PERSON_NOT_LINKED' | 'SERIAL_TAKEN' | 'LINK_UNKNOWN'> {
  override readonly name = 'CertificateLinkError';
}

export interface CertificateLink {
  serial: string;
  residentId: string;
  personIds: string[];
  linkedAt: string;
}

/**
 * A card of the user's own (their マイナンバーカード, or one from another test CA) tied to a seed
 * person: the next check-in with it answers as that person's card. Only the certificate's serial and
 * the link are stored; nothing else of the card or its holder.
 */
export class CertificateLinks {
  constructor(private readonly sql: Sql) {}

  /** Tie `serial` to the card holder (resident) the person is linked to. Inside a transaction. */
  async link(serial: string, personId: string, now: Date): Promise<CertificateLink> {
    const person = await this.sql.get<{ linked_resident_id: string | null }>('SELECT linked_resident_id FROM people WHERE id = ?', [personId]);
    if (!person) throw new CertificateLinkError('PERSON_UNKNOWN', `No person ${JSON.stringify(personId)} in the seed population (see server/seed/population.json).`);
    if (!person.linked_resident_id) throw new CertificateLinkError('PERSON_NOT_LINKED', `${personId} has no card holder linked (no My Number linkage): pick a person who can check in by card.`);
    const owner = await this.sql.get<{ id: string }>('SELECT id FROM residents WHERE certificate_serial = ?', [serial]);
    if (owner && owner.id !== person.linked_resident_id) throw new CertificateLinkError('SERIAL_TAKEN', `Certificate ${serial} already belongs to card holder ${owner.id} of the seed.`);
    await this.sql.run('INSERT INTO certificate_links (serial, resident_id, linked_at) VALUES (?, ?, ?) ON CONFLICT (serial) DO UPDATE SET resident_id = excluded.resident_id, linked_at = excluded.linked_at', [
      serial,
      person.linked_resident_id,
      now.toISOString(),
    ]);
    return (await this.list()).find((l) => l.serial === serial)!;
  }

  async unlink(serial: string): Promise<void> {
    if ((await this.sql.run('DELETE FROM certificate_links WHERE serial = ?', [serial])) === 0) throw new CertificateLinkError('LINK_UNKNOWN', `No link for certificate ${serial}.`);
  }

  async list(): Promise<CertificateLink[]> {
    const joined = this.sql.dialect === 'postgres' ? "string_agg(p.id, ',' ORDER BY p.id)" : "group_concat(p.id, ',')";
    const rows = await this.sql.all<{ serial: string; resident_id: string; linked_at: string; people: string | null }>(
      `SELECT l.serial, l.resident_id, l.linked_at, (SELECT ${joined} FROM people p WHERE p.linked_resident_id = l.resident_id) AS people FROM certificate_links l ORDER BY l.linked_at`,
    );
    return rows.map((r) => ({ serial: r.serial, residentId: r.resident_id, personIds: r.people ? r.people.split(',') : [], linkedAt: r.linked_at }));
  }
}
