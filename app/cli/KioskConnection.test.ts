import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimKioskDevices } from '../../sim/kiosk/SimKioskDevices.ts';
import { startTestService, type TestService } from '../../test/harness/startTestService.ts';
import { createSimulatorControl } from '../createKioskDevices.ts';
import { startKiosk, type RunningKiosk } from '../startKiosk.ts';
import { KioskConnection, KioskConnectionError } from './KioskConnection.ts';

let service: TestService;
let devices: SimKioskDevices;
let kiosk: RunningKiosk;
let url: string;
const TOKEN = 'kiosk-connection-test-token-0123';

beforeAll(async () => {
  service = await startTestService();
  devices = new SimKioskDevices({ camera: { sleep: async () => undefined } });
  kiosk = await startKiosk({
    devices,
    simulator: createSimulatorControl(devices),
    service: service.terminal(0, { deadlineMs: 3_000 }),
    dbFile: join(mkdtempSync(join(tmpdir(), 'kiosk-cli-')), 'kiosk.sqlite'),
    screens: { token: TOKEN },
  });
  url = `${kiosk.screens!.url.replace('http', 'ws')}/ws`;
});

afterAll(async () => {
  await kiosk.close();
  await devices.close();
  await service.dispose();
});

describe('the sim control CLI’s connection to a running kiosk', () => {
  it('never misses the view the kiosk sends at once (state used to hang when it arrived before the listener)', async () => {
    for (let i = 0; i < 5; i++) {
      const c = await KioskConnection.open(url, 'control', 2_000, TOKEN);
      // Let the greeting frames arrive before anyone asks for them.
      await new Promise((r) => setTimeout(r, 100));
      const view = await c.view(() => true, 1_000, 'the first view');
      expect(view.view.patient.step).toBe('standby');
      c.close();
    }
  });

  it('gives up on a step that never comes with a TIMEOUT that says where the kiosk is', async () => {
    const c = await KioskConnection.open(url, 'control', 2_000, TOKEN);
    const error = await c.view((f) => f.view.patient.step === 'showingResult', 300, 'The kiosk reaching showingResult').catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(KioskConnectionError);
    expect((error as KioskConnectionError).code).toBe('TIMEOUT');
    expect((error as Error).message).toMatch(/within 300 ms \(the kiosk is at standby\)/);
  });

  it('says how to start the kiosk when nothing listens', async () => {
    const error = await KioskConnection.open('ws://127.0.0.1:9/ws', 'control', 2_000).catch((e: unknown) => e);
    expect((error as KioskConnectionError).code).toBe('UNREACHABLE');
    expect((error as Error).message).toMatch(/npm start/);
  });

  it('says the control panel needs the screen token when it is missing or wrong (401)', async () => {
    for (const token of [undefined, 'wrong-token']) {
      const error = await KioskConnection.open(url, 'control', 2_000, token).catch((e: unknown) => e);
      expect((error as KioskConnectionError).code).toBe('REFUSED');
      expect((error as Error).message).toMatch(/refused the control connection \(401: Unauthorized\)\. Pass the kiosk’s screen token/);
    }
  });

  it('carries the kiosk’s refusal code back (a lever the simulator does not have)', async () => {
    const c = await KioskConnection.open(url, 'control', 2_000, TOKEN);
    const error = await c.request({ type: 'sim', command: { type: 'service.faults', faults: { down: true } } }, 2_000).catch((e: unknown) => e);
    c.close();
    expect((error as KioskConnectionError).code).toBe('REFUSED');
    expect((error as Error).message).toMatch(/NO_OPERATOR/);
  });
});
