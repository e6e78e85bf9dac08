import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOqsDate } from '../../protocol/eligibility/OqsDateTime.ts';
import { element, requestText, type Tree } from './ReferenceClient.ts';
import { CLINIC, startTerminalRig, type TerminalRig } from './terminalRig.ts';

let rig: TerminalRig;

// Polling, as on a network share where file-system events do not arrive.
beforeAll(async () => {
  rig = await startTerminalRig({ terminal: { watch: { polling: true, intervalMs: 50, stableMs: 60 } } });
});
afterAll(async () => rig.dispose());

const registration = (fields: Record<string, string>) =>
  requestText('shift_jis', { MedicalInstitutionCode: CLINIC.code, ArbitraryFileIdentifier: `reg-${Date.now()}-${Math.random()}` }, `        <ReferenceNumberRegistrationInfo>\r\n${Object.entries(fields).map(([k, v]) => element(k, v)).join('')}        </ReferenceNumberRegistrationInfo>`);

describe('照会番号 registration through the folder (polling)', () => {
  it('OQSsiimm01: registered, echoed in the real order, and carried by the next 個別照会 result for that person', async () => {
    const name = rig.client.nextName('OQSsiimm01');
    rig.client.submit(name, registration({ ReferenceNumber: 'KARTE-24434', InsurerNumber: '  330126', InsuredCardSymbol: '瀬', InsuredIdentificationNumber: '77120', InsuredBranchNumber: '01' }), 'shift_jis');
    const answer = await rig.client.waitFor(name);
    expect(answer.xml.MessageBody).toMatchObject({ ProcessingResultStatus: '1', ReferenceNumberRegistrationInfo: { ReferenceNumber: 'KARTE-24434', InsurerNumber: '  330126', InsuredCardSymbol: '瀬' } });
    expect(Object.keys((answer.xml.MessageBody as Tree).ReferenceNumberRegistrationInfo as Tree)).toEqual(['InsurerNumber', 'InsuredIdentificationNumber', 'ReferenceNumber', 'InsuredCardSymbol', 'InsuredBranchNumber']);
    const query = rig.client.nextName('OQSsiquc01');
    const search = `        <QualificationConfirmSearchInfo>\r\n${element('InsurerNumber', '  330126')}${element('InsuredCardSymbol', '瀬')}${element('InsuredIdentificationNumber', '77120')}${element('InsuredBranchNumber', '01')}${element('Birthdate', '19511206')}${element('LimitApplicationCertificateRelatedConsFlg', '0')}        </QualificationConfirmSearchInfo>`;
    rig.client.submit(query, requestText('utf-8', { QualificationConfirmationDate: formatOqsDate(new Date()), MedicalInstitutionCode: CLINIC.code }, search), 'utf-8');
    const result = await rig.client.waitFor(query);
    const row = ((result.xml.MessageBody as Tree).ResultList as Tree).ResultOfQualificationConfirmation as Tree[];
    expect(row[0]).toMatchObject({ ReferenceNumber: 'KARTE-24434', InsurerNumber: '  330126', Name: '髙橋　浩二' });
  });

  it('numbers that name nobody: ProcessingResultStatus 2 with R01 and a message to act on', async () => {
    const name = rig.client.nextName('OQSsiimm01');
    rig.client.submit(name, registration({ ReferenceNumber: 'KARTE-1', InsurerNumber: '01130012', InsuredIdentificationNumber: '0000000' }), 'shift_jis');
    expect((await rig.client.waitFor(name)).xml.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'R01', ProcessingResultMessage: expect.stringContaining('見つかりません') });
  });
});
