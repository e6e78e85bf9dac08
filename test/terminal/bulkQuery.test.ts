import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import { generateSyntheticPopulation } from '../bench/service/generateSyntheticPopulation.ts';
import { loadSeedPopulation } from '../../server/seed/loadSeedPopulation.ts';
import { element, requestText, type Tree } from './ReferenceClient.ts';
import { expectSameQualification } from './expectSameQualification.ts';
import { CLINIC, startTerminalRig, type TerminalRig } from './terminalRig.ts';

const PEOPLE = 1000;
const population = generateSyntheticPopulation(loadSeedPopulation(), PEOPLE, 7);
const synthetic = population.people.filter((p) => !loadSeedPopulation().people.some((s) => s.id === p.id)).slice(0, PEOPLE);
let rig: TerminalRig;

beforeAll(async () => {
  rig = await startTerminalRig({ population, bulkProcessingMs: 1500 });
});
afterAll(async () => rig.dispose());

const list = <T>(v: unknown): T[] => (v === undefined ? [] : Array.isArray(v) ? (v as T[]) : [v as T]);

describe('一括照会 through the folder', () => {
  it(`1,000 people: the 受付番号 at once, 処理中 while the service works, then every unit complete by 受付番号`, async () => {
    expect(synthetic.length).toBe(PEOPLE);
    const body = synthetic
      .map((p, i) => {
        const q = p.qualifications[0]!;
        const insurer = q.insurerNumber.startsWith('00') ? `  ${q.insurerNumber.slice(2)}` : q.insurerNumber;
        return `        <QualificationConfirmSearchInfo>\r\n${element('InsurerNumber', insurer)}${element('InsuredCardSymbol', q.symbol)}${element('InsuredIdentificationNumber', q.number)}${element('InsuredBranchNumber', q.branch)}${element('Birthdate', p.birthDate.replaceAll('-', ''))}${element('LimitApplicationCertificateRelatedConsFlg', '0')}${element('ArbitraryIdentifier', `appt-${i}`)}        </QualificationConfirmSearchInfo>`;
      })
      .join('\r\n');
    const day = formatOqsDate(new Date(Date.now() + 86_400_000));
    const upload = rig.client.nextName('OQSmuquc01');
    rig.client.submit(upload, requestText('shift_jis', { QualificationConfirmationDate: day, MedicalInstitutionCode: CLINIC.code, ArbitraryFileIdentifier: `bulk-${Date.now()}` }, body), 'shift_jis');
    const accepted = await rig.client.waitFor(upload, 30_000);
    const receptionNumber = (accepted.xml.MessageBody as Tree).ReceptionNumber as string;
    expect(receptionNumber).toMatch(/^QB\d{16}$/);
    expect((accepted.xml.MessageBody as Tree).ReceptionDateTime).toMatch(/^\d{14}$/);

    // Each 02req is a fresh file name with the same 受付番号; 2 (処理中) means: ask again later.
    let result;
    const segments: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      const ask = rig.client.nextName('OQSmuquc02');
      rig.client.submit(ask, requestText('utf-8', { MedicalInstitutionCode: CLINIC.code }, element('ReceptionNumber', receptionNumber, 8).trimEnd()), 'utf-8');
      result = await rig.client.waitFor(ask, 30_000);
      const segment = (result.xml.MessageHeader as Tree).SegmentOfResult as string;
      segments.push(segment);
      if (segment === '1') break;
      expect((result.xml.MessageHeader as Tree).ReceptionNumber).toBe(receptionNumber);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(segments[0]).toBe('2');
    expect(segments.at(-1)).toBe('1');
    const header = result!.xml.MessageHeader as Tree;
    expect(header).toMatchObject({ ReceptionNumber: receptionNumber, QualificationConfirmationDate: day, NumberOfProcessingResult: String(PEOPLE), NumberOfNormalProcessing: String(PEOPLE), NumberOfError: '0' });
    const units = list<Tree>((result!.xml.MessageBody as Tree).BulkConfirmUnit);
    expect(units).toHaveLength(PEOPLE);
    // In order, each unit answers its own search; a sample is checked field for field against the service.
    const direct = rig.service.terminal(0);
    units.forEach((u, i) => expect((u.QualificationConfirmSearchInfo as Tree).ArbitraryIdentifier).toBe(`appt-${i}`));
    for (const i of [0, 1, 499, 998, 999]) {
      const p = synthetic[i]!;
      const q = p.qualifications[0]!;
      const service = await direct.confirmByInsuranceNumber({ InsurerNumber: q.insurerNumber, InsuredCardSymbol: q.symbol, InsuredIdentificationNumber: q.number, InsuredBranchNumber: q.branch, Birthdate: p.birthDate.replaceAll('-', ''), LimitApplicationCertificateRelatedConsFlg: '0', ArbitraryIdentifier: `appt-${i}` });
      expect(units[i]!.QualificationValidity).toBe(service.MessageBody.QualificationValidity);
      list<Tree>(units[i]!.ResultOfQualificationConfirmation).forEach((row, j) => expectSameQualification(row, service.MessageBody.ResultList[j]!, `unit ${i}`));
    }
  }, 60_000);

  it('a 受付番号 this clinic never got is answered SegmentOfResult 9, E0104', async () => {
    const ask = rig.client.nextName('OQSmuquc02');
    rig.client.submit(ask, requestText('utf-8', { MedicalInstitutionCode: CLINIC.code }, element('ReceptionNumber', 'QB2026010100009999', 8).trimEnd()), 'utf-8');
    const r = await rig.client.waitFor(ask);
    expect(r.xml.MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'E0104' });
  });
});
