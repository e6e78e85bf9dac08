import 'reflect-metadata';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AttestConfirmation } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { AttestedFacts } from '../../protocol/eligibility/ReaderAttestation.ts';
import { signReaderAttestation } from '../../protocol/eligibility/signReaderAttestation.ts';
import { authenticateReader, readAuthCertificate, signChallenge, verifyPin } from '../../device/mynacard/index.ts';
import { simReaderIdentity } from '../../sim/kiosk/SimKioskDevices.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { CardProfileSchema, type CardProfile } from '../../sim/cardProfile/CardProfile.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { SimReader } from '../../sim/reader/SimReader.ts';
import type { SeedResident } from '../../server/seed/SeedPopulation.ts';

/** A virtual card on a virtual reader, as a kiosk sees it: the certificate it hands out, and a signer. */
export interface PresentedCard {
  profile: CardProfile;
  certificate: Uint8Array;
  /** Verify the PIN (standard card) and sign, exactly as the kiosk does through device/mynacard. */
  sign(challenge: Uint8Array): Promise<Uint8Array>;
}

/**
 * The card of a seed resident who has no shipped profile: yamada-taro's card with the resident's
 * 4 items and certificate serial. The certificate is then issued by the test CA like any other.
 */
export function profileForResident(resident: SeedResident, base = 'yamada-taro'): { profile: CardProfile; photo: Uint8Array } {
  const loaded = loadCardProfile(base);
  const profile = CardProfileSchema.parse({
    ...loaded.profile,
    description: `card of ${resident.id}`,
    holder: { name: resident.name, nameKana: resident.nameKana, birthDate: resident.birthDate, sex: resident.sex, address: resident.address },
    authCertificate: { ...loaded.profile.authCertificate, serial: resident.certificateSerial },
  });
  return { profile, photo: loaded.photo };
}

/** Place a card (a shipped profile by name, or a built one) on a fresh SimReader and read its certificate. */
export async function presentCard(card: string | { profile: CardProfile; photo: Uint8Array }, options: { now?: Date } = {}): Promise<PresentedCard> {
  const { profile, photo } = typeof card === 'string' ? loadCardProfile(card) : card;
  const sim = await createSimCard(profile, photo, options.now ? { now: options.now } : {});
  const reader = new SimReader('Server Test Reader');
  reader.insertCard(sim.card);
  const channel = await reader.connect();
  // An Android phone hands out its certificate only after its スマホ用 PIN, which then also opens the key.
  if (profile.kind === 'androidPhone') await verifyPin(channel, 'auth', profile.pins.auth!);
  const { der } = await readAuthCertificate(channel);
  return {
    profile,
    certificate: der,
    async sign(challenge) {
      if (profile.kind === 'androidPhone') return signChallenge(channel, challenge);
      // An iPhone signs once after its holder passed Face ID on the phone.
      if (profile.kind === 'iPhone') {
        sim.card.authenticateOnDevice();
        return signChallenge(channel, challenge);
      }
      // A 顔認証マイナンバーカード signs only for an authenticated reader (the simulator's own).
      if (profile.pins.auth !== null) await verifyPin(channel, 'auth', profile.pins.auth);
      else await authenticateReader(channel, simReaderIdentity().cardCredential!);
      return signChallenge(channel, challenge);
    },
  };
}

/** A 顔認証付きカードリーダー's key pair, as a kiosk keeps it: the service gets the public half (reader.register). */
export interface TestReader {
  name: string;
  privateKey: KeyObject;
  /** SPKI, DER: what reader.register takes. */
  publicKeySpki: Uint8Array;
}

export function createTestReader(name: string): TestReader {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { name, privateKey, publicKeySpki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })) };
}

const testReaders: TestReader[] = [];

/** The test reader of a seed clinic (index into population.json clinics): startTestService registers each for its clinic. A key belongs to one clinic. */
export function testReader(clinic = 0): TestReader {
  while (testReaders.length <= clinic) testReaders.push(createTestReader(`test reader ${testReaders.length + 1}`));
  return testReaders[clinic]!;
}

export type AttestationOverrides = Partial<Pick<AttestedFacts, 'faceScore' | 'faceThreshold' | 'visualConfirmedBy' | 'signedAt'>> & { key?: KeyObject };

/**
 * The reader's attestation of a confirmation, as a kiosk makes it: a face score above the threshold for
 * `face`, the staff member who looked for `visual`, nothing more for `pin` and `none`.
 */
export function attestWith(reader: TestReader, readerId: string, overrides: AttestationOverrides = {}): AttestConfirmation {
  return async (request) => {
    const { key, ...facts } = overrides;
    return signReaderAttestation(key ?? reader.privateKey, {
      ...request,
      readerId,
      faceScore: request.identityMethod === 'face' ? 0.93 : null,
      faceThreshold: request.identityMethod === 'face' ? 0.8 : null,
      visualConfirmedBy: request.identityMethod === 'visual' ? '受付 山本' : null,
      signedAt: new Date().toISOString(),
      ...facts,
    });
  };
}
