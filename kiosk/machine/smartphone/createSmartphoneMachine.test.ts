import { describe, expect, it } from 'vitest';
import { __unsafe_getAllOwnEventDescriptors, createActor, fromPromise, SimulatedClock, type EventObject, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getStateNodes } from 'xstate/graph';
import { KioskFault, type KioskFaultCode } from '../KioskFault.ts';
import { KIOSK_TIMEOUTS } from '../kioskTimeouts.ts';
import { createSmartphoneMachine, type SmartphoneEvent, type SmartphoneMachine } from './createSmartphoneMachine.ts';
import { SMARTPHONE_TIMEOUTS, type PhoneReadOutcome } from './SmartphoneCheckIn.ts';

type Snapshot = SnapshotFrom<SmartphoneMachine>;

const READ_OUTCOMES: PhoneReadOutcome[] = [{ outcome: 'signed' }, { outcome: 'pinWrong', triesLeft: 2 }, { outcome: 'pinBlocked' }, { outcome: 'notAuthenticated' }, { outcome: 'expired' }];
const READ_FAULTS: KioskFaultCode[] = ['CARD_REMOVED', 'CARD_ON_PHONE_READER', 'WRONG_PHONE_KIND', 'READER_UNAVAILABLE', 'CARD_UNREADABLE'];

/** Every event each step offers, with every outcome and fault its actors can give. */
function eventsOf(snapshot: Snapshot): SmartphoneEvent[] {
  if (snapshot.status !== 'active') return [];
  return (__unsafe_getAllOwnEventDescriptors(snapshot) as string[]).flatMap((type): EventObject[] => {
    if (type === 'phone.kindChosen') return [{ type, kind: 'androidPhone' } as EventObject, { type, kind: 'iPhone' } as EventObject];
    if (type === 'xstate.done.actor.readPhone') return READ_OUTCOMES.map((output) => ({ type, output }) as EventObject);
    if (type === 'xstate.error.actor.readPhone') return READ_FAULTS.map((code) => ({ type, error: new KioskFault(code, code) }) as EventObject);
    if (type === 'xstate.error.actor.awaitPhonePin') return [{ type, error: new Error('aborted') } as EventObject];
    if (type.startsWith('xstate.done.state')) return [];
    return [{ type }];
  }) as SmartphoneEvent[];
}

const stepOf = (snapshot: Snapshot) => (snapshot.status === 'done' ? `done:${JSON.stringify(snapshot.output)}` : String(snapshot.value));

describe('the smartphone branch, as a model', () => {
  const machine = createSmartphoneMachine();
  const adjacency = getAdjacencyMap(machine, { events: eventsOf });

  it('reaches every state node and takes every declared transition (100 % states and transitions)', () => {
    const reached = new Set<string>();
    const taken = new Set<string>();
    type Node = Snapshot['_nodes'][number];
    for (const { state, transitions } of Object.values(adjacency)) {
      for (const node of state._nodes) reached.add(node.id);
      for (const { event, state: next } of Object.values(transitions) as Array<{ event: EventObject; state: Snapshot }>) {
        for (const node of next._nodes) reached.add(node.id);
        const to = next._nodes.filter((n: Node) => n.type === 'atomic' || n.type === 'final').map((n) => n.id);
        for (const from of state._nodes.filter((n: Node) => n.type === 'atomic')) for (const target of to) taken.add(`${from.id} --${event.type}--> ${target}`);
      }
    }
    const declared = getStateNodes(machine.root).flatMap((node) =>
      [...node.transitions.entries()].flatMap(([type, definitions]) => definitions.flatMap((d) => (d.target ?? []).map((t) => `${node.id} --${type}--> ${t.id}`))),
    );
    const states = getStateNodes(machine.root).map((n) => n.id);
    expect(states.filter((id) => !reached.has(id))).toEqual([]);
    expect(declared.filter((t) => !taken.has(t))).toEqual([]);
    console.log(`smartphone model coverage: states ${states.filter((id) => reached.has(id)).length}/${states.length}, transitions ${declared.filter((t) => taken.has(t)).length}/${declared.length}`);
  });
});

/** The branch with scripted actors on a simulated clock: the paths a patient walks. */
function run(reads: Array<PhoneReadOutcome | KioskFaultCode>) {
  const clock = new SimulatedClock();
  let pins = 0;
  const machine = createSmartphoneMachine().provide({
    actors: {
      awaitPhonePin: fromPromise(async () => {
        pins += 1;
      }),
      readPhone: fromPromise(async () => {
        const next = reads.shift();
        if (next === undefined) throw new Error('no scripted read');
        if (typeof next === 'string') throw new KioskFault(next, next);
        return next;
      }),
    },
  });
  const actor = createActor(machine, { clock }).start();
  return { actor, clock, pins: () => pins, step: () => stepOf(actor.getSnapshot()) };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the smartphone branch, walked', () => {
  it('Android: PIN on the reader first, then the tap; identified by pin', async () => {
    const k = run([{ outcome: 'signed' }]);
    k.actor.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
    expect(k.step()).toBe('enteringPin');
    await settle();
    expect(k.step()).toBe('waitingForPhone');
    k.actor.send({ type: 'phone.presented' });
    await settle();
    expect(k.step()).toBe('done:{"outcome":"identified","kind":"androidPhone","identityMethod":"pin"}');
  });

  it('iPhone: no PIN; a tap without Face ID is told to authenticate on the phone and hold it again', async () => {
    const k = run([{ outcome: 'notAuthenticated' }, { outcome: 'signed' }]);
    k.actor.send({ type: 'phone.kindChosen', kind: 'iPhone' });
    expect(k.step()).toBe('waitingForPhone');
    k.actor.send({ type: 'phone.presented' });
    await settle();
    expect(k.step()).toBe('notAuthenticated');
    k.clock.increment(SMARTPHONE_TIMEOUTS.PHONE_MESSAGE);
    k.actor.send({ type: 'phone.presented' });
    await settle();
    expect(k.step()).toBe('done:{"outcome":"identified","kind":"iPhone","identityMethod":"device"}');
    expect(k.pins()).toBe(0);
  });

  it('NFC off: nothing read in 20 s, the patient may hold it again or use the card', async () => {
    const k = run([]);
    k.actor.send({ type: 'phone.kindChosen', kind: 'iPhone' });
    k.clock.increment(SMARTPHONE_TIMEOUTS.PHONE_TAP);
    expect(k.step()).toBe('notRead');
    k.actor.send({ type: 'phone.useCard' });
    expect(k.step()).toBe('done:{"outcome":"useCard"}');
  });

  it('the phone leaving the field mid-read: hold it again, the PIN is not asked again', async () => {
    const k = run(['CARD_REMOVED', { outcome: 'signed' }]);
    k.actor.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
    await settle();
    k.actor.send({ type: 'phone.presented' });
    await settle();
    expect(k.step()).toBe('phoneRemoved');
    k.clock.increment(SMARTPHONE_TIMEOUTS.PHONE_MESSAGE);
    k.actor.send({ type: 'phone.presented' });
    await settle();
    expect(k.step()).toMatch(/identified/);
    expect(k.pins()).toBe(1);
  });

  it('a wrong PIN goes back to the PIN; a card on the phone reader is sent to the face reader; the other phone kind back to the choice', async () => {
    const k = run([{ outcome: 'pinWrong', triesLeft: 2 }, 'CARD_ON_PHONE_READER']);
    k.actor.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
    await settle();
    k.actor.send({ type: 'phone.presented' });
    await settle();
    expect(k.step()).toBe('pinWrong');
    expect(k.actor.getSnapshot().context.pinTriesLeft).toBe(2);
    k.clock.increment(KIOSK_TIMEOUTS.PIN_WRONG_DISPLAY);
    await settle();
    k.actor.send({ type: 'phone.presented' });
    await settle();
    expect(k.step()).toBe('cardOnPhoneReader');
    k.clock.increment(SMARTPHONE_TIMEOUTS.PHONE_MESSAGE);
    expect(k.step()).toBe('done:{"outcome":"useCard"}');
    const w = run(['WRONG_PHONE_KIND']);
    w.actor.send({ type: 'phone.kindChosen', kind: 'iPhone' });
    w.actor.send({ type: 'phone.presented' });
    await settle();
    expect(w.step()).toBe('wrongKind');
    w.clock.increment(SMARTPHONE_TIMEOUTS.PHONE_MESSAGE);
    expect(w.step()).toBe('choosingKind');
  });

  it('an expired phone credential ends in 3-2 (no grace); a locked phone PIN goes to staff; the reader gone is 3-1', async () => {
    const e = run([{ outcome: 'expired' }]);
    e.actor.send({ type: 'phone.kindChosen', kind: 'iPhone' });
    e.actor.send({ type: 'phone.presented' });
    await settle();
    expect(e.step()).toBe('expired');
    e.actor.send({ type: 'result.acknowledged' });
    expect(e.step()).toBe('done:{"outcome":"outage","outageCase":"cardDefect"}');
    const b = run([{ outcome: 'pinBlocked' }]);
    b.actor.send({ type: 'phone.kindChosen', kind: 'androidPhone' });
    await settle();
    b.actor.send({ type: 'phone.presented' });
    await settle();
    b.clock.increment(KIOSK_TIMEOUTS.REFERRAL_DISPLAY);
    expect(b.step()).toBe('done:{"outcome":"pinBlocked"}');
    const r = run([]);
    r.actor.send({ type: 'phone.kindChosen', kind: 'iPhone' });
    r.actor.send({ type: 'reader.detached' });
    expect(r.step()).toBe('done:{"outcome":"outage","outageCase":"readerFault"}');
  });
});
