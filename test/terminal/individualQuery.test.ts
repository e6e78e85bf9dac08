import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { QualificationConfirmSearchInfo } from '../../protocol/eligibility/EligibilityResult.ts';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import { encodeXmlDocument } from '../../terminal/xml/FileEncoding.ts';
import { element, requestText, type Tree } from './ReferenceClient.ts';
import { expectSameQualification } from './expectSameQualification.ts';
import { CLINIC, seedWithCardFaceNames, startTerminalRig, type TerminalRig } from './terminalRig.ts';

const population = seedWithCardFaceNames();
let rig: TerminalRig;
let direct: EligibilityClient;

/** Every qualification of every person, by its numbers; plus twins without 枝番 (5) and numbers of nobody (4). */
const searches: Array<{ label: string; search: QualificationConfirmSearchInfo; name: string | null }> = [
  ...population.people.flatMap((p) =>
    p.qualifications.map((q, i) => ({
      label: `${p.id}#${i}`,
      name: p.name,
      search: {
        InsurerNumber: q.insurerNumber.startsWith('00') ? q.insurerNumber.slice(2) : q.insurerNumber,
        InsuredCardSymbol: q.symbol,
        InsuredIdentificationNumber: q.number,
        InsuredBranchNumber: q.branch,
        Birthdate: p.birthDate.replaceAll('-', ''),
        LimitApplicationCertificateRelatedConsFlg: i % 2 === 0 ? '1' : '0',
        ArbitraryIdentifier: `appt-${p.id}`,
      } satisfies QualificationConfirmSearchInfo,
    })),
  ),
  { label: 'twins without 枝番', name: null, search: { InsurerNumber: '01130012', InsuredCardSymbol: '21200135', InsuredIdentificationNumber: '72', InsuredBranchNumber: null, Birthdate: '20210820', LimitApplicationCertificateRelatedConsFlg: '0', ArbitraryIdentifier: null } },
  { label: 'nobody', name: null, search: { InsurerNumber: '01130012', InsuredCardSymbol: '99', InsuredIdentificationNumber: '99999', InsuredBranchNumber: '00', Birthdate: '19700101', LimitApplicationCertificateRelatedConsFlg: '0', ArbitraryIdentifier: null } },
];

function searchXml(s: QualificationConfirmSearchInfo): string {
  // A 6-digit 国保 number goes with two leading spaces, as clinic software writes it.
  const insurer = s.InsurerNumber.length === 6 ? `  ${s.InsurerNumber}` : s.InsurerNumber;
  return `        <QualificationConfirmSearchInfo>\r\n${element('InsurerNumber', insurer)}${element('InsuredCardSymbol', s.InsuredCardSymbol)}${element('InsuredIdentificationNumber', s.InsuredIdentificationNumber)}${element('InsuredBranchNumber', s.InsuredBranchNumber ?? '')}${element('Birthdate', s.Birthdate)}${element('LimitApplicationCertificateRelatedConsFlg', s.LimitApplicationCertificateRelatedConsFlg)}${element('ArbitraryIdentifier', s.ArbitraryIdentifier)}        </QualificationConfirmSearchInfo>`;
}

const list = <T>(v: unknown): T[] => (v === undefined ? [] : Array.isArray(v) ? (v as T[]) : [v as T]);

beforeAll(async () => {
  rig = await startTerminalRig({ population });
  direct = rig.service.terminal(0);
});
afterAll(async () => rig.dispose());

describe.each(['utf-8', 'shift_jis'] as const)('個別照会 through the folder, requests and results in %s', (encoding) => {
  it('answers every seed person and every QualificationValidity code exactly as the service does, field for field', async () => {
    const sent = searches.map((s, i) => {
      const name = rig.client.nextName('OQSsiquc01');
      const afi = `${encoding}-${i}-${Date.now()}`;
      const header = { QualificationConfirmationDate: formatOqsDate(new Date()), MedicalInstitutionCode: CLINIC.code, ArbitraryFileIdentifier: afi, CharacterCodeIdentifier: encoding === 'utf-8' ? '0' : '1' };
      rig.client.submit(name, requestText(encoding, header, searchXml(s.search)), encoding);
      return { ...s, name, afi };
    });
    const validities = new Set<string>();
    for (const s of sent) {
      const answer = await rig.client.waitFor(s.name);
      expect(answer.error, s.label).toBeNull();
      const declared = answer.bytes.subarray(0, 60).toString('latin1');
      expect(declared).toBe(`<?xml version="1.0" encoding="${encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS'}" standalone="no"?>\r\n<XmlMsg>\r\n`.slice(0, 60));
      expect(answer.bytes.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
      const header = answer.xml.MessageHeader as Tree;
      const body = answer.xml.MessageBody as Tree;
      expect(header).toMatchObject({ CharacterCodeIdentifier: encoding === 'utf-8' ? '0' : '1', SegmentOfResult: '1', ReferenceClassification: '2', MedicalInstitutionCode: CLINIC.code, ArbitraryFileIdentifier: s.afi });
      // Clients match by the literal element: the identifier is echoed byte for byte, no whitespace inside.
      expect(answer.bytes.includes(Buffer.from(`<ArbitraryFileIdentifier>${s.afi}</ArbitraryFileIdentifier>`))).toBe(true);
      const service = await direct.confirmByInsuranceNumber(s.search);
      expect(body.ProcessingResultStatus, s.label).toBe(service.MessageBody.ProcessingResultStatus);
      expect(body.QualificationValidity, s.label).toBe(service.MessageBody.QualificationValidity);
      validities.add(body.QualificationValidity as string);
      const rows = list<Tree>((body.ResultList as Tree | undefined)?.ResultOfQualificationConfirmation);
      expect(rows.length, s.label).toBe(service.MessageBody.ResultList.length);
      rows.forEach((row, i) => expectSameQualification(row, service.MessageBody.ResultList[i]!, `${s.label} row ${i}`));
      expect(body.PrescriptionIssueSelect, s.label).toBe(service.MessageBody.ResultList[0]?.PrescriptionIssueSelect);
      // Names, ● and 異体字 included, are the very bytes our writer gives the service's name: byte-exact.
      for (const r of service.MessageBody.ResultList) expect(answer.bytes.includes(encodeXmlDocument(`<Name>${r.Name}</Name>`, encoding)), `${s.label}: ${r.Name} byte-exact`).toBe(true);
    }
    expect([...validities].sort()).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('names outside JIS X 0208', () => {
  it('●, 𠮷, 髙 and 﨑 arrive unchanged in both encodings: numeric references in Shift_JIS, never ?', async () => {
    const holders = population.people.filter((p) => p.id.endsWith('-as-on-card'));
    expect(holders.map((p) => p.name)).toEqual(['●田　恵美', '髙橋　𠮷之', '山﨑　翔太']);
    for (const encoding of ['utf-8', 'shift_jis'] as const) {
      for (const p of holders) {
        const q = p.qualifications[0]!;
        const name = rig.client.nextName('OQSsiquc01');
        const search = { InsurerNumber: q.insurerNumber.startsWith('00') ? q.insurerNumber.slice(2) : q.insurerNumber, InsuredCardSymbol: q.symbol, InsuredIdentificationNumber: q.number, InsuredBranchNumber: q.branch, Birthdate: p.birthDate.replaceAll('-', ''), LimitApplicationCertificateRelatedConsFlg: '0' as const, ArbitraryIdentifier: null };
        rig.client.submit(name, requestText(encoding, { QualificationConfirmationDate: formatOqsDate(new Date()), MedicalInstitutionCode: CLINIC.code, CharacterCodeIdentifier: encoding === 'utf-8' ? '0' : '1' }, searchXml(search)), encoding);
        const answer = await rig.client.waitFor(name);
        const row = list<Tree>(((answer.xml.MessageBody as Tree).ResultList as Tree).ResultOfQualificationConfirmation)[0]!;
        expect(row.Name).toBe(p.name);
        expect(row.InsuredName).toBe(p.name);
        if (encoding === 'shift_jis') {
          expect(answer.bytes.subarray(answer.bytes.indexOf('?>') + 2).includes(0x3f), 'no ? after the declaration').toBe(false);
          if (p.name.includes('𠮷')) expect(answer.bytes.toString('latin1')).toContain('&#x20BB7;');
          if (p.name.includes('●')) expect(answer.bytes.includes(Buffer.from([0x81, 0x9c]))).toBe(true);
        }
      }
    }
  });

  it('answers in the terminal\'s encoding when the request does not say; a Shift_JIS request with a BOM-less UTF-8 default', async () => {
    const name = rig.client.nextName('OQSsiquc01');
    const s = searches[0]!.search;
    rig.client.submit(name, requestText('shift_jis', { QualificationConfirmationDate: formatOqsDate(new Date()), MedicalInstitutionCode: CLINIC.code }, searchXml(s)), 'shift_jis');
    const answer = await rig.client.waitFor(name);
    expect((answer.xml.MessageHeader as Tree).CharacterCodeIdentifier).toBe('0');
  });
});
