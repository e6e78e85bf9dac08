import type { InsurerPolicy } from '../linkage/insurer/InsurerPolicy.ts';
import type { ResidentRecord } from '../linkage/jlis/ResidentRecord.ts';
import type { LinkageRecord } from '../linkage/registry/LinkageRecord.ts';
import { SeedPopulationSchema, type SeedPopulation } from '../server/seed/SeedPopulation.ts';

export interface LinkageSeedInput {
  residents: readonly ResidentRecord[];
  linkages: readonly LinkageRecord[];
  insurers: readonly InsurerPolicy[];
  /** Clinics that may ask (their terminal secrets). */
  clinics: SeedPopulation['clinics'];
  /** Who holds a マイナンバーカード registered for 保険証 use: My Number → 利用者証明用 certificate serial. */
  cards: ReadonlyMap<string, string>;
}

/**
 * The pipeline's output as the service's seed population: J-LIS residents become the card holders, the
 * 中間サーバー's linkages the insured people, linked by their My Number (the service's linkedResident) — a
 * wrong number in the pipeline is a wrong link in the service, which its guard then meets at the counter.
 */
export function seedFromLinkages(input: LinkageSeedInput): SeedPopulation {
  const residentId = (myNumber: string) => `R-${myNumber}`;
  const known = new Set(input.residents.map((r) => r.myNumber));
  return SeedPopulationSchema.parse({
    $comment: 'Generated from the linkage pipeline (app/seedFromLinkages.ts): every person is invented.',
    clinics: input.clinics,
    insurers: input.insurers.map((i) => ({ number: i.number.padStart(8, '0'), name: i.name, kind: i.kind })),
    residents: input.residents.map((r) => ({
      id: residentId(r.myNumber),
      profile: null,
      certificateSerial: input.cards.get(r.myNumber) ?? null,
      name: r.name,
      nameKana: r.nameKana,
      birthDate: r.birthDate,
      sex: r.sex,
      address: r.address,
      insuranceUseRegistered: input.cards.has(r.myNumber),
      phoneCertificates: [],
    })),
    revokedCertificates: [],
    people: input.linkages.map((l, i) => ({
      id: `P-${l.linkageId}`,
      linkedResident: known.has(l.myNumber) ? residentId(l.myNumber) : null,
      name: l.name,
      nameKana: l.nameKana,
      birthDate: l.birthDate,
      sex: l.sex,
      address: l.address,
      identityCheck: l.identityCheck,
      medicalSubsidies: [],
      qualifications: [
        {
          insurerNumber: l.insurerNumber.padStart(8, '0'),
          symbol: '1',
          number: String(i + 1),
          branch: '00',
          personalFamily: l.role === 'insured' ? '1' : '2',
          insuredName: l.name,
          validFrom: l.registeredOn,
          lostOn: l.lostOn,
          reasonOfLoss: l.lostOn ? '99' : null,
          ratio: 30,
        },
      ],
    })),
  });
}
