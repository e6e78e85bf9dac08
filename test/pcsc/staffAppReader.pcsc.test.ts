import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKioskDevices, type ChosenDevices } from '../../app/createKioskDevices.ts';
import { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { VpcdBridge } from '../../sim/vpcd/VpcdBridge.ts';
import { pinFoundAt } from '../harness/pinFoundAt.ts';
import { startTestService, type TestService } from '../harness/startTestService.ts';

/** The staff app's reader on vpcd's second slot (the first is the card reader of the other pcsc tests). */
const APP_READER = { name: 'Virtual PCD 00 01', port: 35964 };

/**
 * The マイナ資格確認アプリ on the real PC/SC path: the kiosk configured as `--staff-app-reader pcsc:NAME`
 * builds it (app/createKioskDevices.ts), the virtual card reaches it through the real pcscd and vpcd.
 */
describe('the staff app on a PC/SC reader (pcscd + vpcd)', () => {
  let service: TestService;
  let chosen: ChosenDevices;
  let runtime: KioskRuntime;
  let dir: string;
  const logs: string[] = [];
  const bridge = new VpcdBridge({ port: APP_READER.port });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'staff-app-pcsc-'));
    service = await startTestService();
    chosen = await createKioskDevices({ staffAppReader: { kind: 'pcsc', name: APP_READER.name } }, { dataDir: dir });
    runtime = new KioskRuntime({ devices: chosen.devices, service: service.terminal(0), dbFile: join(dir, 'kiosk.sqlite'), log: (l) => logs.push(l) });
    await runtime.start();
  });
  afterAll(async () => {
    await bridge.remove();
    await runtime?.close();
    await chosen?.devices.close?.();
    await service?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports the reader, reads the card laid on it, and a PIN check-in answers 有効 as a staff-app visit', async () => {
    expect(chosen.report.find((r) => r.sensor === 'staffAppReader')).toMatchObject({ device: `PC/SC: ${APP_READER.name}` });
    const app = runtime.staffApp!;
    await app.execute({ type: 'enrol', code: app.issueCode().code });
    expect(app.view()).toMatchObject({ enrolled: true, step: 'waitingForCard' });
    const loaded = loadCardProfile('yamada-taro');
    await bridge.insert((await createSimCard(loaded.profile, loaded.photo)).card);
    await expect.poll(() => app.view().step, { timeout: 15_000 }).toBe('choosingIdentity');
    await app.execute({ type: 'identity.pin' });
    await expect(app.execute({ type: 'pin', pin: '9999' })).rejects.toMatchObject({ code: 'PIN_WRONG' });
    await app.execute({ type: 'pin', pin: '1234' });
    await app.execute({ type: 'consent', agree: true });
    expect(app.view()).toMatchObject({ step: 'showingResult', result: { kind: 'eligible', identityMethod: 'pin', summary: { detail: { birthDate: '1980-02-17' } } } });
    expect(runtime.visits.list()[0]).toMatchObject({ channel: 'staffApp', identityMethod: 'pin', outcome: 'completed' });
    expect(pinFoundAt(logs.join('\n'), '1234')).toBe(-1);
    // The card leaves the reader: the app waits for the next one.
    await bridge.remove();
    await expect.poll(() => app.view().step, { timeout: 15_000 }).toBe('waitingForCard');
  });
});
