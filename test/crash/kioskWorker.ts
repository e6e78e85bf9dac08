// A kiosk process for the crash test: plays visits in a cycle until told to stop or killed.
// Usage: tsx test/crash/kioskWorker.ts <kiosk.sqlite> <service url> <clinic code> <secret> <visits wanted>
import 'reflect-metadata';
import { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';
import { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';

const [dbFile, url, code, secret, wanted] = process.argv.slice(2) as [string, string, string, string, string];
const devices = new SimKioskDevices({ camera: { sleep: async () => undefined } });
const runtime = new KioskRuntime({ devices, service: { url, medicalInstitutionCode: code, secret, terminalId: 'crash-kiosk', deadlineMs: 3000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } }, dbFile });

const until = async (step: string, ms = 8000) => {
  const deadline = Date.now() + ms;
  while (!(runtime.view().patient.step === step || runtime.view().patient.step.startsWith(`${step}.`))) {
    if (Date.now() > deadline) throw new Error(`stuck at ${runtime.view().patient.step} waiting for ${step}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Three kinds of visit in turn: a face check-in, a dead chip found in 障害時モード, a 資格（無効） taken on 申立書 with a re-check. */
async function visit(kind: number): Promise<void> {
  if (kind === 0) {
    devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await devices.placeCard('yamada-taro');
    await until('choosingMethod');
    runtime.send({ type: 'method.face' });
    await until('askingConsent');
    runtime.send({ type: 'consent.skipAll' });
    await until('showingResult');
    runtime.send({ type: 'result.acknowledged' });
  } else if (kind === 1) {
    await devices.placeCard('dead-chip');
    await until('outage');
    runtime.send({ type: 'staff.lookupRequested', items: { name: '山﨑\u3000翔太', birthDate: '1953-05-09', sex: 'male', address: '福岡県福岡市博多区博多駅前１丁目１７番８号' } });
    // The match needed a tolerance (﨑): staff ask the patient before the claim goes on it.
    await until('outage.confirmingMatch');
    runtime.send({ type: 'staff.matchConfirmed' });
  } else {
    devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
    await devices.placeCard('lost-qualification');
    await until('choosingMethod');
    runtime.send({ type: 'method.face' });
    await until('askingConsent');
    runtime.send({ type: 'consent.skipAll' });
    await until('outage');
    runtime.send({ type: 'staff.declarationStarted' });
    runtime.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: false } });
  }
  await until('finishing');
  devices.removeCard();
  await until('standby');
}

await runtime.start();
await runtime.runRechecks();
for (;;) {
  const closed = runtime.visits.list().filter((v) => v.outcome !== 'interrupted').length;
  if (closed >= Number(wanted)) break;
  await visit(closed % 3);
  console.log(`VISIT_DONE ${closed + 1}`);
}
await runtime.runRechecks();
console.log('WORKER_DONE');
await runtime.close();
await devices.close();
