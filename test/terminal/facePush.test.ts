import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pushCheckInsTo } from '../../app/startTerminal.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { startKioskHarness, type KioskHarness } from '../harness/kioskHarness.ts';
import type { Tree } from './ReferenceClient.ts';
import { startTerminalRig, type TerminalRig } from './terminalRig.ts';

let k: KioskHarness | undefined;
let rig: TerminalRig | undefined;

afterEach(async () => {
  await k?.close();
  await rig?.dispose();
  k = rig = undefined;
});

async function setUp(): Promise<void> {
  rig = await startTerminalRig();
  k = await startKioskHarness({ service: rig.service });
  pushCheckInsTo(rig.terminal, k.runtime);
}

const list = <T>(v: unknown): T[] => (v === undefined ? [] : Array.isArray(v) ? (v as T[]) : [v as T]);
const FACE_NAME = /^OQSsiquc01res_face_(\d{10})([0-9a-f]{20})_(\d{14})\.xml$/;

/** The face files so far, oldest first, each read as clinic software reads them. */
function faceFiles(): Array<{ name: string; xml: Tree; id: string }> {
  const dir = rig!.terminal.folders.face;
  return readdirSync(dir)
    .filter((f) => FACE_NAME.test(f))
    .sort((a, b) => FACE_NAME.exec(a)![3]!.localeCompare(FACE_NAME.exec(b)![3]!) || a.localeCompare(b))
    .map((name) => ({ name, id: FACE_NAME.exec(name)![2]!, xml: rig!.client.read(join(dir, name), readFileSync(join(dir, name)), 'OQSsiquc01res.xsd') }));
}

async function waitForFaceFiles(count: number): Promise<ReturnType<typeof faceFiles>> {
  const deadline = Date.now() + 10_000;
  while (faceFiles().length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} face files, have ${faceFiles().length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return faceFiles();
}

describe('the face push after a kiosk check-in', () => {
  it('a face check-in with consent pushes its result, consent flags and times and the clinic\'s 照会番号 included, without any request', async () => {
    await setUp();
    await rig!.service.terminal(0).registerReferenceNumber({ ReferenceNumber: 'KARTE-0001', InsurerNumber: '01130012', InsuredCardSymbol: '21200041', InsuredIdentificationNumber: '123', InsuredBranchNumber: '00' });
    k!.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k!.devices.placeCard('yamada-taro');
    await k!.waitForStep('choosingMethod');
    k!.runtime.send({ type: 'method.face' });
    await k!.waitForStep('askingConsent');
    k!.runtime.send({ type: 'consent.answered', agree: true });
    for (let i = 0; i < 6 && k!.runtime.view().patient.step.startsWith('askingConsent'); i++) {
      k!.runtime.send({ type: 'consent.answered', agree: true });
      await new Promise((r) => setTimeout(r, 20));
    }
    await k!.waitForStep('showingResult');
    k!.runtime.send({ type: 'result.acknowledged' });
    await k!.waitForStep('finishing');
    const [face] = await waitForFaceFiles(1);
    expect(face!.name).toMatch(FACE_NAME);
    expect(FACE_NAME.exec(face!.name)![1]).toBe(rig!.service.terminal(0).options.medicalInstitutionCode);
    expect(face!.xml.MessageHeader).toMatchObject({ ReferenceClassification: '1', SegmentOfResult: '1', CharacterCodeIdentifier: '0' });
    expect((face!.xml.MessageHeader as Tree).ArbitraryFileIdentifier).toMatch(/^[A-Za-z0-9+/]{16}$/);
    const row = list<Tree>(((face!.xml.MessageBody as Tree).ResultList as Tree).ResultOfQualificationConfirmation)[0]!;
    expect(row).toMatchObject({ Name: '山田　太郎', NameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ', InsurerNumber: '01130012', PharmacistsInfoConsFlg: '1', ReferenceNumber: 'KARTE-0001' });
    // Consent lasts 24 h: AvailableTime is ConsTime + 1 day, as on the real files.
    expect(Number(row.PharmacistsInfoAvailableTime) - Number(row.PharmacistsInfoConsTime)).toBe(1_000_000);
    expect((face!.xml.MessageBody as Tree).QualificationValidity).toBe('1');
  });

  it('a PIN check-in pushes its result', async () => {
    await setUp();
    const pin = loadCardProfile('sato-hanako').profile.pins.auth!;
    await k!.devices.placeCard('sato-hanako');
    await k!.waitForStep('choosingMethod');
    k!.runtime.send({ type: 'method.pin' });
    await k!.waitForStep('enteringPin');
    k!.runtime.enterPin(pin);
    await k!.waitForStep('askingConsent');
    k!.runtime.send({ type: 'consent.skipAll' });
    await k!.waitForStep('showingResult');
    k!.runtime.send({ type: 'result.acknowledged' });
    await k!.waitForStep('finishing');
    const [face] = await waitForFaceFiles(1);
    const row = list<Tree>(((face!.xml.MessageBody as Tree).ResultList as Tree).ResultOfQualificationConfirmation)[0]!;
    expect(row).toMatchObject({ Name: '佐藤　花子', PersonalFamilyClassification: '2', PharmacistsInfoConsFlg: '0' });
  });

  it('資格（無効） taken on a 申立書: the check-in pushes 無効, and the later re-check pushes its update under the same visit id', async () => {
    await setUp();
    k!.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k!.devices.placeCard('lost-qualification');
    await k!.waitForStep('choosingMethod');
    k!.runtime.send({ type: 'method.face' });
    await k!.waitForStep('askingConsent');
    k!.runtime.send({ type: 'consent.skipAll' });
    await k!.waitForStep('outage');
    k!.runtime.send({ type: 'staff.declarationStarted' });
    k!.runtime.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: false } });
    await k!.waitForStep('finishing');
    const [checkIn] = await waitForFaceFiles(1);
    expect((checkIn!.xml.MessageBody as Tree).QualificationValidity).toBe('2');
    expect(checkIn!.id.endsWith('0000')).toBe(true);
    // The kiosk runs the re-check by itself as soon as the visit is written (the service is connected).
    const files = await waitForFaceFiles(2);
    const update = files.find((f) => f.id.endsWith('0001'))!;
    expect(update.id.slice(0, 16)).toBe(checkIn!.id.slice(0, 16));
    const row = list<Tree>(((update.xml.MessageBody as Tree).ResultList as Tree).ResultOfQualificationConfirmation)[0]!;
    expect(row).toMatchObject({ Name: '吉田　健一', ReasonOfLoss: '03' });
    expect(await k!.runtime.runRechecks()).toBe(0);
    expect(faceFiles()).toHaveLength(2);
  });

  it('the network down at the reader (3-4): nothing to push at check-in; the re-check pushes what it found', async () => {
    await setUp();
    const operator = rig!.service.operator();
    k!.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k!.devices.placeCard('yamada-taro');
    await k!.waitForStep('choosingMethod');
    await operator.setFaults({ down: true });
    k!.runtime.send({ type: 'method.face' });
    await k!.waitForStep('askingConsent');
    k!.runtime.send({ type: 'consent.skipAll' });
    await k!.waitForStep('outage', 15_000);
    k!.runtime.send({ type: 'staff.declarationStarted' });
    k!.runtime.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: false } });
    await k!.waitForStep('finishing');
    expect(faceFiles()).toHaveLength(0);
    await operator.setFaults({ down: false });
    const [update] = await waitForFaceFiles(1);
    expect(update!.id.endsWith('0001')).toBe(true);
    expect((update!.xml.MessageBody as Tree).QualificationValidity).toBe('1');
  }, 30_000);
});
