import type Database from 'better-sqlite3';
import { CodedError } from '../../foundation/CodedError.ts';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';

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
  private readonly insert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly all: Database.Statement;

  constructor(private readonly db: EligibilityDatabase) {
    this.insert = db.prepare('INSERT INTO certificate_links (serial, resident_id, linked_at) VALUES (?, ?, ?) ON CONFLICT(serial) DO UPDATE SET resident_id = excluded.resident_id, linked_at = excluded.linked_at');
    this.remove = db.prepare('DELETE FROM certificate_links WHERE serial = ?');
    this.all = db.prepare("SELECT l.serial, l.resident_id, l.linked_at, (SELECT group_concat(p.id, ',') FROM people p WHERE p.linked_resident_id = l.resident_id) AS people FROM certificate_links l ORDER BY l.linked_at");
  }

  /** Tie `serial` to the card holder (resident) the person is linked to. */
  link(serial: string, personId: string, now: Date): CertificateLink {
    return this.db.transaction(() => {
      const person = this.db.prepare('SELECT linked_resident_id FROM people WHERE id = ?').get(personId) as { linked_resident_id: string | null } | undefined;
      if (!person) throw new CertificateLinkError('PERSON_UNKNOWN', `No person ${JSON.stringify(personId)} in the seed population (see server/seed/population.json).`);
      if (!person.linked_resident_id) throw new CertificateLinkError('PERSON_NOT_LINKED', `${personId} has no card holder linked (no My Number linkage): pick a person who can check in by card.`);
      const owner = this.db.prepare('SELECT id FROM residents WHERE certificate_serial = ?').get(serial) as { id: string } | undefined;
      if (owner && owner.id !== person.linked_resident_id) throw new CertificateLinkError('SERIAL_TAKEN', `Certificate ${serial} already belongs to card holder ${owner.id} of the seed.`);
      this.insert.run(serial, person.linked_resident_id, now.toISOString());
      return this.list().find((l) => l.serial === serial)!;
    })();
  }

  unlink(serial: string): void {
    if (this.remove.run(serial).changes === 0) throw new CertificateLinkError('LINK_UNKNOWN', `No link for certificate ${serial}.`);
  }

  list(): CertificateLink[] {
    return (this.all.all() as { serial: string; resident_id: string; linked_at: string; people: string | null }[]).map((r) => ({ serial: r.serial, residentId: r.resident_id, personIds: r.people ? r.people.split(',') : [], linkedAt: r.linked_at }));
  }
}
