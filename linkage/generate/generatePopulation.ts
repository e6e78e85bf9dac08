import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';
import { seededRandom } from '../../foundation/seededRandom.ts';
import type { InsurerPolicy } from '../insurer/InsurerPolicy.ts';
import { myNumberFromBase } from '../jlis/MyNumber.ts';
import type { ResidentChange, ResidentRecord } from '../jlis/ResidentRecord.ts';
import { toIntermediateCharacters } from '../registration/IntermediateServer.ts';
import type { LinkageRecord, TruthLabel } from '../registry/LinkageRecord.ts';
import { GeneratorRatesSchema, type GeneratorRates, type GeneratorRatesInput } from './GeneratorRates.ts';

const NameSchema = z.object({ kanji: z.string(), kana: z.string(), sameReading: z.array(z.string()) }).strict();
const NamePoolsSchema = z
  .object({
    $comment: z.string(),
    familyNames: z.array(NameSchema).min(10),
    givenNames: z.object({ male: z.array(NameSchema).min(10), female: z.array(NameSchema).min(10) }).strict(),
    gaijiFamilyNames: z.array(z.object({ jlis: z.string(), substitute: z.string(), kana: z.string() }).strict()).min(1),
    places: z.array(z.object({ prefecture: z.string(), city: z.string(), town: z.string() }).strict()).min(2),
  })
  .strict();
type Name = z.infer<typeof NameSchema>;
type Place = z.infer<typeof NamePoolsSchema>['places'][number];

export const NAME_POOLS_FILE = fileURLToPath(new URL('./namePools.json', import.meta.url));

/** Where the generator's output goes, one record at a time (bounded memory: one household at a time). */
export interface PopulationSink {
  resident(record: ResidentRecord): void;
  linkage(record: LinkageRecord): void;
  label(label: TruthLabel): void;
}

export interface GenerateOptions {
  /** J-LIS residents to write (look-alike strangers included). */
  people: number;
  seed: number;
  rates?: GeneratorRatesInput;
  insurers: InsurerPolicy[];
}

export interface GenerationSummary {
  people: number;
  linkages: number;
  otherPerson: number;
  byVariant: Record<string, number>;
}

const FULL_WIDTH = '０１２３４５６７８９';
function fullWidth(n: number): string {
  let out = '';
  for (const d of String(n)) out += FULL_WIDTH[d.charCodeAt(0) - 48];
  return out;
}
const DAY = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
/** The 総点検's snapshot (支払基金, 2023-09-15): every change the generator makes happens before it. */
const SNAPSHOT = dayOf('2023-09-15');
const TODAY = dayOf('2023-09-01');
const FIRST_REGISTRATION = dayOf('2016-01-01');
const LAST_REGISTRATION = dayOf('2023-06-30');

/** Zipf p ∝ 1/(r+8)^1.06, the fit of research/linkage.md §4 (probe zipf.py), over the pool's order. */
function zipfCumulative(n: number): Float64Array {
  const c = new Float64Array(n);
  let sum = 0;
  for (let r = 1; r <= n; r += 1) c[r - 1] = sum += 1 / (r + 8) ** 1.06;
  for (let i = 0; i < n; i += 1) c[i]! /= sum;
  return c;
}
function drawIndex(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const VOICED: Record<string, string> = {};
for (const [plain, voiced] of [['カキクケコサシスセソタチツテトハヒフヘホ', 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ']] as const) {
  for (let i = 0; i < plain.length; i += 1) {
    VOICED[plain[i]!] = voiced[i]!;
    VOICED[voiced[i]!] = plain[i]!;
  }
}
/** One 濁点 read the other way: ヤマザキ → ヤマサキ. */
function otherReading(kana: string): string | null {
  const chars = [...kana];
  for (let i = 1; i < chars.length; i += 1) {
    const other = VOICED[chars[i]!];
    if (other) return [...chars.slice(0, i), other, ...chars.slice(i + 1)].join('');
  }
  return null;
}
/** A spelling variant an insurer's system makes: small kana written large, or a long ウ written ー. */
function kanaSpellingVariant(kana: string): string | null {
  if (/[ャュョッ]/u.test(kana)) return kana.replace(/[ャュョッ]/u, (c) => ({ ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ッ: 'ツ' })[c]!);
  if (/[オコソトノホモヨロゴゾドボポウクスツヌフムユルグズブプ]ウ/u.test(kana)) return kana.replace(/([オコソトノホモヨロゴゾドボポウクスツヌフムユルグズブプ])ウ/u, '$1ー');
  if (/ヅ/u.test(kana)) return kana.replace('ヅ', 'ズ');
  return null;
}

interface Person {
  record: ResidentRecord;
  /** What the insurers first registered: the items before any change J-LIS knows of. */
  registered: { name: string; nameKana: string; address: string };
  gaiji: 'none' | 'pool' | 'ivs';
  current: LinkageRecord | null;
  events: Set<string>;
}

/**
 * A synthetic population at scale: 住基 records and the insurers' linkages with the variety of the real
 * registers (● and 異体字, kana variants, address notations, moves, marriages, twins and same-name families,
 * past qualifications) and injected errors at the given rates, household by household so that memory stays
 * bounded and both files come out sorted by My Number. Ground truth goes to the sink's own channel.
 */
export function generatePopulation(options: GenerateOptions, sink: PopulationSink): GenerationSummary {
  const rates: GeneratorRates = GeneratorRatesSchema.parse(options.rates ?? {});
  const pools = loadDataFile(NAME_POOLS_FILE, NamePoolsSchema, { what: 'name pools' });
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const familyCumulative = zipfCumulative(pools.familyNames.length);
  const givenCumulative = { male: zipfCumulative(pools.givenNames.male.length), female: zipfCumulative(pools.givenNames.female.length) };
  const familyName = () => pools.familyNames[drawIndex(familyCumulative, random())]!;
  const givenName = (sex: 'male' | 'female') => pools.givenNames[sex][drawIndex(givenCumulative[sex], random())]!;
  const employees = options.insurers.filter((i) => i.kind !== 'koki');
  const elderly = options.insurers.filter((i) => i.kind === 'koki');
  const shortcutInsurers = options.insurers.filter((i) => i.shortcuts.threeItemQuery);

  // Numbers rise with gaps of at least 2, so a mistyped number can fall between two and name no one.
  const gapMax = Math.max(3, Math.floor(8e10 / Math.max(1, options.people)));
  let base = 10_000_000_000;
  let residents = 0;
  let linkageCounter = 0;
  const summary: GenerationSummary = { people: 0, linkages: 0, otherPerson: 0, byVariant: {} };

  const address = (place: Place) => `${place.prefecture}${place.city}${place.town}${fullWidth(1 + Math.floor(random() * 5))}丁目${fullWidth(1 + Math.floor(random() * 20))}番${fullWidth(1 + Math.floor(random() * 30))}号`;
  const dashed = (jlisAddress: string) => jlisAddress.normalize('NFKC').replace(/(\d+)丁目(\d+)番(\d+)号$/u, '$1-$2-$3');

  function newResident(householdId: string, name: Name | { kanji: string; kana: string }, given: Name | { kanji: string; kana: string }, birthDay: number, sex: 'male' | 'female', addr: string): Person {
    base += 2 + Math.floor(random() * (gapMax - 2));
    residents += 1;
    const changes: ResidentChange[] = [{ on: isoDay(birthDay), reason: '出生' }];
    const record: ResidentRecord = {
      myNumber: myNumberFromBase(base),
      residentCode: String(10_000_000_000 + residents),
      householdId,
      name: `${name.kanji}\u3000${given.kanji}`,
      nameKana: `${name.kana}\u3000${given.kana}`,
      birthDate: isoDay(birthDay),
      sex,
      address: addr,
      changes,
    };
    return { record, registered: { name: record.name, nameKana: record.nameKana, address: addr }, gaiji: 'none', current: null, events: new Set() };
  }

  function registerOn(): number {
    return FIRST_REGISTRATION + Math.floor(random() * (LAST_REGISTRATION - FIRST_REGISTRATION));
  }

  function newLinkage(person: Person, insurer: InsurerPolicy, role: LinkageRecord['role'], registeredDay: number, lostDay: number | null): LinkageRecord {
    linkageCounter += 1;
    const missing = (insurer.kind === 'kyokai' || insurer.kind === 'kumiai' || insurer.kind === 'other') && random() < rates.addressMissingEmployee;
    return {
      myNumber: person.record.myNumber,
      linkageId: `L${String(linkageCounter).padStart(10, '0')}`,
      insurerNumber: insurer.number,
      role,
      name: person.registered.name,
      nameKana: person.registered.nameKana,
      birthDate: person.record.birthDate,
      sex: person.record.sex,
      address: missing ? null : person.registered.address,
      registeredOn: isoDay(registeredDay),
      lostOn: lostDay === null ? null : isoDay(lostDay),
      identityCheck: 'notChecked',
    };
  }

  /** A J-LIS change after the registration and before the snapshot. */
  function changeAfter(person: Person, registeredOn: string, reason: ResidentChange['reason']): void {
    const from = dayOf(registeredOn) + 1;
    person.record.changes.push({ on: isoDay(from + Math.floor(random() * Math.max(1, SNAPSHOT - from))), reason });
  }

  const SAME_PERSON: [keyof GeneratorRates, string][] = [
    ['kuroMaru', 'kuroMaru'],
    ['itaiji', 'itaiji'],
    ['kanaVariant', 'kanaVariant'],
    ['addressNotation', 'addressNotation'],
    ['kanaReading', 'kanaReading'],
    ['birthDateKeyed', 'birthDateKeyed'],
  ];
  function drawNotation(): string {
    let u = random();
    for (const [key, variant] of SAME_PERSON) {
      if (u < (rates[key] as number)) return variant;
      u -= rates[key] as number;
    }
    return 'exact';
  }

  /** The insurer's copy of a person's items under one notation variant; returns the variant that really applied. */
  function applyNotation(l: LinkageRecord, person: Person, variant: string): string {
    switch (variant) {
      case 'kuroMaru':
      case 'itaiji':
        if (person.gaiji === 'none') return 'exact';
        l.name = variant === 'kuroMaru' ? toIntermediateCharacters(person.registered.name) : substitute(person.registered.name);
        return variant;
      case 'kanaVariant': {
        const v = kanaSpellingVariant(l.nameKana);
        if (!v) return 'exact';
        l.nameKana = v;
        return variant;
      }
      case 'addressNotation':
        if (l.address === null) return 'exact';
        l.address = dashed(l.address);
        return variant;
      case 'kanaReading': {
        const v = otherReading(l.nameKana);
        if (!v) return 'exact';
        l.nameKana = v;
        return variant;
      }
      case 'birthDateKeyed':
        l.birthDate = isoDay(dayOf(l.birthDate) + 1);
        return variant;
      default:
        return 'exact';
    }
  }
  const substitutes = new Map(pools.gaijiFamilyNames.map((g) => [g.jlis, g.substitute]));
  function substitute(name: string): string {
    let s = name;
    for (const [from, to] of substitutes) s = s.replace(from, to);
    return s.replace(/[\u{E0100}-\u{E01EF}]/gu, '');
  }

  const sameReading = (name: Name): Name => (name.sameReading.length > 0 ? { ...name, kanji: pick(name.sameReading) } : name);

  while (residents < options.people) {
    const householdId = `H${residents}`;
    const place = pick(pools.places);
    const home = address(place);
    let family: Name | { kanji: string; kana: string } = familyName();
    let gaiji: Person['gaiji'] = 'none';
    // 外字 households: the J-LIS name carries a character the insurers' systems cannot hold.
    if (random() < (rates.kuroMaru + rates.itaiji) * 0.6) {
      const g = pick(pools.gaijiFamilyNames);
      family = { kanji: g.jlis, kana: g.kana };
      gaiji = 'pool';
    }
    const size = [1, 1, 1, 2, 2, 2, 3, 3, 4, 4][Math.floor(random() * 10)]!;
    const headSex = random() < 0.5 ? 'male' : 'female';
    const today = TODAY;
    const headBirth = today - Math.floor((20 + random() * 65) * 365.25);
    const headGiven = givenName(headSex);
    const members: Person[] = [newResident(householdId, family, headGiven, headBirth, headSex, home)];
    if (size >= 2) {
      const sex = headSex === 'male' ? 'female' : 'male';
      members.push(newResident(householdId, family, givenName(sex), headBirth + Math.floor((random() * 10 - 5) * 365.25), sex, home));
    }
    for (let c = 2; c < size; c += 1) {
      const sex = random() < 0.5 ? 'male' : 'female';
      const birth = Math.min(today - 30, headBirth + Math.floor((22 + random() * 20) * 365.25));
      const given = random() < rates.sameNameAsParent && sex === headSex ? headGiven : givenName(sex);
      members.push(newResident(householdId, family, given, birth, sex, home));
      if (c + 1 < size && random() < rates.twins) {
        const twinSex = random() < 0.7 ? sex : sex === 'male' ? 'female' : 'male';
        members.push(newResident(householdId, family, givenName(twinSex), birth, twinSex, home));
        c += 1;
      }
    }
    for (const m of members) {
      m.gaiji = gaiji;
      // A lone 外字 in a given name (an IVS form of its first kanji) for the rest of the ●/異体字 share.
      if (gaiji === 'none' && random() < (rates.kuroMaru + rates.itaiji) * 0.4) {
        const name = m.record.name.replace(/(\u3000)(\p{Script=Han})/u, '$1$2\u{E0100}');
        if (name !== m.record.name) {
          m.record.name = name;
          m.registered.name = name;
          m.gaiji = 'ivs';
        }
      }
    }
    const oldest = headBirth;
    const insurer = today - oldest > 75 * 365.25 && elderly.length > 0 ? pick(elderly) : pick(employees);
    const strangers: Person[] = [];
    const linkages: LinkageRecord[] = [];
    const labels = new Map<string, TruthLabel>();
    const label = (l: LinkageRecord, truth: TruthLabel['truth'], variant: string) => {
      const prior = labels.get(l.linkageId);
      const variants = prior && prior.variant !== 'exact' ? `${prior.variant}+${variant}` : variant;
      labels.set(l.linkageId, { linkageId: l.linkageId, truth: prior?.truth === 'otherPerson' ? 'otherPerson' : truth, variant: variants, addressMissing: l.address === null });
    };

    members.forEach((m, i) => {
      const role = insurer.kind === 'kokuho' || insurer.kind === 'koki' || i === 0 ? 'insured' : 'dependant';
      const registered = Math.max(registerOn(), dayOf(m.record.birthDate) + 1);
      const current = newLinkage(m, insurer, role, registered, null);
      m.current = current;
      linkages.push(current);
      if (random() < rates.pastQualification || random() < rates.jobChangeOverlap) {
        const overlap = random() < rates.jobChangeOverlap / (rates.pastQualification + rates.jobChangeOverlap);
        const past = newLinkage(m, pick(employees), 'insured', Math.max(dayOf(m.record.birthDate) + 1, registered - 1 - Math.floor(random() * 2000)), overlap ? null : registered);
        linkages.push(past);
        if (overlap) label(past, 'samePerson', 'jobChangeOverlap');
      }
    });

    // Changes J-LIS knows and the insurers' records do not: moves and marriages.
    for (const m of members) {
      const registeredOn = m.current!.registeredOn;
      const u = random();
      if (u < rates.moved + rates.movedAndKanaReading) {
        m.record.address = address(pick(pools.places));
        changeAfter(m, registeredOn, '転居');
        m.events.add(u < rates.moved ? 'moved' : 'movedAndKanaReading');
      } else if (u < rates.moved + rates.movedAndKanaReading + rates.nameChanged && dayOf(registeredOn) - dayOf(m.record.birthDate) > 18 * 365) {
        const next = familyName();
        m.record.name = m.record.name.replace(/^[^\u3000]+/u, next.kanji);
        m.record.nameKana = m.record.nameKana.replace(/^[^\u3000]+/u, next.kana);
        changeAfter(m, registeredOn, '氏名変更');
        m.events.add('nameChanged');
      }
    }

    for (const l of linkages) {
      const owner = members.find((m) => m.record.myNumber === l.myNumber)!;
      if (owner.gaiji !== 'none') {
        // An insurer either blanks the 外字 (●) or substitutes a common form (髙→高): never the J-LIS character.
        const variant = random() < rates.kuroMaru / (rates.kuroMaru + rates.itaiji) ? 'kuroMaru' : 'itaiji';
        label(l, 'samePerson', applyNotation(l, owner, variant));
      } else {
        const variant = applyNotation(l, owner, drawNotation());
        if (variant !== 'exact') label(l, 'samePerson', variant);
      }
      if (owner.events.has('movedAndKanaReading')) {
        const reading = otherReading(l.nameKana);
        if (reading) l.nameKana = reading;
        label(l, 'samePerson', reading ? 'movedAndKanaReading' : 'moved');
      } else for (const e of owner.events) label(l, 'samePerson', e);
      if (l.address === null && !labels.has(l.linkageId)) label(l, 'samePerson', 'exact');
    }

    // Errors: another person's number (the 3-item shortcut, a family swap), a mistyped number.
    const victims = new Set<Person>();
    for (const m of members) {
      if (victims.has(m)) continue;
      const u = random();
      if (u < rates.otherPerson) {
        const partner = members.find((x) => x !== m && !victims.has(x) && (x.record.birthDate === m.record.birthDate || x.record.name === m.record.name)) ?? members.find((x) => x !== m && !victims.has(x));
        if (random() < rates.otherPersonShortcutShare || !partner) {
          // A look-alike elsewhere: same カナ, birth date and sex; the insurer's 3-item 照会 found this member first.
          const kanaFamily = m.record.nameKana.split('\u3000')[0]!;
          const kanaGiven = m.record.nameKana.split('\u3000')[1]!;
          const familyPool = pools.familyNames.find((f) => f.kana === kanaFamily);
          const givenPool = pools.givenNames[m.record.sex as 'male' | 'female'].find((g) => g.kana === kanaGiven);
          const sFamily = familyPool ? sameReading(familyPool) : { kanji: m.record.name.split('\u3000')[0]!, kana: kanaFamily };
          const sGiven = givenPool ? sameReading(givenPool) : { kanji: m.record.name.split('\u3000')[1]!, kana: kanaGiven };
          const s = newResident(`H${residents}`, sFamily, sGiven, dayOf(m.record.birthDate), m.record.sex as 'male' | 'female', address(pick(pools.places)));
          strangers.push(s);
          const at = shortcutInsurers.filter((x) => x.number !== insurer.number);
          const wrong = newLinkage(s, at.length > 0 ? pick(at) : pick(employees), 'dependant', registerOn(), null);
          wrong.myNumber = m.record.myNumber;
          linkages.push(wrong);
          label(wrong, 'otherPerson', 'shortcut3');
          victims.add(m);
        } else {
          // A row swap on the 異動届: each record carries the other's number.
          const a = m.current!;
          const b = partner.current!;
          [a.myNumber, b.myNumber] = [b.myNumber, a.myNumber];
          label(a, 'otherPerson', 'familySwap');
          label(b, 'otherPerson', 'familySwap');
          victims.add(m);
          victims.add(partner);
        }
      } else if (u < rates.otherPerson + rates.mistypedNumber) {
        const l = m.current!;
        l.myNumber = myNumberFromBase(Number(l.myNumber.slice(0, 11)) - 1);
        label(l, 'noSuchNumber', 'mistyped');
        victims.add(m);
      }
    }

    const everyone = [...members, ...strangers].map((p) => p.record).sort((a, b) => (a.myNumber < b.myNumber ? -1 : 1));
    for (const r of everyone) sink.resident(r);
    linkages.sort((a, b) => (a.myNumber === b.myNumber ? (a.linkageId < b.linkageId ? -1 : 1) : a.myNumber < b.myNumber ? -1 : 1));
    for (const l of linkages) sink.linkage(l);
    for (const t of labels.values()) {
      sink.label(t);
      summary.byVariant[t.variant] = (summary.byVariant[t.variant] ?? 0) + 1;
      if (t.truth === 'otherPerson') summary.otherPerson += 1;
    }
    summary.linkages += linkages.length;
  }
  summary.people = residents;
  return summary;
}
