import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApduTraceEntry } from '../../kiosk/protocol/SimulatorControl.ts';
import { startKioskHarness, type KioskHarness } from '../harness/kioskHarness.ts';
import { certifiedReader } from '../harness/certifiedReader.ts';
import { myNumberAccesses } from '../harness/myNumberAccess.ts';
import { readerIdentityOf } from '../../device/readerKey/readerIdentity.ts';
import { pinFoundAt } from '../harness/pinFoundAt.ts';

let k: KioskHarness | undefined;
afterEach(async () => {
  await k?.close();
  k = undefined;
});

/** まとめて同意 on the 診療・薬剤・手術 screen, 同意しない for 特定健診. */
async function answerConsents(h: KioskHarness) {
  for (const agree of [true, false]) {
    await h.waitForStep('askingConsent');
    h.runtime.send({ type: 'consent.answered', agree });
  }
}

describe('the kiosk runtime on simulated devices against the real eligibility service', () => {
  it('a patient checks in by face: the result shows the insurer and 3割, the visit is recorded, and the screen clears when the card is taken', async () => {
    k = await startKioskHarness();
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    k.runtime.send({ type: 'method.face' });
    await answerConsents(k);
    const shown = await k.waitForStep('showingResult');
    // The patient panel gets the insurer and the share, nothing else of the result.
    expect(shown.patient.result).toEqual({ insurerName: expect.any(String), copayPercent: 30 });
    expect(shown.staff.eligibility?.summary?.detail).toMatchObject({ number: expect.any(String), medical: { available: true } });
    const visitId = shown.visitId!;
    k.runtime.send({ type: 'result.acknowledged' });
    await k.waitForStep('finishing');
    k.devices.removeCard();
    const back = await k.waitForStep('standby');
    expect(back.patient.result).toBeNull();
    const record = k.runtime.visits.get(visitId)!;
    expect(record).toMatchObject({ identityMethod: 'face', outcome: 'completed', claimRoute: 'current', copayPercent: 30, pendingRecheck: false, certificateSerial: '59FAF28676E3E513' });
    expect(record.consents).toEqual({ pharmacy: true, diagnosis: true, operation: true, checkups: false, limitApplication: true });
  });

  it('a PIN check-in with one wrong PIN: the distinctive PIN appears in no trace, log, record, database or frame to the service', async () => {
    k = await startKioskHarness();
    const pin = '1234'; // yamada-taro's PIN; the wrong one below is distinctive
    const wrong = '8063';
    const trace: ApduTraceEntry[] = [];
    k.devices.reader.onTrace((e) => trace.push(e));
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    k.runtime.send({ type: 'method.pin' });
    await k.waitForStep('enteringPin');
    await waitUntil(() => k!.runtime.awaitingPin);
    expect(k.runtime.enterPin(wrong)).toBe(true);
    const wrongView = await k.waitForStep('pinWrong');
    expect(wrongView.patient.pinTriesLeft).toBe(2);
    await k.waitForStep('enteringPin', 6_000);
    await waitUntil(() => k!.runtime.awaitingPin);
    k.runtime.enterPin(pin);
    await k.waitForStep('askingConsent');
    k.runtime.send({ type: 'consent.skipAll' });
    const shown = await k.waitForStep('showingResult');
    k.runtime.send({ type: 'result.acknowledged' });
    await k.waitForStep('finishing');
    k.devices.removeCard();
    await k.waitForStep('standby');
    expect(k.runtime.visits.get(shown.visitId!)?.identityMethod).toBe('pin');

    const hex = Buffer.from(wrong).toString('hex');
    const haystacks = [
      JSON.stringify(trace),
      k.logs.join('\n'),
      JSON.stringify(k.runtime.visits.list()),
      ...sqliteFiles(k.dbFile),
      ...sqliteFiles(k.service.dbFile),
    ];
    for (const text of haystacks) {
      expect(pinFoundAt(text, wrong)).toBe(-1);
      expect(text.toLowerCase().includes(hex)).toBe(false);
    }
    expect(trace.some((e) => e.command.includes('<redacted 4 bytes>'))).toBe(true);
  });

  it('never selects or reads the 個人番号 (入力補助AP 0001, 券面AP 0005) on a PIN or a face check-in: the kiosk has no use for it', async () => {
    // The check itself finds such a read: the first commands a reader of the number would send.
    expect(myNumberAccesses(['00A4040C0AD3921000310001010408', '00A4020C020001', '00B0000011'])).toEqual(['textInput: 00A4020C020001']);
    expect(myNumberAccesses(['00A4040C07D3921000310001', '00A4040C0AD3921000310001010402', '00B0850000'])).toEqual(['cardFace: 00B0850000']);
    k = await startKioskHarness();
    const trace: ApduTraceEntry[] = [];
    k.devices.reader.onTrace((e) => trace.push(e));
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    k.runtime.send({ type: 'method.pin' });
    await k.waitForStep('enteringPin');
    await waitUntil(() => k!.runtime.awaitingPin);
    k.runtime.enterPin('1234');
    await k.waitForStep('askingConsent');
    k.runtime.send({ type: 'consent.skipAll' });
    await k.waitForStep('showingResult');
    k.runtime.send({ type: 'result.acknowledged' });
    await k.waitForStep('finishing');
    k.devices.removeCard();
    await k.waitForStep('standby');
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('sato-hanako');
    await k.waitForStep('choosingMethod');
    k.runtime.send({ type: 'method.face' });
    await answerConsents(k);
    await k.waitForStep('showingResult');
    const commands = trace.map((e) => e.command);
    // The trace is the kiosk's: it did select the applications it needs.
    expect(commands.filter((c) => c.startsWith('00A4040C0AD392F000260100000001')).length).toBeGreaterThanOrEqual(2);
    expect(myNumberAccesses(commands)).toEqual([]);
  });

  it('the reader\'s private key signs every face check-in and appears in no trace, log, record or database', async () => {
    const reader = await certifiedReader('key-leak probe reader');
    k = await startKioskHarness({ identity: readerIdentityOf(reader.privateKey, reader.credential.certificate, 'key-leak probe reader') });
    const trace: ApduTraceEntry[] = [];
    k.devices.reader.onTrace((e) => trace.push(e));
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    k.runtime.send({ type: 'method.face' });
    await answerConsents(k);
    const shown = await k.waitForStep('showingResult');
    expect(shown.patient.result).toMatchObject({ copayPercent: 30 });
    k.runtime.send({ type: 'result.acknowledged' });
    await k.waitForStep('finishing');
    k.devices.removeCard();
    await k.waitForStep('standby');
    // The confirmation the service stored names this reader: the key did sign.
    const row = await k.service.db.get<{ key: Buffer }>('SELECT r.public_key AS key FROM confirmations c JOIN readers r ON r.id = c.reader_id ORDER BY c.created_at DESC LIMIT 1');
    expect(row && createHash('sha256').update(row.key).digest('hex')).toBe(createHash('sha256').update(reader.publicKeySpki).digest('hex'));
    const d = Buffer.from(reader.privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const pkcs8 = reader.privateKey.export({ type: 'pkcs8', format: 'der' });
    const needles = [d.toString('hex'), d.toString('base64'), d.toString('base64url'), pkcs8.toString('base64').slice(40, 100), d.toString('latin1')];
    const haystacks = [JSON.stringify(trace), k.logs.join('\n'), JSON.stringify(k.runtime.visits.list()), ...sqliteFiles(k.dbFile), ...sqliteFiles(k.service.dbFile)];
    for (const text of haystacks) for (const needle of needles) expect(text.toLowerCase().includes(needle.toLowerCase())).toBe(false);
  });

  it('case 3-1: the reader unplugged at the method choice leads staff into the reader-fault procedure', async () => {
    k = await startKioskHarness();
    await k.devices.placeCard('sato-hanako');
    await k.waitForStep('choosingMethod');
    k.devices.reader.injectFault({ kind: 'readerDetached' });
    const view = await k.waitForStep('outage');
    expect(view.patient.outageCase).toBe('readerFault');
    expect(view.staff.outage).toMatchObject({ number: '3-1', serviceReachable: true });
  });

  it('case 3-2: a dead chip sends staff to システム障害時モード, which finds the patient by the 4 items with a tolerance staff confirm with the patient', async () => {
    k = await startKioskHarness();
    await k.devices.placeCard('dead-chip');
    const view = await k.waitForStep('outage');
    expect(view.staff.outage?.number).toBe('3-2');
    expect(view.staff.outage?.mynaPortalAllowed).toBe(false);
    k.runtime.send({ type: 'staff.lookupRequested', items: { name: '山﨑\u3000翔太', birthDate: '1953-05-09', sex: 'male', address: '福岡県福岡市博多区博多駅前１丁目１７番８号' } });
    // The match needed a tolerance: staff ask the patient, then confirm.
    const held = await k.waitForStep('outage.confirmingMatch');
    expect(held.staff.visit.candidates[0]?.detail?.tolerances.length).toBeGreaterThan(0);
    k.runtime.send({ type: 'staff.matchConfirmed' });
    await k.waitForStep('finishing');
    const record = k.runtime.visits.list()[0]!;
    expect(record).toMatchObject({ outageCase: 'cardDefect', claimRoute: 'current', lookupToleranceUsed: true, outcome: 'completed' });
  });

  it('case 3-4: the service down at query time; 申立書 at 3割, 不詳 77777777, and the re-check runs once when the service is back', async () => {
    k = await startKioskHarness();
    const operator = k.service.operator();
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('yamada-taro');
    await k.waitForStep('choosingMethod');
    await operator.setFaults({ down: true });
    k.runtime.send({ type: 'method.face' });
    await k.waitForStep('askingConsent');
    k.runtime.send({ type: 'consent.skipAll' });
    const view = await k.waitForStep('outage', 15_000);
    expect(view.patient.outageCase).toBe('networkDown');
    k.runtime.send({ type: 'staff.declarationStarted' });
    k.runtime.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: false } });
    await k.waitForStep('finishing');
    const visitId = k.runtime.visits.list()[0]!.visitId;
    expect(k.runtime.visits.get(visitId)).toMatchObject({ claimRoute: 'unknown', claimInsurerNumber: '77777777', pendingRecheck: true, recheck: { status: 'pending' } });
    await operator.setFaults({ down: false });
    await waitUntil(() => k!.runtime.visits.get(visitId)?.recheck?.status === 'done', 15_000);
    expect(k.runtime.visits.get(visitId)).toMatchObject({ claimRoute: 'current', claimInsurerNumber: expect.stringMatching(/^\d{8}$/), pendingRecheck: false });
    expect(await k.runtime.runRechecks()).toBe(0); // exactly once
  });

  it('case 2: 「資格（無効）」 from the service; the patient reports a job change (case 1) and the past qualification is claimed', async () => {
    k = await startKioskHarness();
    k.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await k.devices.placeCard('lost-qualification');
    await k.waitForStep('choosingMethod');
    k.runtime.send({ type: 'method.face' });
    await k.waitForStep('askingConsent');
    k.runtime.send({ type: 'consent.skipAll' });
    const view = await k.waitForStep('outage');
    expect(view.patient.outageCase).toBe('case2');
    k.runtime.send({ type: 'staff.jobChangeReported' });
    expect(k.runtime.view().patient.outageCase).toBe('case1');
    k.runtime.send({ type: 'staff.declarationStarted' });
    k.runtime.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'employee', claimSoftwareRejects7777: false } });
    await k.waitForStep('finishing');
    expect(k.runtime.visits.list()[0]).toMatchObject({ outageCase: 'case1', claimRoute: 'past', pendingRecheck: true });
  });

  it('case 3-3: the service answering with an internal error is a terminal fault; マイナポータル on the phone settles it', async () => {
    k = await startKioskHarness();
    await k.service.operator().setFaults({ failWith: 'INTERNAL' });
    k.runtime.send({ type: 'document.chosen' });
    await k.waitForStep('enteringInsuranceNumber');
    k.runtime.send({ type: 'staff.insuranceEntered', search: { insurerNumber: '01130012', symbol: '1', number: '2', branch: '00', birthDate: '1980-02-17' } });
    const view = await k.waitForStep('outage');
    expect(view.staff.outage?.number).toBe('3-3');
    k.runtime.send({ type: 'staff.proofShown', proof: 'mynaPortal', numbers: { insurerNumber: '01130012', symbol: '21200041', number: '123', branch: '00' } });
    await k.waitForStep('standby');
    expect(k.runtime.visits.list()[0]).toMatchObject({ outageCase: 'terminalFault', ownProof: 'mynaPortal', copayPercent: 30, identityMethod: 'document', claimInsurerNumber: '01130012' });
  });
});

function sqliteFiles(dbFile: string): string[] {
  const dir = dirname(dbFile);
  return readdirSync(dir)
    .filter((f) => f.startsWith(dbFile.split('/').pop()!))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'));
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
