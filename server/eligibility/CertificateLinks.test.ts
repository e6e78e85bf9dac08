import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEligibilityDatabase } from '../db/openEligibilityDatabase.ts';
import { loadSeedPopulation } from '../seed/loadSeedPopulation.ts';
import { seedDatabase } from '../seed/seedDatabase.ts';
import { CertificateLinks, CertificateLinkError } from './CertificateLinks.ts';
import { InsuredRegistry } from './InsuredRegistry.ts';

function seeded() {
  const db = openEligibilityDatabase(join(mkdtempSync(join(tmpdir(), 'links-')), 'e.sqlite'));
  seedDatabase(db, loadSeedPopulation());
  return db;
}

describe('certificate links (your own card)', () => {
  it('a linked serial finds the person’s card holder, and the link survives re-seeding', () => {
    const db = seeded();
    const link = new CertificateLinks(db).link('0A1B2C3D4E5F6071', 'P-sato-hanako', new Date('2026-12-01T00:00:00Z'));
    expect(link).toMatchObject({ serial: '0A1B2C3D4E5F6071', residentId: 'R-sato-hanako', personIds: ['P-sato-hanako'] });
    expect(new InsuredRegistry(db).residentByCertificate('0A1B2C3D4E5F6071')?.id).toBe('R-sato-hanako');
    seedDatabase(db, loadSeedPopulation());
    expect(new InsuredRegistry(db).residentByCertificate('0A1B2C3D4E5F6071')?.id).toBe('R-sato-hanako');
    new CertificateLinks(db).unlink('0A1B2C3D4E5F6071');
    expect(new InsuredRegistry(db).residentByCertificate('0A1B2C3D4E5F6071')).toBeUndefined();
  });

  it('refuses an unknown person, a person without a card holder, and a serial another card holder owns', () => {
    const db = seeded();
    const links = new CertificateLinks(db);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof CertificateLinkError ? e.code : String(e);
      }
      return 'no error';
    };
    expect(code(() => links.link('0A1B', 'P-nobody', new Date()))).toBe('PERSON_UNKNOWN');
    expect(code(() => links.link('0A1B', 'P-suzuki-hanako', new Date()))).toBe('PERSON_NOT_LINKED');
    expect(code(() => links.link('59FAF28676E3E513', 'P-sato-hanako', new Date()))).toBe('SERIAL_TAKEN');
  });
});
