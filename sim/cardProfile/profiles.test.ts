import 'reflect-metadata';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCardProfiles, loadCardProfile, ProfileError } from './loadCardProfile.ts';
import { writeGeneratedProfiles } from './writeCardProfiles.ts';

describe('card profiles', () => {
  it('every shipped profile validates against the schema and has its photo', () => {
    const names = listCardProfiles();
    expect(names.length).toBeGreaterThanOrEqual(13);
    for (const name of names) expect(loadCardProfile(name).photo.subarray(1, 4).toString()).toBe('80,78,71'); // "PNG"
  });

  it('every shipped card expires on its holder’s birthday, as real cards do (the card-face OCR checks it)', () => {
    for (const name of listCardProfiles()) {
      const { holder, card } = loadCardProfile(name).profile;
      expect(card.expiry.slice(5), name).toBe(holder.birthDate.slice(5));
    }
  });

  it('one shipped card holds a photograph of a person (the others a drawn placeholder), the face fixture’s own crop', () => {
    const { photo } = loadCardProfile('face-photograph');
    expect(Buffer.from(photo).equals(readFileSync(new URL('../../test/fixtures/faces/faceapi-sample1-1.card-96x120.png', import.meta.url)))).toBe(true);
  });

  it('every shipped card has its own keys: no two profiles, and no auth and sign key, are the same', () => {
    const keys = listCardProfiles().flatMap((n) => {
      const { auth, sign } = loadCardProfile(n).profile.keys;
      return sign ? [auth, sign] : [auth];
    });
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the shipped set covers every certificate state, both card kinds and both phone kinds, a blocked PIN, ● and 異体字 names', () => {
    const profiles = listCardProfiles().map((n) => loadCardProfile(n).profile);
    expect(new Set(profiles.map((p) => p.authCertificate.validity))).toEqual(new Set(['valid', 'expiringSoon', 'expiredInGrace', 'expiredBeyondGrace']));
    expect(profiles.some((p) => p.authCertificate.revoked)).toBe(true);
    expect(new Set(profiles.map((p) => p.kind))).toEqual(new Set(['standard', 'faceAuth', 'androidPhone', 'iPhone']));
    expect(profiles.some((p) => p.pinTriesLeft.auth === 0)).toBe(true);
    expect(profiles.some((p) => p.holder.name.includes('●'))).toBe(true);
    expect(profiles.some((p) => /[髙𠮷﨑邊]/u.test(p.holder.name))).toBe(true);
  });

  it('the generator writes byte-identical profiles for the same seed, and different ones for another seed', () => {
    const today = new Date('2026-11-24T00:00:00Z');
    const a = mkdtempSync(join(tmpdir(), 'profiles-a-'));
    const b = mkdtempSync(join(tmpdir(), 'profiles-b-'));
    const [fileA] = writeGeneratedProfiles(a, 1, 77, today);
    const [fileB] = writeGeneratedProfiles(b, 1, 77, today);
    expect(readFileSync(fileA!, 'utf8')).toBe(readFileSync(fileB!, 'utf8'));
    expect(readFileSync(join(a, 'photos/generated-77.png')).equals(readFileSync(join(b, 'photos/generated-77.png')))).toBe(true);
    const [fileC] = writeGeneratedProfiles(b, 1, 78, today);
    expect(readFileSync(fileC!, 'utf8')).not.toBe(readFileSync(fileA!, 'utf8'));
    const keysA = loadCardProfile(fileA!).profile.keys;
    const keysC = loadCardProfile(fileC!).profile.keys;
    expect(keysA.auth).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(keysA.auth).not.toBe(keysA.sign);
    expect(keysA.auth).not.toBe(keysC.auth);
  }, 60_000);

  it('a missing or invalid profile is a typed error naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-bad-'));
    expect(() => loadCardProfile('nobody', dir)).toThrow(ProfileError);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ kind: 'paper' }));
    try {
      loadCardProfile('broken', dir);
      expect.unreachable();
    } catch (error) {
      expect((error as ProfileError).code).toBe('PROFILE_INVALID');
      expect((error as ProfileError).message).toMatch(/kind/);
    }
  });
});
