import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSimulatorControl } from '../../app/createKioskDevices.ts';
import { seededRandom } from '../../foundation/seededRandom.ts';
import type { UiEvent, UiEventType } from '../../kiosk/protocol/UiEvent.ts';
import type { UiClientFrameInput, UiRole, UiServerFrame } from '../../kiosk/protocol/UiFrame.ts';
import { startKioskServer, type RunningKioskServer } from '../../kiosk/runtime/startKioskServer.ts';
import { startKioskHarness, type KioskHarness } from '../harness/kioskHarness.ts';

const TOKEN = 'screen-channel-test-token-0123456789';
let h: KioskHarness;
let screens: RunningKioskServer;
const serverLog: string[] = [];

beforeAll(async () => {
  h = await startKioskHarness();
  screens = await startKioskServer({ runtime: h.runtime, simulator: createSimulatorControl(h.devices), screenToken: TOKEN, log: (l) => serverLog.push(l) });
});

afterAll(async () => {
  await screens.close();
  await h.close();
});

interface Client {
  ws: WebSocket;
  frames: UiServerFrame[];
  /** Send a frame with an id; the kiosk's ack or error for it. */
  ask(frame: UiClientFrameInput): Promise<UiServerFrame>;
  close(): void;
}

let ids = 0;
function open(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const frames: UiServerFrame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as UiServerFrame));
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        ask(frame) {
          const id = `t-${++ids}`;
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no answer to ${JSON.stringify(frame)}`)), 3_000);
            const onMessage = (d: WebSocket.RawData) => {
              const f = JSON.parse(String(d)) as UiServerFrame;
              if ((f.type === 'ack' || f.type === 'error') && f.id === id) {
                clearTimeout(timer);
                ws.off('message', onMessage);
                done(f);
              }
            };
            ws.on('message', onMessage);
            ws.send(JSON.stringify({ ...frame, id }));
          });
        },
        close: () => ws.close(),
      }),
    );
  });
}

/** The HTTP status a ws upgrade to `path` gets (101 when admitted). */
function upgradeStatus(path: string): Promise<number> {
  const { port } = new URL(screens.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One well-formed sample of every screen event (the record makes tsc insist on all of them). */
const SAMPLE_EVENTS: Record<UiEventType, UiEvent> = {
  'document.chosen': { type: 'document.chosen' },
  'phone.chosen': { type: 'phone.chosen' },
  'phone.kindChosen': { type: 'phone.kindChosen', kind: 'iPhone' },
  'phone.retry': { type: 'phone.retry' },
  'phone.useCard': { type: 'phone.useCard' },
  'method.face': { type: 'method.face' },
  'method.pin': { type: 'method.pin' },
  'method.visual': { type: 'method.visual' },
  'face.retry': { type: 'face.retry' },
  'method.back': { type: 'method.back' },
  'time.extended': { type: 'time.extended' },
  'consent.answered': { type: 'consent.answered', agree: true },
  'consent.chooseEach': { type: 'consent.chooseEach' },
  'consent.itemsChosen': { type: 'consent.itemsChosen', choices: { pharmacy: true, diagnosis: false, operation: false } },
  'consent.skipAll': { type: 'consent.skipAll' },
  'prescription.chosen': { type: 'prescription.chosen', issue: 'electronic' },
  'medicalSubsidy.answered': { type: 'medicalSubsidy.answered', use: true },
  'registration.accepted': { type: 'registration.accepted' },
  'registration.declined': { type: 'registration.declined' },
  'notice.acknowledged': { type: 'notice.acknowledged' },
  'result.acknowledged': { type: 'result.acknowledged' },
  cancel: { type: 'cancel' },
  'staff.approved': { type: 'staff.approved' },
  'staff.refused': { type: 'staff.refused' },
  'staff.insuranceEntered': { type: 'staff.insuranceEntered', search: { insurerNumber: '06139999', symbol: '1', number: '2', branch: '', birthDate: '1980-01-01' } },
  'staff.cardFaceEntered': { type: 'staff.cardFaceEntered', fields: { birthDate: '1980-01-01', cardExpiry: '2030-01-01', securityCode: '1234' } },
  'staff.confirmedCurrent': { type: 'staff.confirmedCurrent' },
  'staff.toOutage': { type: 'staff.toOutage', outageCase: 'networkDown' },
  'staff.jobChangeReported': { type: 'staff.jobChangeReported' },
  'staff.proofShown': { type: 'staff.proofShown', proof: 'mynaPortal', numbers: { insurerNumber: '06139999', symbol: '1', number: '2', branch: '' } },
  'staff.lookupRequested': { type: 'staff.lookupRequested', items: { name: '山田 太郎', birthDate: '1980-01-01', sex: 'male', address: '東京都千代田区' } },
  'staff.candidateChosen': { type: 'staff.candidateChosen', index: 0 },
  'staff.matchConfirmed': { type: 'staff.matchConfirmed' },
  'staff.back': { type: 'staff.back' },
  'staff.declarationStarted': { type: 'staff.declarationStarted' },
  'staff.declarationSubmitted': { type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'national', claimSoftwareRejects7777: false } },
  'staff.selfPay': { type: 'staff.selfPay' },
};

// Written out here, not taken from the permission table, so a change to the table has to change this too.
const PATIENT_MAY = [
  'document.chosen',
  'phone.chosen',
  'phone.kindChosen',
  'phone.retry',
  'phone.useCard',
  'method.face',
  'method.pin',
  'method.visual',
  'method.back',
  'face.retry',
  'time.extended',
  'consent.answered',
  'consent.chooseEach',
  'consent.itemsChosen',
  'consent.skipAll',
  'prescription.chosen',
  'medicalSubsidy.answered',
  'registration.accepted',
  'registration.declined',
  'notice.acknowledged',
  'result.acknowledged',
  'cancel',
];
const STAFF_MAY = ['document.chosen', 'cancel', ...Object.keys(SAMPLE_EVENTS).filter((t) => t.startsWith('staff.'))];

describe('who may connect to the kiosk’s screen channel', () => {
  it('admits the patient panel without a token, staff and control only with the kiosk’s token', async () => {
    expect(await upgradeStatus('/ws?role=patient')).toBe(101);
    expect(await upgradeStatus(`/ws?role=staff&token=${TOKEN}`)).toBe(101);
    expect(await upgradeStatus(`/ws?role=control&token=${TOKEN}`)).toBe(101);
    expect(await upgradeStatus('/ws?role=staff')).toBe(401);
    expect(await upgradeStatus('/ws?role=control')).toBe(401);
    expect(await upgradeStatus(`/ws?role=staff&token=${TOKEN.slice(0, -1)}x`)).toBe(401);
    expect(await upgradeStatus(`/ws?role=staff&token=${TOKEN}${TOKEN}`)).toBe(401);
  });

  it('refuses an unknown or missing role instead of taking it for staff (it used to)', async () => {
    for (const path of ['/ws', '/ws?role=', '/ws?role=admin', '/ws?role=Staff', `/ws?role=staff%00&token=${TOKEN}`, '/ws?role=patient&role=staff']) {
      // The last one: the first value counts, and it is patient.
      const status = await upgradeStatus(path);
      if (path.endsWith('role=staff')) expect(status).toBe(101);
      else expect(status, path).toBe(400);
    }
    expect(serverLog.some((l) => l.includes('screen connection refused (400): Unknown role'))).toBe(true);
  });

  it('refuses the control panel when nothing is simulated (403), even with the token', async () => {
    const real = await startKioskServer({ runtime: h.runtime, simulator: undefined, screenToken: TOKEN });
    try {
      const { port } = new URL(real.url);
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?role=control&token=${TOKEN}`);
        ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => (ws.close(), resolve(101)));
      });
      expect(status).toBe(403);
    } finally {
      await real.close();
    }
  });

  it('tells the patient panel nothing about the simulator in its hello', async () => {
    const patient = await open(screens.channelUrl('patient'));
    const control = await open(screens.channelUrl('control'));
    await expect.poll(() => patient.frames.find((f) => f.type === 'hello')).toBeTruthy();
    await expect.poll(() => control.frames.find((f) => f.type === 'hello')).toBeTruthy();
    expect(patient.frames.find((f) => f.type === 'hello')).toMatchObject({ role: 'patient', simulated: false, profiles: [] });
    expect(control.frames.find((f) => f.type === 'hello')).toMatchObject({ role: 'control', simulated: true });
    expect((control.frames.find((f) => f.type === 'hello') as { profiles: string[] }).profiles).toContain('yamada-taro');
    patient.close();
    control.close();
  });
});

describe('what each screen may send, checked on every frame that comes in', () => {
  it('refuses every frame type and event a role may not send, and the runtime never sees it', async () => {
    const reached: string[] = [];
    const { runtime } = h;
    const send = runtime.send.bind(runtime);
    const enterPin = runtime.enterPin.bind(runtime);
    // Record what passes the channel instead of acting on it: the kiosk stays in standby throughout.
    runtime.send = (event) => void reached.push(event.type);
    runtime.enterPin = () => (reached.push('pin'), true);
    const clients = {
      patient: await open(screens.channelUrl('patient')),
      staff: await open(screens.channelUrl('staff')),
      control: await open(screens.channelUrl('control')),
      staffApp: await open(screens.channelUrl('staffApp')),
    } satisfies Record<UiRole, Client>;
    try {
      const table: string[] = [];
      for (const role of ['patient', 'staff', 'control', 'staffApp'] as const) {
        for (const event of Object.values(SAMPLE_EVENTS)) {
          reached.length = 0;
          const answer = await clients[role].ask({ type: 'event', event });
          // The staff app is a device of its own: it never drives the face reader's statechart.
          const allowed = role === 'control' || (role !== 'staffApp' && (role === 'patient' ? PATIENT_MAY : STAFF_MAY).includes(event.type));
          table.push(`${role} ${event.type} ${answer.type === 'error' ? answer.code : answer.type}`);
          if (allowed) {
            expect(answer, `${role} ${event.type}`).toEqual({ type: 'ack', id: expect.any(String) });
            expect(reached).toEqual([event.type]);
          } else {
            expect(answer, `${role} ${event.type}`).toMatchObject({ type: 'error', code: 'FORBIDDEN_FOR_ROLE' });
            expect((answer as { message: string }).message).toContain(role === 'staffApp' ? 'The staffApp screen may not send event frames.' : `The ${role} screen may not send ${event.type}`);
            expect(reached).toEqual([]);
          }
        }
        reached.length = 0;
        const pin = await clients[role].ask({ type: 'pin', pin: '1234' });
        if (role === 'patient') expect(pin.type).toBe('ack');
        else expect(pin).toMatchObject({ type: 'error', code: 'FORBIDDEN_FOR_ROLE' });
        expect(reached).toEqual(role === 'patient' ? ['pin'] : []);
        const sim = await clients[role].ask({ type: 'sim', command: { type: 'camera.recovered' } });
        if (role === 'control') expect(sim.type).toBe('ack');
        else expect(sim).toMatchObject({ type: 'error', code: 'FORBIDDEN_FOR_ROLE', message: `The ${role} screen may not send sim frames.` });
        const picture = await clients[role].ask({ type: 'camera.frame', requestId: '00000000-0000-4000-8000-000000000000', png: 'AA==', width: 16, height: 16 });
        // The patient page may answer a capture; none was asked for, so it is told so.
        expect(picture).toMatchObject({ type: 'error', code: role === 'patient' ? 'NO_CAPTURE_EXPECTED' : 'FORBIDDEN_FOR_ROLE' });
        const problem = await clients[role].ask({ type: 'camera.problem', requestId: '00000000-0000-4000-8000-000000000000', code: 'NO_CAMERA', message: 'x' });
        expect(problem).toMatchObject({ type: 'error', code: role === 'patient' ? 'NO_CAPTURE_EXPECTED' : 'FORBIDDEN_FOR_ROLE' });
        // Medical information is the staff view's alone; the service then checks the consent (an unknown reference is refused there).
        const medical = await clients[role].ask({ type: 'medical.read', referenceNumber: 'no-such-reference', item: 'pharmacy' });
        if (role === 'staff') expect(medical).toMatchObject({ type: 'error', code: expect.not.stringMatching(/^FORBIDDEN_FOR_ROLE$/) });
        else expect(medical).toMatchObject({ type: 'error', code: 'FORBIDDEN_FOR_ROLE', message: `The ${role} screen may not send medical.read frames.` });
      }
      // every event + the other frame types, for 4 roles: every cell was tried.
      expect(table).toHaveLength(4 * Object.keys(SAMPLE_EVENTS).length);
      expect(table.filter((row) => row.endsWith('FORBIDDEN_FOR_ROLE'))).toHaveLength(Object.keys(SAMPLE_EVENTS).length - PATIENT_MAY.length + (Object.keys(SAMPLE_EVENTS).length - STAFF_MAY.length) + Object.keys(SAMPLE_EVENTS).length);
    } finally {
      runtime.send = send;
      runtime.enterPin = enterPin;
      for (const c of Object.values(clients)) c.close();
    }
  });

  it('only the staff-app page sends staff-app frames and only staff issue its activation codes; the app page needs the screen token', async () => {
    const clients = {
      patient: await open(screens.channelUrl('patient')),
      staff: await open(screens.channelUrl('staff')),
      control: await open(screens.channelUrl('control')),
      staffApp: await open(screens.channelUrl('staffApp')),
    } satisfies Record<UiRole, Client>;
    try {
      const app = h.runtime.staffApp!;
      const issued: string[] = [];
      const issue = app.issueCode.bind(app);
      app.issueCode = () => {
        const code = issue();
        issued.push(code.code);
        return code;
      };
      for (const role of ['patient', 'staff', 'control', 'staffApp'] as const) {
        const frames: UiClientFrameInput[] = [
          { type: 'staffApp', command: { type: 'enrol', code: '123456789012' } },
          { type: 'staffApp', command: { type: 'pin', pin: '1234' } },
          { type: 'staffApp', command: { type: 'consent', agree: true } },
        ];
        for (const frame of frames) {
          const answer = await clients[role].ask(frame);
          if (role === 'staffApp') expect(answer, `${role} ${JSON.stringify(frame)}`).toMatchObject({ type: 'error', code: expect.not.stringMatching(/^FORBIDDEN_FOR_ROLE$/) });
          else expect(answer, `${role} ${JSON.stringify(frame)}`).toMatchObject({ type: 'error', code: 'FORBIDDEN_FOR_ROLE', message: `The ${role} screen may not send staffApp frames.` });
        }
        const before = issued.length;
        const issuing = await clients[role].ask({ type: 'staffApp.issueCode' });
        if (role === 'staff') expect(issuing).toMatchObject({ type: 'ack' });
        else expect(issuing).toMatchObject({ type: 'error', code: 'FORBIDDEN_FOR_ROLE', message: `The ${role} screen may not send staffApp.issueCode frames.` });
        expect(issued.length - before).toBe(role === 'staff' ? 1 : 0);
      }
      // The unknown code the app page sent was refused in words; the code staff issued is on the staff view only.
      const appView = clients.staffApp.frames.filter((f) => f.type === 'view').at(-1) as Extract<UiServerFrame, { type: 'view' }>;
      expect(appView.staffApp).toMatchObject({ enrolled: false, step: 'notEnrolled' });
      expect(appView.staffAppCode).toBeNull();
      await expect.poll(() => (clients.staff.frames.filter((f) => f.type === 'view').at(-1) as Extract<UiServerFrame, { type: 'view' }>).staffAppCode?.code).toBe(issued[0]);
      expect(JSON.stringify(clients.staffApp.frames)).not.toContain(issued[0]);
      expect(JSON.stringify(clients.patient.frames)).not.toContain(issued[0]);
      // Signing in: without the token the app page is turned away as the staff view is.
      expect(await upgradeStatus('/ws?role=staffApp')).toBe(401);
      expect(await upgradeStatus('/ws?role=staffApp&token=wrong-token-wrong-token-wrong-token!')).toBe(401);
    } finally {
      for (const c of Object.values(clients)) c.close();
    }
  });

  it('a patient touch cannot approve its own 目視確認 (the exploit: staff.approved from the public panel)', async () => {
    const patient = await open(screens.channelUrl('patient'));
    const staff = await open(screens.channelUrl('staff'));
    try {
      await h.devices.placeCard('yamada-taro');
      await h.waitForStep('choosingMethod');
      expect(await patient.ask({ type: 'event', event: { type: 'method.visual' } })).toMatchObject({ type: 'ack' });
      const view = await h.waitForStep('visualCheck');
      expect(view.staff.step).toBe('visualCheck');
      const forged = await patient.ask({ type: 'event', event: { type: 'staff.approved' } });
      expect(forged).toMatchObject({ type: 'error', code: 'FORBIDDEN_FOR_ROLE' });
      // Still waiting for staff: the forged approval changed nothing.
      await new Promise((r) => setTimeout(r, 200));
      expect(h.runtime.view().staff.step).toBe('visualCheck');
      expect(serverLog).toContain('refused from the patient screen: staff.approved');
      // Staff can.
      expect(await staff.ask({ type: 'event', event: { type: 'staff.approved' } })).toMatchObject({ type: 'ack' });
      await expect.poll(() => h.runtime.view().staff.step, { timeout: 5_000 }).not.toContain('visualCheck');
      expect(await staff.ask({ type: 'event', event: { type: 'cancel' } })).toMatchObject({ type: 'ack' });
      await h.devices.removeCard();
      await h.waitForStep('standby');
    } finally {
      patient.close();
      staff.close();
    }
  });
});

describe('no request, however malformed, ends the kiosk', () => {
  it('answers `GET /%` with 400 (it used to throw URIError out of the request handler)', async () => {
    const status = await rawStatus('GET /% HTTP/1.1\r\nHost: kiosk\r\nConnection: close\r\n\r\n');
    expect(status).toBe('400');
    expect(await rawStatus('GET / HTTP/1.1\r\nHost: kiosk\r\nConnection: close\r\n\r\n')).toMatch(/^(200|503)$/);
  });

  it('survives 10^4 fuzzed paths, headers and upgrade requests, and still serves the screens and the channel', async () => {
    const random = seededRandom(20261201);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
    const pieces = ['%', '%%', '%E0%A4%A', '%00', '..', '/', '?', '#', '&', '=', 'role=', 'token=', 'staff', 'control', 'patient', '\u3042', '%FF', ' ', '\t'];
    const fuzzedPath = () => `/${Array.from({ length: 1 + Math.floor(random() * 8) }, () => (random() < 0.2 ? junk(3) : pick(pieces))).join('')}`;
    const requests: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const kind = i % 4;
      const path = (kind === 1 ? '/ws?' : '') + fuzzedPath();
      if (kind === 0) requests.push(`GET ${path} HTTP/1.1\r\nHost: kiosk\r\nConnection: close\r\n\r\n`);
      else if (kind === 1) requests.push(`GET ${path} HTTP/1.1\r\nHost: kiosk\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${random() < 0.5 ? 'dGhlIHNhbXBsZSBub25jZQ==' : junk(8)}\r\n\r\n`);
      else if (kind === 2) requests.push(`${pick(['GET', 'POST', 'PUT', 'BREW', junk(4)])} ${path} HTTP/${pick(['1.1', '1.0', '2.0', '9'])}\r\n${junk(Math.floor(random() * 40))}: ${junk(20)}\r\n\r\n`);
      else requests.push(junk(1 + Math.floor(random() * 200)));
    }
    const statuses = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const status = await rawStatus(requests[next++]!);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    console.log(`fuzzed requests by answer: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    // Every request got an answer or a closed connection, and the kiosk is still here and still right.
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(statuses.get('400')).toBeGreaterThan(1_000);
    expect(await rawStatus('GET / HTTP/1.1\r\nHost: kiosk\r\nConnection: close\r\n\r\n')).toMatch(/^(200|503)$/);
    const patient = await open(screens.channelUrl('patient'));
    await expect.poll(() => patient.frames.some((f) => f.type === 'view')).toBe(true);
    patient.close();
    expect(await upgradeStatus('/ws?role=staff')).toBe(401);
  }, 60_000);

  it('answers a frame that is not JSON, not a frame, or too big with a typed error, and keeps the connection', async () => {
    const patient = await open(screens.channelUrl('patient'));
    const errors = () => patient.frames.filter((f) => f.type === 'error') as { code: string; message: string }[];
    patient.ws.send('{not json');
    patient.ws.send(JSON.stringify({ type: 'pin', pin: '12345' }));
    patient.ws.send(JSON.stringify({ type: 'event', event: { type: 'xstate.init' } }));
    await expect.poll(() => errors().length).toBe(3);
    expect(errors().map((e) => e.code)).toEqual(['INVALID_FRAME', 'INVALID_FRAME', 'INVALID_FRAME']);
    // The bad PIN is not echoed back.
    expect(JSON.stringify(errors())).not.toContain('12345');
    expect(await patient.ask({ type: 'event', event: { type: 'cancel' } })).toMatchObject({ type: 'ack' });
    patient.close();
  });
});

/** Write raw bytes to the kiosk's port; the status of the first response line, or 'closed'. */
function rawStatus(bytes: string): Promise<string> {
  const { port } = new URL(screens.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let got = '';
    const done = () => {
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      resolve(m ? m[1]! : 'closed');
    };
    socket.setTimeout(5_000, done);
    socket.on('data', (d) => {
      got += String(d);
      if (got.includes('\r\n')) done();
    });
    socket.on('end', done);
    socket.on('error', done);
    socket.write(Buffer.from(bytes, 'latin1'));
  });
}
