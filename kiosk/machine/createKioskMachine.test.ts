import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, type SnapshotFrom } from 'xstate';
import { createKioskMachine, type KioskMachine } from './createKioskMachine.ts';
import { KioskFault, type KioskFaultCode } from './KioskFault.ts';
import { KIOSK_TIMEOUTS } from './kioskTimeouts.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';
import type { CardFaceFields } from '../protocol/UiEvent.ts';
import type { EligibilityOutcome, LookupOutcome } from '../protocol/EligibilityOutcome.ts';
import type { FaceOutcome, PinOutcome, ReadCardOutput } from './ActorOutputs.ts';

type Script = {
  readCard?: ReadCardOutput | KioskFaultCode;
  face?: Array<FaceOutcome | KioskFaultCode>;
  /** Each card-face read in turn: undefined reads the photo. */
  cardFace?: Array<KioskFaultCode | undefined>;
  pin?: Array<PinOutcome | KioskFaultCode>;
  eligibility?: EligibilityOutcome | KioskFaultCode;
  lookup?: LookupOutcome | KioskFaultCode;
  /** Actors that never answer, so a test can let an `after` fire. */
  hang?: Array<'readCard' | 'matchFace' | 'verifyPin' | 'queryEligibility'>;
};

const summary = { insurerNumber: '01130012', insurerName: '全国健康保険協会', copayPercent: 30, qualificationValidity: 1, referenceNumber: 'R1', noticeCodes: [] };
const validCard: ReadCardOutput = { cardKind: 'standard', certificateStanding: 'valid', pinTriesLeft: 3, signsWithoutPin: true };

function answer<T>(value: T | KioskFaultCode | undefined, name: string): Promise<T> {
  if (value === undefined) return Promise.reject(new Error(`test script has no answer for ${name}`));
  if (typeof value === 'string') return Promise.reject(new KioskFault(value as KioskFaultCode, value));
  return Promise.resolve(value);
}

/** The machine with scripted actors and a simulated clock; records every persisted visit. */
function start(script: Script) {
  const visits: VisitDraft[] = [];
  const face = [...(script.face ?? [])];
  const pin = [...(script.pin ?? [])];
  const cardFace = [...(script.cardFace ?? [])];
  const cardFaceInputs: unknown[] = [];
  const hang = new Set(script.hang ?? []);
  const never = new Promise<never>(() => undefined);
  const machine = createKioskMachine().provide({
    actors: {
      readCard: fromPromise(() => (hang.has('readCard') ? never : answer(script.readCard, 'readCard'))),
      // The card photo is read at once (the runtime's readCardFace is covered by the runtime and model tests).
      readCardFace: fromPromise<void, { entered: CardFaceFields | null }>(async ({ input }) => {
        cardFaceInputs.push(input.entered);
        const next = cardFace.shift();
        if (next) throw new KioskFault(next, next, next === 'CARD_FACE_UNREADABLE' ? { cardFace: { reason: 'unreadable', field: 'securityCode', message: 'セキュリティコード unreadable' } } : {});
      }),
      matchFace: fromPromise(() => (hang.has('matchFace') ? never : answer(face.shift(), 'matchFace'))),
      verifyPin: fromPromise(() => (hang.has('verifyPin') ? never : answer(pin.shift(), 'verifyPin'))),
      queryEligibility: fromPromise(() => (hang.has('queryEligibility') ? never : answer(script.eligibility, 'queryEligibility'))),
      queryByNumber: fromPromise(() => answer(script.eligibility, 'queryByNumber')),
      outageLookup: fromPromise(() => answer(script.lookup, 'outageLookup')),
      persistVisit: fromPromise<void, { visit: VisitDraft }>(async ({ input }) => {
        visits.push(input.visit);
      }),
    },
  }) as KioskMachine;
  const clock = new SimulatedClock();
  const actor = createActor(machine, { clock });
  actor.start();
  const step = () => {
    const v = (actor.getSnapshot().value as { visit: unknown }).visit;
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  return { actor, clock, visits, step, cardFaceInputs, snapshot: (): SnapshotFrom<KioskMachine> => actor.getSnapshot() };
}

/** Let resolved actor promises deliver their done events. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** まとめて同意 (or 同意しない) on the 診療・薬剤・手術 screen, then the same for 特定健診. */
async function consentAll(k: ReturnType<typeof start>, agree = true) {
  k.actor.send({ type: 'consent.answered', agree });
  k.actor.send({ type: 'consent.answered', agree });
  await settle();
}

const numbers = { insurerNumber: '06139999', symbol: '12', number: '345', branch: '00' };

describe('the kiosk statechart', () => {
  it('a card face the scanner cannot read goes to staff, who type the three fields; the photo is then read with them and face matching goes on', async () => {
    const k = start({ readCard: validCard, cardFace: ['CARD_FACE_UNREADABLE', undefined], face: [{ outcome: 'match' }], eligibility: { kind: 'eligible', summary } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    expect(k.step()).toBe('enteringCardFace');
    expect(k.snapshot().context.visit.cardFaceIssue).toEqual({ reason: 'unreadable', field: 'securityCode', message: 'セキュリティコード unreadable' });
    expect(k.snapshot().hasTag('staffNeeded')).toBe(true);
    const fields = { birthDate: '1980-02-17', cardExpiry: '2035-02-17', securityCode: '2285' };
    k.actor.send({ type: 'staff.cardFaceEntered', fields });
    await settle();
    await settle();
    expect(k.cardFaceInputs).toEqual([null, fields]);
    expect(k.snapshot().context.visit.cardFaceIssue).toBeNull();
    expect(k.step()).toBe('{"askingConsent":"medical"}');
    expect(k.snapshot().context.visit.identityMethod).toBe('face');
  });

  it('a card removed while its face is read ends the visit as cardRemoved, never an outage', async () => {
    const k = start({ readCard: validCard, cardFace: ['CARD_REMOVED'] });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.visual' });
    await settle();
    await settle();
    expect(k.visits[0]!.outcome).toBe('cardRemoved');
    expect(k.visits[0]!.outageCase).toBeNull();
  });

  it('a kiosk without a face camera never offers face matching, and that is no outage', async () => {
    const k = start({ readCard: validCard });
    k.actor.send({ type: 'camera.absent' });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    expect(k.step()).toBe('choosingMethod');
    expect(k.snapshot().can({ type: 'method.face' })).toBe(false);
    expect(k.snapshot().can({ type: 'method.pin' })).toBe(true);
    k.actor.send({ type: 'method.face' });
    expect(k.step()).toBe('choosingMethod');
  });

  it('a face check-in reads the card, asks consent as the readers group it, queries, shows the result and returns to standby when the card is taken', async () => {
    const k = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: { kind: 'eligible', summary } });
    k.actor.send({ type: 'card.inserted' });
    expect(k.step()).toBe('readingCard');
    await settle();
    expect(k.step()).toBe('choosingMethod');
    k.actor.send({ type: 'method.face' });
    await settle();
    expect(k.step()).toBe('{"askingConsent":"medical"}');
    await consentAll(k);
    expect(k.step()).toBe('showingResult');
    k.actor.send({ type: 'result.acknowledged' });
    await settle();
    expect(k.step()).toBe('finishing');
    expect(k.visits).toHaveLength(1);
    expect(k.visits[0]).toMatchObject({ identityMethod: 'face', outcome: 'completed', claimRoute: 'current', claimInsurerNumber: '01130012', copayPercent: 30, pendingRecheck: false });
    expect(k.visits[0]!.consents).toEqual({ pharmacy: true, diagnosis: true, operation: true, checkups: true, limitApplication: true });
    k.actor.send({ type: 'card.removed' });
    expect(k.step()).toBe('standby');
    expect(k.snapshot().context.visit.started).toBe(false); // nothing of the patient is left
  });

  it('a wrong PIN shows the tries left, then the right PIN identifies the patient', async () => {
    const k = start({ readCard: validCard, pin: [{ outcome: 'wrong', triesLeft: 2 }, { outcome: 'verified' }], eligibility: { kind: 'eligible', summary } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.pin' });
    await settle();
    expect(k.step()).toBe('pinWrong');
    expect(k.snapshot().context.pinTriesLeft).toBe(2);
    k.clock.increment(KIOSK_TIMEOUTS.PIN_WRONG_DISPLAY);
    expect(k.step()).toBe('enteringPin');
    await settle();
    expect(k.step()).toBe('{"askingConsent":"medical"}');
    k.actor.send({ type: 'consent.skipAll' });
    await settle();
    expect(k.step()).toBe('showingResult');
  });

  it('a third wrong PIN blocks the card and the kiosk refers the patient to the municipality, never offering the PIN again', async () => {
    const k = start({ readCard: { ...validCard, pinTriesLeft: 1 }, pin: [{ outcome: 'wrong', triesLeft: 0 }] });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.pin' });
    await settle();
    expect(k.step()).toBe('pinBlocked');
    k.actor.send({ type: 'method.pin' });
    expect(k.step()).toBe('pinBlocked');
    k.clock.increment(KIOSK_TIMEOUTS.REFERRAL_DISPLAY);
    await settle();
    expect(k.visits[0]?.outcome).toBe('pinBlocked');
  });

  it('face matching gives up after the bounded number of tries and offers PIN or 目視; staff approval identifies', async () => {
    const k = start({ readCard: validCard, face: [{ outcome: 'noMatch' }, { outcome: 'noFace' }, { outcome: 'noMatch' }], eligibility: { kind: 'eligible', summary } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    expect(k.step()).toBe('faceRetry');
    k.actor.send({ type: 'face.retry' });
    await settle();
    k.actor.send({ type: 'face.retry' });
    await settle();
    expect(k.step()).toBe('faceFailed');
    k.actor.send({ type: 'face.retry' });
    expect(k.step()).toBe('faceFailed');
    k.actor.send({ type: 'method.visual' });
    await settle(); // the card photo is read on the way (readingCardFace)
    expect(k.step()).toBe('visualCheck');
    k.actor.send({ type: 'staff.approved' });
    expect(k.step()).toBe('{"askingConsent":"medical"}');
    expect(k.snapshot().context.visit.identityMethod).toBe('visual');
  });

  it('a 顔認証マイナンバーカード offers no PIN, and 目視 is not offered while the staff panel is detached', async () => {
    const k = start({ readCard: { cardKind: 'faceAuth', certificateStanding: 'valid', pinTriesLeft: null, signsWithoutPin: true } });
    k.actor.send({ type: 'panel.detached' });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.pin' });
    k.actor.send({ type: 'method.visual' });
    expect(k.step()).toBe('choosingMethod');
    k.actor.send({ type: 'panel.attached' });
    k.actor.send({ type: 'method.visual' });
    await settle(); // the card photo is read on the way (readingCardFace)
    expect(k.step()).toBe('visualCheck');
  });

  it('a card that does not accept this reader offers the PIN only: face and 目視 could not prove the card present', async () => {
    const k = start({ readCard: { ...validCard, signsWithoutPin: false } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    expect(k.step()).toBe('choosingMethod');
    expect(k.snapshot().can({ type: 'method.face' })).toBe(false);
    expect(k.snapshot().can({ type: 'method.visual' })).toBe(false);
    expect(k.snapshot().can({ type: 'method.pin' })).toBe(true);
    k.actor.send({ type: 'method.face' });
    k.actor.send({ type: 'method.visual' });
    expect(k.step()).toBe('choosingMethod');
  });

  it('a 顔認証マイナンバーカード that does not accept this reader goes to the reader-fault procedure (3-1)', async () => {
    const k = start({ readCard: { cardKind: 'faceAuth', certificateStanding: 'valid', pinTriesLeft: null, signsWithoutPin: false } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    expect(k.step()).toContain('outage');
    expect(k.snapshot().context.outageCase).toBe('readerFault');
  });

  it('an expiring certificate shows the renewal notice and goes on; one in its grace period skips consent', async () => {
    const soon = start({ readCard: { ...validCard, certificateStanding: 'expiringSoon' }, face: [{ outcome: 'match' }] });
    soon.actor.send({ type: 'card.inserted' });
    await settle();
    soon.actor.send({ type: 'method.face' });
    await settle();
    expect(soon.step()).toBe('expiryNotice');
    soon.clock.increment(KIOSK_TIMEOUTS.NOTICE_DISPLAY);
    expect(soon.step()).toBe('{"askingConsent":"medical"}');

    const grace = start({ readCard: { ...validCard, certificateStanding: 'expiredInGrace' }, face: [{ outcome: 'match' }], eligibility: { kind: 'eligible', summary } });
    grace.actor.send({ type: 'card.inserted' });
    await settle();
    grace.actor.send({ type: 'method.face' });
    await settle();
    expect(grace.step()).toBe('graceNotice');
    grace.actor.send({ type: 'notice.acknowledged' });
    expect(grace.step()).toBe('queryingEligibility');
  });

  it('a card removed in the middle of consent ends the visit as cardRemoved, recorded, and back to standby with nothing on screen', async () => {
    const k = start({ readCard: validCard, face: [{ outcome: 'match' }] });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    k.actor.send({ type: 'consent.answered', agree: true });
    k.actor.send({ type: 'card.removed' });
    await settle();
    expect(k.visits[0]).toMatchObject({ outcome: 'cardRemoved', identityMethod: 'face' });
    expect(k.step()).toBe('standby');
  });

  it('inactivity at the method choice times the visit out', async () => {
    const k = start({ readCard: validCard });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.clock.increment(KIOSK_TIMEOUTS.METHOD_CHOICE - 1);
    expect(k.step()).toBe('choosingMethod');
    k.clock.increment(1);
    await settle();
    expect(k.visits[0]?.outcome).toBe('timedOut');
  });

  describe('outage cases', () => {
    it('3-1: the reader disappearing while the card is read leads to the reader-fault procedure', async () => {
      const k = start({ hang: ['readCard'] });
      k.actor.send({ type: 'card.inserted' });
      k.actor.send({ type: 'reader.detached' });
      expect(k.step()).toBe('{"outage":"guidance"}');
      expect(k.snapshot().context.outageCase).toBe('readerFault');
      expect(k.snapshot().matches({ health: { reader: 'fault' } })).toBe(true);
    });

    it('3-2: a chip that never answers is a card defect; マイナポータル is refused, システム障害時モード finds the patient', async () => {
      const k = start({ readCard: 'CARD_UNREADABLE', lookup: { outcome: 'found', candidates: 1, toleranceUsed: true, summary } });
      k.actor.send({ type: 'card.inserted' });
      await settle();
      expect(k.snapshot().context.outageCase).toBe('cardDefect');
      k.actor.send({ type: 'staff.proofShown', proof: 'mynaPortal', numbers });
      expect(k.step()).toBe('{"outage":"guidance"}');
      k.actor.send({ type: 'staff.lookupRequested', items: { name: '山田\u3000太郎', birthDate: '1980-02-17', sex: 'male', address: '東京都' } });
      await settle();
      // The match needed a tolerance: nothing is settled until staff have asked the patient.
      expect(k.step()).toBe('{"outage":"confirmingMatch"}');
      expect(k.visits).toHaveLength(0);
      k.actor.send({ type: 'staff.matchConfirmed' });
      await settle();
      expect(k.visits[0]).toMatchObject({ outageCase: 'cardDefect', outageCause: 'cardUnreadable', claimRoute: 'current', claimInsurerNumber: '01130012', lookupToleranceUsed: true, outcome: 'completed' });
    });

    it('3-2: a certificate expired beyond its grace goes straight to the card-defect procedure', async () => {
      const k = start({ readCard: { ...validCard, certificateStanding: 'expiredBeyondGrace' } });
      k.actor.send({ type: 'card.inserted' });
      await settle();
      expect(k.step()).toBe('{"outage":"guidance"}');
      expect(k.snapshot().context.outageCase).toBe('cardDefect');
      expect(k.snapshot().context.visit.outageCause).toBe('certificateExpired');
    });

    it('3-3: a terminal fault cannot look up now: 申立書 at 3割, claimed as 不詳 77777779 when the claim software rejects 7s, re-check pending', async () => {
      const k = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: 'TERMINAL_FAULT' });
      k.actor.send({ type: 'card.inserted' });
      await settle();
      k.actor.send({ type: 'method.face' });
      await settle();
      k.actor.send({ type: 'consent.skipAll' });
      await settle();
      expect(k.snapshot().context.outageCase).toBe('terminalFault');
      k.actor.send({ type: 'staff.lookupRequested', items: { name: 'x', birthDate: '1980-01-01', sex: 'male', address: 'y' } });
      expect(k.step()).toBe('{"outage":"guidance"}');
      k.actor.send({ type: 'staff.declarationStarted' });
      k.actor.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: true } });
      await settle();
      expect(k.visits[0]).toMatchObject({ outageCase: 'terminalFault', copayPercent: 30, claimRoute: 'unknown', claimInsurerNumber: '77777779', pendingRecheck: true });
    });

    it('3-4: a query past its deadline is a network outage; the patient pays 10割 when nothing at all can be shown', async () => {
      const k = start({ readCard: validCard, face: [{ outcome: 'match' }], hang: ['queryEligibility'] });
      k.actor.send({ type: 'card.inserted' });
      await settle();
      k.actor.send({ type: 'method.face' });
      await settle();
      k.actor.send({ type: 'consent.skipAll' });
      k.clock.increment(KIOSK_TIMEOUTS.QUERY);
      expect(k.snapshot().context.outageCase).toBe('networkDown');
      k.actor.send({ type: 'staff.selfPay' });
      await settle();
      expect(k.visits[0]).toMatchObject({ outageCase: 'networkDown', copayPercent: 100, claimRoute: 'none', pendingRecheck: false });
    });

    it('case 2 「資格（無効）」 becomes case 1 when the patient reports a job change; the past qualification is claimed', async () => {
      const invalid = { kind: 'invalid' as const, summary: { ...summary, qualificationValidity: 2 } };
      const k = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: invalid });
      k.actor.send({ type: 'card.inserted' });
      await settle();
      k.actor.send({ type: 'method.face' });
      await settle();
      k.actor.send({ type: 'consent.skipAll' });
      await settle();
      expect(k.snapshot().context.outageCase).toBe('case2');
      k.actor.send({ type: 'staff.jobChangeReported' });
      expect(k.snapshot().context.outageCase).toBe('case1');
      k.actor.send({ type: 'staff.declarationStarted' });
      k.actor.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'employee', claimSoftwareRejects7777: false } });
      await settle();
      expect(k.visits[0]).toMatchObject({ outageCase: 'case1', claimRoute: 'past', claimInsurerNumber: '01130012', pendingRecheck: true });
    });
  });
});

describe('the kiosk statechart never leaves the patient or staff with the wrong next step', () => {
  it('a certificate the service refuses as revoked (E01) is a card defect whose cause is the revocation, not a broken card', async () => {
    const k = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: { kind: 'certificateRefused', summary: null, resultCode: 'E01' } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    await consentAll(k);
    expect(k.snapshot().context.outageCase).toBe('cardDefect');
    expect(k.snapshot().context.visit.outageCause).toBe('certificateRevoked');
  });

  it('E05 (利用登録なし) offers 利用登録 on the spot; declined, it goes to the case-2 procedure with its own cause', async () => {
    const k = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: { kind: 'notRegistered', summary: null, resultCode: 'E05' } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    await consentAll(k);
    expect((k.snapshot().value as { visit: string }).visit).toBe('offeringRegistration');
    k.actor.send({ type: 'registration.declined' });
    expect(k.snapshot().context.outageCase).toBe('case2');
    expect(k.snapshot().context.visit.outageCause).toBe('notRegistered');
  });

  it('a camera fault while matching falls back to PIN or 目視 (never offering the camera again), as the same fault at standby does', async () => {
    const k = start({ readCard: validCard, face: ['CAMERA_FAULT'], pin: [{ outcome: 'verified' }] });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    await settle();
    expect(k.step()).toBe('choosingMethod');
    expect(k.snapshot().context.outageCase).toBeNull();
    expect(k.snapshot().context.cameraFailed).toBe(true);
    expect(k.snapshot().can({ type: 'method.face' })).toBe(false);
    expect(k.snapshot().can({ type: 'method.visual' })).toBe(true);
    k.actor.send({ type: 'method.pin' });
    await settle();
    expect(k.step()).toBe('{"askingConsent":"medical"}');
  });

  it('a camera fault with neither PIN nor 目視 left (顔認証マイナンバーカード, staff panel unplugged) is the reader-fault procedure', async () => {
    const k = start({ readCard: { cardKind: 'faceAuth', certificateStanding: 'valid', pinTriesLeft: null, signsWithoutPin: true }, hang: ['matchFace'] });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    expect(k.step()).toBe('matchingFace');
    k.actor.send({ type: 'panel.detached' });
    k.actor.send({ type: 'camera.fault' });
    expect(k.step()).toBe('{"outage":"guidance"}');
    expect(k.snapshot().context.visit.outageCause).toBe('cameraFault');
  });

  it('戻る from the PIN pad and from the camera returns to the method choice, not to the end of the visit', async () => {
    const k = start({ readCard: validCard, hang: ['verifyPin', 'matchFace'] });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.pin' });
    expect(k.step()).toBe('enteringPin');
    k.actor.send({ type: 'method.back' });
    expect(k.step()).toBe('choosingMethod');
    k.actor.send({ type: 'method.face' });
    await settle();
    expect(k.step()).toBe('matchingFace');
    k.actor.send({ type: 'method.back' });
    expect(k.step()).toBe('choosingMethod');
    expect(k.visits).toHaveLength(0);
  });

  it('「続ける」 restarts the wait of the step; left alone, the visit times out and is recorded as such', async () => {
    const k = start({ readCard: validCard });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.clock.increment(KIOSK_TIMEOUTS.METHOD_CHOICE - 1000);
    k.actor.send({ type: 'time.extended' });
    k.clock.increment(KIOSK_TIMEOUTS.METHOD_CHOICE - 1000);
    expect(k.step()).toBe('choosingMethod');
    k.clock.increment(1000);
    await settle();
    expect(k.visits[0]?.outcome).toBe('timedOut');
    expect(k.step()).toBe('finishing');
  });

  it('consent as the readers group it: 診療・薬剤・手術 at once or one by one, then 特定健診; 限度額 is given without a screen', async () => {
    const each = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: { kind: 'eligible', summary } });
    each.actor.send({ type: 'card.inserted' });
    await settle();
    each.actor.send({ type: 'method.face' });
    await settle();
    each.actor.send({ type: 'consent.chooseEach' });
    expect(each.step()).toBe('{"askingConsent":"medicalEach"}');
    each.actor.send({ type: 'consent.itemsChosen', choices: { pharmacy: true, diagnosis: false, operation: false } });
    expect(each.step()).toBe('{"askingConsent":"checkups"}');
    each.actor.send({ type: 'consent.answered', agree: false });
    await settle();
    expect(each.step()).toBe('showingResult');
    expect(each.snapshot().context.visit.consents).toEqual({ pharmacy: true, diagnosis: false, operation: false, checkups: false, limitApplication: true });
  });

  it('consent is not asked when the service is known to be down: the visit goes to the network procedure at once, recorded so', async () => {
    const k = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: 'SERVICE_UNREACHABLE' });
    k.actor.send({ type: 'service.down' });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    await settle();
    expect(k.step()).toBe('{"outage":"guidance"}');
    expect(k.snapshot().context.visit).toMatchObject({ consentNotAsked: 'serviceDown', consents: {}, outageCause: 'serviceUnreachable' });
  });

  it('a 資格確認書 number the service does not know goes back to staff to type again (入力し直す), not to the case-2 procedure', async () => {
    const k = start({ eligibility: { kind: 'noQualification', summary: null } });
    const search = { insurerNumber: '06139999', symbol: '12', number: '345', branch: '00', birthDate: '1980-01-01' };
    k.actor.send({ type: 'document.chosen' });
    k.actor.send({ type: 'staff.insuranceEntered', search });
    await settle();
    expect(k.step()).toBe('insuranceNumberNotFound');
    expect(k.snapshot().context.outageCase).toBeNull();
    k.actor.send({ type: 'staff.insuranceEntered', search });
    expect(k.step()).toBe('queryingByNumber');
    await settle();
    k.actor.send({ type: 'staff.toOutage', outageCase: 'case2' });
    expect(k.step()).toBe('{"outage":"guidance"}');
  });

  it('an own proof is claimed on the numbers staff copied off it, never as 通常請求 without an insurer number', async () => {
    const k = start({ readCard: 'CARD_UNREADABLE' });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'staff.proofShown', proof: 'qualificationCertificate', numbers });
    await settle();
    expect(k.visits[0]).toMatchObject({ ownProof: 'qualificationCertificate', proofNumbers: numbers, claimRoute: 'current', claimInsurerNumber: '06139999' });
  });

  it('複数該当: staff choose one of the candidates; the claim goes on the one chosen', async () => {
    const other = { ...summary, insurerNumber: '39131234', insurerName: '後期高齢者医療広域連合' };
    const k = start({ readCard: validCard, face: [{ outcome: 'match' }], eligibility: { kind: 'multiple', summary, candidates: [summary, other] } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'method.face' });
    await settle();
    await consentAll(k);
    expect(k.step()).toBe('staffReview');
    expect(k.snapshot().context.visit.candidates).toHaveLength(2);
    k.actor.send({ type: 'staff.candidateChosen', index: 1 });
    expect(k.step()).toBe('showingResult');
    expect(k.snapshot().context.visit).toMatchObject({ claimRoute: 'current', claimInsurerNumber: '39131234' });
  });

  it('戻る from the 申立書 and from a held match returns to the guidance, with nothing of them kept', async () => {
    const k = start({ readCard: 'CARD_UNREADABLE', lookup: { outcome: 'found', candidates: 1, toleranceUsed: true, summary } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'staff.declarationStarted' });
    k.actor.send({ type: 'staff.back' });
    expect(k.step()).toBe('{"outage":"guidance"}');
    k.actor.send({ type: 'staff.lookupRequested', items: { name: 'x', birthDate: '1980-01-01', sex: 'male', address: 'y' } });
    await settle();
    expect(k.step()).toBe('{"outage":"confirmingMatch"}');
    k.actor.send({ type: 'staff.back' });
    expect(k.step()).toBe('{"outage":"guidance"}');
    expect(k.snapshot().context.visit).toMatchObject({ candidates: [], lookupToleranceUsed: false, claimRoute: null });
  });

  it('a card whose PIN is already blocked is recorded so', async () => {
    const k = start({ readCard: { ...validCard, pinTriesLeft: 0 } });
    k.actor.send({ type: 'card.inserted' });
    await settle();
    k.actor.send({ type: 'cancel' });
    await settle();
    expect(k.visits[0]).toMatchObject({ pinBlocked: true, outcome: 'cancelled' });
  });
});
