import 'reflect-metadata';
import { beforeEach, describe, expect, it } from 'vitest';
import { isCardError } from '../../device/card/CardError.ts';
import { readAuthCertificate, readTokenLabel, verifyPin } from '../../device/mynacard/index.ts';
import { createSimCard, type CreatedSimCard } from '../card/createSimCard.ts';
import { loadCardProfile, type LoadedCardProfile } from '../cardProfile/loadCardProfile.ts';
import type { ApduTraceEntry } from '../../kiosk/protocol/SimulatorControl.ts';
import { SimReader } from './SimReader.ts';
import { SimReaderList } from './SimReaderList.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => 'resolved',
    (e: unknown) => e,
  );
  return isCardError(error) ? error.code : String(error);
}

let loaded: LoadedCardProfile;
let sim: CreatedSimCard;
let slept: number[];
let reader: SimReader;

beforeEach(async () => {
  loaded = loadCardProfile('yamada-taro');
  sim = await createSimCard(loaded.profile, loaded.photo);
  slept = [];
  reader = new SimReader('Test Reader', { sleep: async (ms) => void slept.push(ms) });
});

describe('the in-process simulated reader', () => {
  it('announces insertion and removal once each, and a channel to a removed card fails with CARD_REMOVED', async () => {
    const events: string[] = [];
    reader.on('card.inserted', () => events.push('in'));
    reader.on('card.removed', () => events.push('out'));
    reader.insertCard(sim.card);
    const channel = await reader.connect();
    reader.removeCard();
    reader.removeCard();
    expect(events).toEqual(['in', 'out']);
    expect(await codeOf(readTokenLabel(channel))).toBe('CARD_REMOVED');
    reader.insertCard(sim.card);
    expect(await codeOf(readTokenLabel(channel))).toBe('CARD_REMOVED'); // a new card is a new session
  });

  it('connecting to an empty slot says NO_SMARTCARD; a dead chip is seen in the slot but UNRESPONSIVE_CARD on connect', async () => {
    expect(await codeOf(reader.connect())).toBe('NO_SMARTCARD');
    const atrs: number[] = [];
    reader.on('card.inserted', (atr) => atrs.push(atr.length));
    reader.insertCard(sim.card, [{ kind: 'deadChip' }]);
    expect(atrs).toEqual([0]);
    expect(await codeOf(reader.connect())).toBe('UNRESPONSIVE_CARD');
  });

  it('a card pulled during a READ BINARY loses the answer and leaves the slot empty', async () => {
    reader.insertCard(sim.card);
    const channel = await reader.connect();
    reader.injectFault({ kind: 'cardPulled', ins: 0xb0, skip: 1, scope: { kind: 'next' } });
    expect(await codeOf(readAuthCertificate(channel))).toBe('CARD_REMOVED');
    expect(reader.cardPresent).toBe(false);
  });

  it('a detached reader reports itself gone and every call fails with READER_UNAVAILABLE until it is plugged back in', async () => {
    const list = new SimReaderList(['A']);
    const a = list.get('A');
    const detached: string[] = [];
    list.on('reader.detached', (name) => detached.push(name));
    a.insertCard(sim.card);
    const channel = await a.connect();
    a.injectFault({ kind: 'readerDetached' });
    expect(detached).toEqual(['A']);
    expect(list.readers()).toEqual([]);
    expect(await codeOf(readTokenLabel(channel))).toBe('READER_UNAVAILABLE');
    a.faults.clear();
    list.reattach('A');
    expect(list.readers().map((r) => r.name)).toEqual(['A']);
  });

  it('a dirty contact fails the chosen share of APDUs, the same ones on every run with the same seed', async () => {
    const failures = async () => {
      const r = new SimReader('R');
      r.insertCard(sim.card, [{ kind: 'dirtyContact', probability: 0.5, seed: 42 }]);
      const channel = await r.connect();
      const out: string[] = [];
      for (let i = 0; i < 20; i++) out.push(await codeOf(channel.transmit(Uint8Array.of(0x00, 0xa4, 0x00, 0x00))));
      return out;
    };
    const first = await failures();
    expect(first).toEqual(await failures());
    expect(first.filter((c) => c === 'COMM').length).toBeGreaterThan(3);
    expect(first.filter((c) => c === 'resolved').length).toBeGreaterThan(3);
  });

  it('a slow card waits out the latency model for each APDU, with a long wait for signing', async () => {
    reader.insertCard(sim.card, [{ kind: 'slowCard' }]);
    const channel = await reader.connect();
    await readTokenLabel(channel);
    expect(slept.length).toBe(3); // SELECT AP, SELECT EF, READ BINARY
    expect(Math.min(...slept)).toBeGreaterThan(3);
    slept = [];
    await verifyPin(channel, 'auth', loaded.profile.pins.auth!);
    await channel.transmit(Uint8Array.from([0x00, 0xa4, 0x02, 0x0c, 0x02, 0x00, 0x17]));
    await channel.transmit(Uint8Array.from([0x80, 0x2a, 0x00, 0x80, 0x01, 0x01, 0x00]));
    expect(Math.max(...slept)).toBeGreaterThanOrEqual(200);
  });

  it('a fault scoped to the next N operations stops after N', async () => {
    reader.insertCard(sim.card, [{ kind: 'dirtyContact', probability: 1, scope: { kind: 'count', operations: 2 } }]);
    const channel = await reader.connect();
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await codeOf(channel.transmit(Uint8Array.of(0x00, 0xa4, 0x00, 0x00))));
    expect(codes).toEqual(['COMM', 'COMM', 'resolved', 'resolved']);
  });

  it('a fault scoped to a duration ends when the clock passes it', async () => {
    let now = 1_000;
    const r = new SimReader('R', { now: () => now });
    r.insertCard(sim.card, [{ kind: 'dirtyContact', probability: 1, scope: { kind: 'duration', ms: 500 } }]);
    const channel = await r.connect();
    expect(await codeOf(channel.transmit(Uint8Array.of(0x00, 0xa4, 0x00, 0x00)))).toBe('COMM');
    now += 499;
    expect(await codeOf(channel.transmit(Uint8Array.of(0x00, 0xa4, 0x00, 0x00)))).toBe('COMM');
    now += 2;
    expect(await codeOf(channel.transmit(Uint8Array.of(0x00, 0xa4, 0x00, 0x00)))).toBe('resolved');
  });

  it('traces every APDU with the PIN redacted', async () => {
    const trace: ApduTraceEntry[] = [];
    reader.onTrace((entry) => trace.push(entry));
    reader.insertCard(sim.card);
    const channel = await reader.connect();
    const pin = loaded.profile.pins.auth!;
    await verifyPin(channel, 'auth', pin);
    const verify = trace.find((e) => e.command.startsWith('00200080'));
    expect(verify?.command).toBe('0020008004 <redacted 4 bytes>');
    const pinHex = Buffer.from(pin).toString('hex').toUpperCase();
    expect(JSON.stringify(trace)).not.toContain(pinHex);
    expect(trace.at(-1)?.response).toBe('9000');
  });
});

describe('a card pulled with a notice delay, as PC/SC reports it at its next poll', () => {
  it('fails the command in flight with CARD_REMOVED first and reports the removal afterwards', async () => {
    const loaded = loadCardProfile('yamada-taro');
    const sim = await createSimCard(loaded.profile, loaded.photo);
    const waits: Array<() => void> = [];
    const r = new SimReader('Delayed', { sleep: () => new Promise<void>((resolve) => waits.push(resolve)) });
    const events: string[] = [];
    r.on('card.removed', () => events.push('removed'));
    r.insertCard(sim.card);
    const channel = await r.connect();
    r.injectFault({ kind: 'cardPulled', ins: 0xb0, noticeMs: 400, scope: { kind: 'next' } });
    expect(await codeOf(readTokenLabel(channel))).toBe('CARD_REMOVED');
    expect(r.cardPresent).toBe(false);
    expect(events).toEqual([]);
    waits.forEach((w) => w());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual(['removed']);
  });
});
