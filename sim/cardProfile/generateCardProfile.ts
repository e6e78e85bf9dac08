import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { seededRandom } from '../../foundation/seededRandom.ts';
import { CardProfileSchema, type CardProfileInput } from './CardProfile.ts';
import { loadInventedNames } from './InventedNames.ts';
import { renderFacePhoto } from './renderFacePhoto.ts';

const population = loadInventedNames();

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
const fullWidth = (n: number) => String(n).replace(/\d/g, (d) => FULL_WIDTH_DIGITS[Number(d)]!);

/**
 * A deterministic RSA-2048 key from a seed (node-forge with a seeded PRNG), so the same
 * `--seed` writes byte-identical profiles. About 2 s a key in pure JS; a generator cost only.
 */
export function generateRsaKeyPem(seed: string): string {
  const prng = forge.random.createInstance();
  // forge spreads seed bytes round-robin over 32 pools and reseeds from pool 0 first, so every byte
  // must depend on the whole seed: expand it with SHA-256 in counter mode.
  prng.seedFileSync = (needed: number) => {
    let out = '';
    for (let block = 0; out.length < needed; block++) out += createHash('sha256').update(`myna-kiosk:${seed}:${block}`).digest('binary');
    return out.slice(0, needed);
  };
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001, prng });
  return forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey))).replace(/\r\n/g, '\n');
}

export interface GeneratedProfile {
  name: string;
  profile: CardProfileInput;
  photo: Uint8Array;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const hex = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16).toUpperCase()).join('');

/** One realistic, reproducible card profile from a seed. `today` anchors birth dates and card expiry. */
export function generateCardProfile(seed: number, today = new Date()): GeneratedProfile {
  const random = seededRandom(seed);
  const sex = random() < 0.5 ? 'male' : 'female';
  const family = pick(random, population.familyNames);
  const given = pick(random, population.givenNames[sex]);
  const place = pick(random, population.places);
  const year = today.getUTCFullYear() - 1 - Math.floor(random() * 85);
  const birthDate = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const address = `${place.prefecture}${place.city}${place.town}${fullWidth(1 + Math.floor(random() * 5))}丁目${fullWidth(1 + Math.floor(random() * 20))}番${fullWidth(1 + Math.floor(random() * 30))}号`;
  const expiryYear = today.getUTCFullYear() + 1 + Math.floor(random() * 9);
  const name = `generated-${seed}`;
  const profile: CardProfileInput = {
    description: `Generated from seed ${seed}.`,
    kind: 'standard',
    holder: { name: `${family.kanji}\u3000${given.kanji}`, nameKana: `${family.kana}\u3000${given.kana}`, birthDate, sex, address },
    card: { expiry: `${expiryYear}-${birthDate.slice(5)}`, securityCode: digits(random, 4), serial: digits(random, 15), municipalityCode: place.municipalityCode },
    pins: { auth: digits(random, 4), sign: `${String.fromCharCode(65 + Math.floor(random() * 26))}${digits(random, 5)}X`, textInput: digits(random, 4) },
    authCertificate: { serial: hex(random, 16), validity: 'valid', revoked: false },
    signCertificate: { serial: hex(random, 16) },
    keys: { auth: generateRsaKeyPem(`${seed}:auth`), sign: generateRsaKeyPem(`${seed}:sign`) },
    facePhoto: `photos/${name}.png`,
  };
  CardProfileSchema.parse(profile);
  return { name, profile, photo: renderFacePhoto(seed) };
}
