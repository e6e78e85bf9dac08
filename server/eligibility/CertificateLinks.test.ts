import { afterEach, describe, expect, it } from 'vitest';
import { testServiceDatabases } from '../../test/harness/testServiceDatabases.ts';
import { loadSeedPopulation } from '../seed/loadSeedPopulation.ts';
import { seedDatabase } from '../seed/seedDatabase.ts';
import { CertificateLinks, CertificateLinkError } from './CertificateLinks.ts';
import { InsuredRegistry } from './InsuredRegistry.ts';

const databases = testServiceDatabases();
afterEach(() => databases.cleanup());

async function seeded() {
  const db = await databases.open();
  await seedDatabase(db, loadSeedPopulation());
  return db;
}

describe('certificate links (your own card)', () => {
  it('a linked serial finds the person’s card holder, and the link survives re-seeding', async () => {
    const db = await seeded();
    const link = await new CertificateLinks(db.sql).link('0A1B2C3D4E5F6071', 'P-sato-hanako', new Date('2026-12-01T00:00:00Z'));
    expect(link).toMatchObject({ serial: '0A1B2C3D4E5F6071', residentId: 'R-sato-hanako', personIds: ['P-sato-hanako'] });
    expect((await new InsuredRegistry(db.sql).residentByCertificate('0A1B2C3D4E5F6071'))?.id).toBe('R-sato-hanako');
    await seedDatabase(db, loadSeedPopulation());
    expect((await new InsuredRegistry(db.sql).residentByCertificate('0A1B2C3D4E5F6071'))?.id).toBe('R-sato-hanako');
    await new CertificateLinks(db.sql).unlink('0A1B2C3D4E5F6071');
    expect(await new InsuredRegistry(db.sql).residentByCertificate('0A1B2C3D4E5F6071')).toBeUndefined();
  });

  it('refuses an unknown person, a person without a card holder, and a serial another card holder owns', async () => {
    const db = await seeded();
    const links = new CertificateLinks(db.sql);
    const code = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        return e instanceof CertificateLinkError ? e.code : String(e);
      }
      return 'no error';
    };
    expect(await code(() => links.link('0A1B', 'P-nobody', new Date()))).toBe('PERSON_UNKNOWN');
    expect(await code(() => links.link('0A1B', 'P-suzuki-hanako', new Date()))).toBe('PERSON_NOT_LINKED');
    expect(await code(() => links.link('59FAF28676E3E513', 'P-sato-hanako', new Date()))).toBe('SERIAL_TAKEN');
  });
});
