import { loadInventedNames } from '../../../sim/cardProfile/InventedNames.ts';
import { seededRandom } from '../../../foundation/seededRandom.ts';
import type { SeedPopulation } from '../../../server/seed/SeedPopulation.ts';

// The same invented names and places the card-profile generator draws from.
const names = loadInventedNames();

const FULL_WIDTH = '０１２３４５６７８９';
const fullWidth = (n: number) => String(n).replace(/\d/g, (d) => FULL_WIDTH[Number(d)]!);

/**
 * `count` more card holders, each linked to one insured person with one qualification in force, from a
 * seed: the same seed gives the same people. For load tests and benchmarks, on top of the shipped
 * population; certificate serials start with B so they never collide with population.json's.
 */
export function generateSyntheticPopulation(base: SeedPopulation, count: number, seed: number): SeedPopulation {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const residents: SeedPopulation['residents'] = [];
  const people: SeedPopulation['people'] = [];
  for (let i = 0; i < count; i += 1) {
    const sex = random() < 0.5 ? 'male' : 'female';
    const family = pick(names.familyNames.filter((f) => !f.kanji.includes('●')));
    const given = pick(names.givenNames[sex]);
    const place = pick(names.places);
    const birthDate = `${1940 + Math.floor(random() * 80)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const address = `${place.prefecture}${place.city}${place.town}${fullWidth(1 + Math.floor(random() * 5))}丁目${fullWidth(1 + Math.floor(random() * 20))}番${fullWidth(1 + Math.floor(random() * 30))}号`;
    const insurer = pick(base.insurers.filter((x) => x.kind !== 'koki'));
    const id = `S${seed}-${i}`;
    const holder = { name: `${family.kanji}\u3000${given.kanji}`, nameKana: `${family.kana}\u3000${given.kana}`, birthDate, sex, address } as const;
    residents.push({ id: `R-${id}`, profile: null, certificateSerial: `B${(seed >>> 0).toString(16).toUpperCase().padStart(7, '0')}${i.toString(16).toUpperCase().padStart(8, '0')}`, ...holder, insuranceUseRegistered: true, phoneCertificates: [] });
    people.push({
      id: `P-${id}`,
      linkedResident: `R-${id}`,
      ...holder,
      postNumber: null,
      identityCheck: 'notChecked',
      medicalSubsidies: [],
      qualifications: [
        {
          insurerNumber: insurer.number,
          symbol: String(1000 + Math.floor(random() * 9000)),
          number: String(i + 1),
          branch: '00',
          cardClassification: '01',
          personalFamily: '1',
          insuredName: holder.name,
          issuedOn: null,
          validFrom: '2020-04-01',
          lostOn: null,
          reasonOfLoss: null,
          ratio: 30,
          preschool: false,
          elderly: null,
          limitApplication: null,
          specificDiseases: [],
          prescriptionIssueSelect: '2',
        },
      ],
      medical: { pharmacy: [], checkups: [], diagnosis: [], operation: [] },
    });
  }
  return { ...base, residents: [...base.residents, ...residents], people: [...base.people, ...people] };
}
