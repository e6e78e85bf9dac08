import { describe, expect, it } from 'vitest';
import { listCardProfiles, loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';

const population = loadSeedPopulation();

describe('the seed population', () => {
  it('has a J-LIS resident for every shipped card profile, with the card’s serial, 4 items and カナ exactly; a phone’s as one of its holder’s phone certificates', () => {
    for (const name of listCardProfiles()) {
      const { profile } = loadCardProfile(name);
      if (profile.kind === 'androidPhone' || profile.kind === 'iPhone') {
        const holder = population.residents.find((r) => r.phoneCertificates.some((p) => p.profile === name));
        expect(holder, `resident for ${name}`).toMatchObject(profile.holder);
        expect(holder!.phoneCertificates.find((p) => p.profile === name)).toEqual({ serial: profile.authCertificate.serial, kind: profile.kind, profile: name });
        continue;
      }
      const resident = population.residents.find((r) => r.profile === name);
      expect(resident, `resident for ${name}`).toBeDefined();
      expect(resident).toMatchObject({ certificateSerial: profile.authCertificate.serial, ...profile.holder });
    }
  });

  it('puts exactly the revoked profiles’ serials on the revocation list', () => {
    const revoked = listCardProfiles()
      .map((n) => loadCardProfile(n).profile)
      .filter((p) => p.authCertificate.revoked)
      .map((p) => p.authCertificate.serial);
    expect(population.revokedCertificates.map((c) => c.serial).sort()).toEqual(revoked.sort());
  });

  it('links every shipped card whose certificate is usable to an insurer record', () => {
    const linked = new Set(population.people.map((p) => p.linkedResident));
    // Except a card made unlinked on purpose: its holder's insurer record exists without the linkage (「資格情報なし」).
    const unlinkedOnPurpose = (r: (typeof population.residents)[number]) => population.people.some((p) => p.linkedResident === null && p.name === r.name && p.birthDate === r.birthDate);
    const cards = population.residents.filter((x) => x.profile && !unlinkedOnPurpose(x));
    expect(cards.length).toBe(population.residents.filter((x) => x.profile).length - 1);
    for (const r of cards) expect(linked.has(r.id), r.id).toBe(true);
  });

  it('contains several kinds of insurer, dependants, lost qualifications, unlinked records, ● and 異体字 names, and a wrong linkage', () => {
    expect(new Set(population.insurers.map((i) => i.kind))).toEqual(new Set(['kyokai', 'kumiai', 'kokuho', 'koki']));
    const qualifications = population.people.flatMap((p) => p.qualifications);
    expect(qualifications.some((q) => q.personalFamily === '2')).toBe(true);
    expect(new Set(qualifications.map((q) => q.reasonOfLoss).filter(Boolean))).toEqual(new Set(['02', '03']));
    expect(population.people.some((p) => p.linkedResident === null)).toBe(true);
    expect(population.residents.some((r) => r.name.includes('●'))).toBe(true);
    expect(population.residents.some((r) => /[髙﨑𠮷]/u.test(r.name))).toBe(true);
    const residents = new Map(population.residents.map((r) => [r.id, r]));
    expect(population.people.some((p) => p.linkedResident && residents.get(p.linkedResident)!.birthDate !== p.birthDate)).toBe(true);
  });
});
