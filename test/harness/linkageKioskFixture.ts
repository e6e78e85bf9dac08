import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { seedFromLinkages } from '../../app/seedFromLinkages.ts';
import { acquireMyNumber } from '../../linkage/insurer/acquireMyNumber.ts';
import { InsurerPolicySchema, type InsurerPolicy } from '../../linkage/insurer/InsurerPolicy.ts';
import { myNumberFromBase } from '../../linkage/jlis/MyNumber.ts';
import type { ResidentRecord } from '../../linkage/jlis/ResidentRecord.ts';
import { SimulatedJlis } from '../../linkage/jlis/SimulatedJlis.ts';
import { IntermediateServer } from '../../linkage/registration/IntermediateServer.ts';
import { registerDependantsByDocuments, registerInsured, type PipelineContext } from '../../linkage/registration/registrationFlows.ts';
import type { LinkageRecord } from '../../linkage/registry/LinkageRecord.ts';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';
import type { SeedPopulation } from '../../server/seed/SeedPopulation.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { profileForResident } from './presentCard.ts';

/** The card holder and her look-alike: the same カナ, birth date and sex, another kanji name and town. */
export const VICTIM: ResidentRecord = {
  myNumber: myNumberFromBase(12_345_678_000),
  residentCode: '20000000001',
  householdId: 'H-victim',
  name: '斉藤　優子',
  nameKana: 'サイトウ　ユウコ',
  birthDate: '1985-03-03',
  sex: 'female',
  address: '東京都千代田区霞が関１丁目２番２号',
  changes: [],
};
export const LOOK_ALIKE: ResidentRecord = { ...VICTIM, myNumber: myNumberFromBase(12_345_679_000), residentCode: '20000000002', householdId: 'H-look-alike', name: '齊藤　裕子', address: '大阪府大阪市北区梅田３丁目１番１号' };
export const VICTIM_CARD_SERIAL = 'C1A5E18A0000000F';

const strict = InsurerPolicySchema.parse({ number: '01130012', name: '全国健康保険協会 東京支部', kind: 'kyokai' });
const shortcut = InsurerPolicySchema.parse({ number: '06131234', name: '霞が関電機健康保険組合', kind: 'kumiai', shortcuts: { threeItemQuery: true } });

export interface WrongLinkageScenario {
  /** The service's population after the pipeline ran with the 3-item shortcut on. */
  population: SeedPopulation;
  /** The linkage the shortcut got wrong: the look-alike's record carrying the victim's number. */
  wrong: LinkageRecord;
  /** The victim's card, as a profile file the simulated reader can take (placeCard(path)). */
  cardFile: string;
  /** The insurer corrects the record (a 5-item 照会, the right number): the population after it. */
  correct(): SeedPopulation;
}

/**
 * The seed's story end to end: the victim registers through flow (1) with her number; her look-alike's
 * dependant row comes without a number (flow 3) to an insurer that queries J-LIS by 3 items and takes the
 * first hit — the victim. Registered before 2024-05, so no 本人確認判定フラグ stops it.
 */
export function wrongLinkageScenario(): WrongLinkageScenario {
  const jlis = new SimulatedJlis([VICTIM, LOOK_ALIKE], { legacy: true });
  const server = new IntermediateServer(jlis);
  let n = 0;
  const ctx: PipelineContext = { jlis, server, nextLinkageId: () => `L-fixture-${++n}` };
  const row = (r: ResidentRecord, myNumber: string | null) => ({ items: { name: r.name, nameKana: r.nameKana, birthDate: r.birthDate, sex: r.sex, address: r.address }, myNumber });
  registerInsured(ctx, { insurer: strict, submittedOn: '2021-04-01', rows: [row(VICTIM, VICTIM.myNumber)] });
  const [taken] = registerDependantsByDocuments(ctx, { insurer: shortcut, submittedOn: '2022-10-01', rows: [row(LOOK_ALIKE, null)] });
  const wrong = taken!.linkage!;
  const insurers: InsurerPolicy[] = [strict, shortcut];
  const seed = () => seedFromLinkages({ residents: [VICTIM, LOOK_ALIKE], linkages: server.linkages(), insurers, clinics: loadSeedPopulation().clinics, cards: new Map([[VICTIM.myNumber, VICTIM_CARD_SERIAL]]) });
  const population = seed();

  const dir = mkdtempSync(join(tmpdir(), 'linkage-card-'));
  const resident = population.residents.find((r) => r.certificateSerial === VICTIM_CARD_SERIAL)!;
  const { profile } = profileForResident(resident);
  const cardFile = join(dir, 'victim.json');
  writeFileSync(cardFile, JSON.stringify({ ...profile, description: 'The victim of a 3-item shortcut: her number is on a look-alike’s record too.' }));
  const base = loadCardProfile('yamada-taro');
  mkdirSync(dirname(join(dir, profile.facePhoto)), { recursive: true });
  copyFileSync(join(dirname(base.file), base.profile.facePhoto), join(dir, profile.facePhoto));

  return {
    population,
    wrong,
    cardFile,
    correct() {
      // After the 総点検 flagged it, the insurer asks J-LIS again — by the 5 items, as the notice says.
      const again = acquireMyNumber(wrong, jlis, { ...shortcut, shortcuts: { ...shortcut.shortcuts, threeItemQuery: false } });
      if (!again.taken) throw new RangeError(`the fixture's 5-item 照会 found nothing: ${again.why}`);
      server.correct(wrong.linkageId, { myNumber: again.myNumber });
      return seed();
    },
  };
}
