import { and, assign, fromPromise, setup, stateIn } from 'xstate';
import type { CardFaceItems, Declaration, InsuranceNumberSearch, KioskEvent, OwnProof } from './KioskEvent.ts';
import { faultCodeOf, KioskFault, type KioskFaultCode } from './KioskFault.ts';
import type { CertificateStanding, EligibilityOutcome, FaceOutcome, IdentityMethod, LookupOutcome, PinOutcome, ReadCardOutput } from './KioskOutputs.ts';
import { KIOSK_TIMEOUTS, MAX_FACE_ATTEMPTS } from './kioskTimeouts.ts';
import { mynaPortalAllowed, SERVICE_REACHABLE, type OutageCase } from '../protocol/OutageCase.ts';
import { emptyVisit, unknownInsurerNumber, type ConsentItem, type VisitDraft, type VisitOutcome } from '../protocol/VisitDraft.ts';

/**
 * The discrete facts the flow branches on. They are part of a state's identity for the
 * model-based tests (see kioskStateKey); everything volatile lives in `visit`.
 */
export interface KioskContext {
  certificateStanding: CertificateStanding | null;
  /** Tries left on the 利用者証明用 PIN (0 = blocked), null when the card has no PIN. */
  pinTriesLeft: number | null;
  faceAttempts: number;
  outageCase: OutageCase | null;
  visit: VisitDraft;
}

export interface QueryEligibilityInput {
  identityMethod: IdentityMethod;
  consents: Partial<Record<ConsentItem, boolean>>;
}

/** Nothing of a patient: at start, in standby, and (with `started`) when a new visit begins. */
function freshContext(started: boolean): KioskContext {
  return { certificateStanding: null, pinTriesLeft: null, faceAttempts: 0, outageCase: null, visit: { ...emptyVisit(), started } };
}

function notProvided<Output, Input = void>(name: string) {
  return fromPromise<Output, Input>(async () => {
    throw new KioskFault('TERMINAL_FAULT', `The runtime did not provide the ${name} actor.`);
  });
}

/** The I/O the machine needs; the runtime (or a test) provides real implementations with machine.provide. */
export const kioskActors = {
  readCard: notProvided<ReadCardOutput>('readCard'),
  matchFace: notProvided<FaceOutcome>('matchFace'),
  /** Waits for the keypad, sends the PIN to the card and answers with what the card said. The PIN never enters the machine. */
  verifyPin: notProvided<PinOutcome>('verifyPin'),
  queryEligibility: notProvided<EligibilityOutcome, QueryEligibilityInput>('queryEligibility'),
  queryByNumber: notProvided<EligibilityOutcome, { search: InsuranceNumberSearch }>('queryByNumber'),
  outageLookup: notProvided<LookupOutcome, { items: CardFaceItems }>('outageLookup'),
  persistVisit: notProvided<void, { visit: VisitDraft }>('persistVisit'),
};

const consentStep = (item: ConsentItem, next: string) => ({
  on: { 'consent.answered': { target: next, actions: { type: 'recordConsent' as const, params: { item } } } },
});

export const kioskMachineSetup = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
  },
  actors: kioskActors,
  delays: KIOSK_TIMEOUTS,
  guards: {
    readerOk: stateIn('#kiosk.health.reader.ok'),
    cameraOk: stateIn('#kiosk.health.camera.ok'),
    panelAttached: stateIn('#kiosk.health.panel.attached'),
    cardAbsent: stateIn('#kiosk.health.card.absent'),
    faultIs: ({ event }, params: { code: KioskFaultCode }) => 'error' in event && faultCodeOf((event as { error: unknown }).error) === params.code,
    certificateBeyondGrace: ({ event }) => (event as unknown as { output: ReadCardOutput }).output.certificateStanding === 'expiredBeyondGrace',
    faceMatched: ({ event }) => (event as unknown as { output: FaceOutcome }).output.outcome === 'match',
    faceAttemptsLeft: ({ context }) => context.faceAttempts + 1 < MAX_FACE_ATTEMPTS,
    canTryFaceAgain: ({ context }) => context.faceAttempts < MAX_FACE_ATTEMPTS,
    /** Face matching is offered while the camera works and the attempts are not used up. */
    faceAvailable: and(['cameraOk', 'canTryFaceAgain']),
    pinUsable: ({ context }) => context.pinTriesLeft !== null && context.pinTriesLeft > 0,
    pinIsBlocked: ({ context }) => context.pinTriesLeft === 0,
    pinVerified: ({ event }) => (event as unknown as { output: PinOutcome }).output.outcome === 'verified',
    pinWrongWithTriesLeft: ({ event }) => {
      const out = (event as unknown as { output: PinOutcome }).output;
      return out.outcome === 'wrong' && out.triesLeft > 0;
    },
    standingIs: ({ context }, params: { standing: CertificateStanding }) => context.certificateStanding === params.standing,
    resultIs: ({ event }, params: { kinds: EligibilityOutcome['kind'][] }) => params.kinds.includes((event as unknown as { output: EligibilityOutcome }).output.kind),
    lookupIs: ({ event }, params: { outcome: LookupOutcome['outcome'] }) => (event as unknown as { output: LookupOutcome }).output.outcome === params.outcome,
    proofAllowed: ({ context, event }) => event.type === 'staff.proofShown' && (event.proof !== 'mynaPortal' || (context.outageCase !== null && mynaPortalAllowed(context.outageCase))),
    lookupPossible: ({ context }) => context.outageCase !== null && SERVICE_REACHABLE[context.outageCase],
    isCase2: ({ context }) => context.outageCase === 'case2',
  },
  actions: {
    beginVisit: assign(() => freshContext(true)),
    storeCardRead: assign(({ context, event }) => {
      const out = (event as unknown as { output: ReadCardOutput }).output;
      return { certificateStanding: out.certificateStanding, pinTriesLeft: out.pinTriesLeft, visit: { ...context.visit, certificateStanding: out.certificateStanding } };
    }),
    enterOutage: assign(({ context }, params: { outageCase: OutageCase }) => ({ outageCase: params.outageCase, visit: { ...context.visit, outageCase: params.outageCase } })),
    enterOutageFromEvent: assign(({ context, event }) => {
      const outageCase = event.type === 'staff.toOutage' ? event.outageCase : 'terminalFault';
      return { outageCase, visit: { ...context.visit, started: true, outageCase } };
    }),
    countFaceAttempt: assign({ faceAttempts: ({ context }) => context.faceAttempts + 1 }),
    identify: assign(({ context }, params: { method: IdentityMethod }) => ({ visit: { ...context.visit, identityMethod: params.method } })),
    storePinTries: assign(({ event }) => {
      const out = (event as unknown as { output: PinOutcome }).output;
      return { pinTriesLeft: out.outcome === 'wrong' ? out.triesLeft : out.outcome === 'blocked' ? 0 : null };
    }),
    recordConsent: assign(({ context, event }, params: { item: ConsentItem }) => ({
      visit: { ...context.visit, consents: { ...context.visit.consents, [params.item]: event.type === 'consent.answered' && event.agree } },
    })),
    skipConsent: assign(({ context }) => ({ visit: { ...context.visit, consentSkipped: true } })),
    storeEligibility: assign(({ context, event }) => ({ visit: { ...context.visit, eligibility: (event as unknown as { output: EligibilityOutcome }).output } })),
    settleCurrent: assign(({ context }) => ({
      visit: {
        ...context.visit,
        claimRoute: 'current' as const,
        claimInsurerNumber: context.visit.eligibility?.summary?.insurerNumber ?? null,
        copayPercent: context.visit.eligibility?.summary?.copayPercent ?? null,
      },
    })),
    settleOutcome: assign(({ context }, params: { outcome: VisitOutcome }) => ({ visit: { ...context.visit, outcome: context.visit.outcome ?? params.outcome } })),
    settleProof: assign(({ context, event }) => {
      const proof = (event as { proof: OwnProof }).proof;
      // The patient's own proof shows the current qualification: normal share (3割等) and a normal claim.
      return { visit: { ...context.visit, ownProof: proof, copayPercent: 30, claimRoute: 'current' as const, pendingRecheck: !SERVICE_REACHABLE[context.outageCase ?? 'terminalFault'] } };
    }),
    settleLookup: assign(({ context, event }) => {
      const out = (event as unknown as { output: LookupOutcome }).output;
      if (out.outcome !== 'found') return {};
      return { visit: { ...context.visit, lookupToleranceUsed: out.toleranceUsed, eligibility: { kind: 'eligible' as const, summary: out.summary }, claimRoute: 'current' as const, claimInsurerNumber: out.summary.insurerNumber, copayPercent: out.summary.copayPercent ?? 30 } };
    }),
    storeCandidates: assign(({ context, event }) => {
      const out = (event as unknown as { output: LookupOutcome }).output;
      return out.outcome === 'ambiguous' ? { visit: { ...context.visit, candidates: out.summaries, eligibility: { kind: 'multiple' as const, summary: null } } } : {};
    }),
    settleCandidate: assign(({ context, event }) => {
      // Staff asked the patient and chose one candidate; an index out of range keeps the first.
      const index = event.type === 'staff.candidateChosen' ? event.index : 0;
      const chosen = context.visit.candidates[index] ?? context.visit.candidates[0] ?? null;
      return {
        visit: { ...context.visit, eligibility: { kind: 'eligible' as const, summary: chosen }, claimRoute: 'current' as const, claimInsurerNumber: chosen?.insurerNumber ?? null, copayPercent: chosen?.copayPercent ?? 30 },
      };
    }),
    settleDeclaration: assign(({ context, event }) => {
      const declaration = (event as { declaration: Declaration }).declaration;
      // A past qualification known from the 無効 result: 旧資格請求. Otherwise 不詳 with 7s.
      const past = context.visit.eligibility?.summary?.insurerNumber;
      const route = past ? ('past' as const) : ('unknown' as const);
      return { visit: { ...context.visit, copayPercent: declaration.copayPercent, claimRoute: route, claimInsurerNumber: past ?? unknownInsurerNumber(declaration), pendingRecheck: true } };
    }),
    settleSelfPay: assign(({ context }) => ({ visit: { ...context.visit, copayPercent: 100, claimRoute: 'none' as const, claimInsurerNumber: null, pendingRecheck: false } })),
    reportJobChange: assign(({ context }) => ({ outageCase: 'case1' as const, visit: { ...context.visit, outageCase: 'case1' as const } })),
    clearVisit: assign(() => freshContext(false)),
  },
});

/** Leaving for the outage procedure of one case. */
const toOutage = (outageCase: OutageCase) => ({ target: '#kiosk.visit.outage', actions: { type: 'enterOutage' as const, params: { outageCase } } });
const onFault = (code: KioskFaultCode, target: string | ReturnType<typeof toOutage>) =>
  typeof target === 'string' ? { guard: { type: 'faultIs' as const, params: { code } }, target } : { guard: { type: 'faultIs' as const, params: { code } }, ...target };

/** Where an eligibility answer of these kinds leads: the result screen, or an outage case. */
const resultRoute = (kinds: EligibilityOutcome['kind'][], target: 'showingResult' | 'outage', outageCase?: OutageCase) => ({
  guard: { type: 'resultIs' as const, params: { kinds } },
  actions: outageCase ? ['storeEligibility' as const, { type: 'enterOutage' as const, params: { outageCase } }] : ['storeEligibility' as const, 'settleCurrent' as const],
  target,
});

/** PIN (or, once blocked, the referral) and 目視確認: offered at the method choice and after face matching failed. */
const pinOrVisual = {
  'method.pin': [
    { guard: 'pinUsable' as const, target: 'enteringPin' },
    { guard: 'pinIsBlocked' as const, target: 'pinBlocked' },
  ],
  'method.visual': { guard: 'panelAttached' as const, target: 'visualCheck' },
};

/** What every card-holding step does when the card goes, the patient cancels, or the reader disappears. */
const cardStepExits = {
  'card.removed': '#kiosk.visit.cardRemoved',
  cancel: '#kiosk.visit.cancelled',
  'reader.detached': toOutage('readerFault'),
} as const;

/**
 * The 顔認証付きカードリーダー check-in as one statechart. Pure: all I/O happens in the actors the
 * runtime provides, all waiting in named `after` delays. Two regions run side by side: `health`
 * watches the devices and the service so an outage shows before a patient arrives; `visit` is the
 * patient's path from standby to "remove your card".
 */
export function createKioskMachine() {
  return kioskMachineSetup.createMachine({
    id: 'kiosk',
    type: 'parallel',
    context: freshContext(false),
    states: {
      health: {
        type: 'parallel',
        states: {
          reader: { initial: 'ok', states: { ok: { on: { 'reader.detached': 'fault' } }, fault: { on: { 'reader.attached': 'ok' } } } },
          camera: { initial: 'ok', states: { ok: { on: { 'camera.fault': 'fault' } }, fault: { on: { 'camera.recovered': 'ok' } } } },
          panel: { initial: 'attached', states: { attached: { on: { 'panel.detached': 'detached' } }, detached: { on: { 'panel.attached': 'attached' } } } },
          service: { initial: 'up', states: { up: { on: { 'service.down': 'down' } }, down: { on: { 'service.up': 'up' } } } },
          card: { initial: 'absent', states: { absent: { on: { 'card.inserted': 'present' } }, present: { on: { 'card.removed': 'absent', 'reader.detached': 'absent' } } } },
        },
      },
      visit: {
        initial: 'standby',
        states: {
          standby: {
            entry: 'clearVisit',
            on: {
              'card.inserted': { guard: 'readerOk', target: 'readingCard', actions: 'beginVisit' },
              'document.chosen': { target: 'enteringInsuranceNumber', actions: 'beginVisit' },
              'staff.toOutage': { target: 'outage', actions: ['beginVisit', 'enterOutageFromEvent'] },
            },
          },

          readingCard: {
            invoke: {
              id: 'readCard',
              src: 'readCard',
              onDone: [
                { guard: 'certificateBeyondGrace', actions: ['storeCardRead', { type: 'enterOutage', params: { outageCase: 'cardDefect' } }], target: 'outage' },
                { actions: 'storeCardRead', target: 'choosingMethod' },
              ],
              onError: [onFault('CARD_REMOVED', 'cardRemoved'), onFault('NOT_A_MYNA_CARD', 'notMynaCard'), onFault('READER_UNAVAILABLE', toOutage('readerFault')), toOutage('cardDefect')],
            },
            after: { CARD_READ: toOutage('cardDefect') },
            on: cardStepExits,
          },

          notMynaCard: {
            on: { 'document.chosen': 'enteringInsuranceNumber', 'card.removed': 'cardRemoved', cancel: 'cancelled' },
            after: { METHOD_CHOICE: 'timedOut' },
          },

          choosingMethod: {
            on: {
              'method.face': { guard: 'faceAvailable', target: 'matchingFace' },
              ...pinOrVisual,
              ...cardStepExits,
            },
            after: { METHOD_CHOICE: 'timedOut' },
          },

          matchingFace: {
            invoke: {
              id: 'matchFace',
              src: 'matchFace',
              onDone: [
                { guard: 'faceMatched', actions: { type: 'identify', params: { method: 'face' } }, target: 'checkingCertificate' },
                { guard: 'faceAttemptsLeft', actions: 'countFaceAttempt', target: 'faceRetry' },
                { actions: 'countFaceAttempt', target: 'faceFailed' },
              ],
              // Every camera failure is a reader fault (3-1).
              onError: toOutage('readerFault'),
            },
            after: { FACE_CAPTURE: { actions: 'countFaceAttempt', target: 'faceFailed' } },
            on: { ...cardStepExits, 'camera.fault': toOutage('readerFault') },
          },

          faceRetry: {
            on: { 'face.retry': { guard: 'faceAvailable', target: 'matchingFace' }, 'method.pin': { guard: 'pinUsable', target: 'enteringPin' }, ...cardStepExits },
            after: { FACE_RETRY_PROMPT: 'timedOut' },
          },

          faceFailed: {
            on: { ...pinOrVisual, ...cardStepExits },
            after: { METHOD_CHOICE: 'timedOut' },
          },

          enteringPin: {
            invoke: {
              id: 'verifyPin',
              src: 'verifyPin',
              onDone: [
                { guard: 'pinVerified', actions: { type: 'identify', params: { method: 'pin' } }, target: 'checkingCertificate' },
                { guard: 'pinWrongWithTriesLeft', actions: 'storePinTries', target: 'pinWrong' },
                { actions: 'storePinTries', target: 'pinBlocked' },
              ],
              onError: [onFault('CARD_REMOVED', 'cardRemoved'), onFault('READER_UNAVAILABLE', toOutage('readerFault')), toOutage('cardDefect')],
            },
            after: { PIN_ENTRY: 'timedOut' },
            on: cardStepExits,
          },

          pinWrong: {
            after: { PIN_WRONG_DISPLAY: 'enteringPin' },
            on: { 'method.face': { guard: 'faceAvailable', target: 'matchingFace' }, ...cardStepExits },
          },

          pinBlocked: {
            // 6984: only the municipal office can reset the PIN. Never another try; face or 目視 may still identify.
            on: {
              'method.face': { guard: 'faceAvailable', target: 'matchingFace' },
              'method.visual': { guard: 'panelAttached', target: 'visualCheck' },
              'result.acknowledged': { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'pinBlocked' } } },
              ...cardStepExits,
            },
            after: { REFERRAL_DISPLAY: { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'pinBlocked' } } } },
          },

          visualCheck: {
            // 目視確認モード: staff compare the card photo with the patient on the staff panel.
            on: {
              'staff.approved': { actions: { type: 'identify', params: { method: 'visual' } }, target: 'checkingCertificate' },
              'staff.refused': { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'identityRefused' } } },
              'panel.detached': 'choosingMethod',
              ...cardStepExits,
            },
            after: { VISUAL_CHECK: 'timedOut' },
          },

          checkingCertificate: {
            always: [
              { guard: { type: 'standingIs', params: { standing: 'expiringSoon' } }, target: 'expiryNotice' },
              { guard: { type: 'standingIs', params: { standing: 'expiredInGrace' } }, target: 'graceNotice' },
              { target: 'askingConsent' },
            ],
          },

          expiryNotice: {
            on: { 'notice.acknowledged': 'askingConsent', ...cardStepExits },
            after: { NOTICE_DISPLAY: 'askingConsent' },
          },

          graceNotice: {
            // Expired within the 3-month grace: qualification only, so no consent screens.
            on: { 'notice.acknowledged': 'queryingEligibility', ...cardStepExits },
            after: { NOTICE_DISPLAY: 'queryingEligibility' },
          },

          askingConsent: {
            initial: 'medication',
            states: {
              medication: consentStep('medication', 'diagnosis'),
              diagnosis: consentStep('diagnosis', 'surgery'),
              surgery: consentStep('surgery', 'checkup'),
              checkup: consentStep('checkup', 'limitCertificate'),
              limitCertificate: consentStep('limitCertificate', 'answered'),
              answered: { type: 'final' },
            },
            onDone: 'queryingEligibility',
            on: { 'consent.skipAll': { target: 'queryingEligibility', actions: 'skipConsent' }, ...cardStepExits },
            after: { CONSENT: 'timedOut' },
          },

          queryingEligibility: {
            invoke: {
              id: 'queryEligibility',
              src: 'queryEligibility',
              input: ({ context }) => ({ identityMethod: context.visit.identityMethod ?? 'pin', consents: context.visit.consents }),
              onDone: [
                resultRoute(['eligible'], 'showingResult'),
                resultRoute(['invalid', 'noQualification'], 'outage', 'case2'),
                resultRoute(['certificateRefused'], 'outage', 'cardDefect'),
                { actions: 'storeEligibility', target: 'staffReview' },
              ],
              onError: [
                onFault('CARD_REMOVED', 'cardRemoved'),
                onFault('READER_UNAVAILABLE', toOutage('readerFault')),
                onFault('CARD_UNREADABLE', toOutage('cardDefect')),
                onFault('TERMINAL_FAULT', toOutage('terminalFault')),
                toOutage('networkDown'),
              ],
            },
            after: { QUERY: toOutage('networkDown') },
            on: cardStepExits,
          },

          enteringInsuranceNumber: {
            // 資格確認書 / 被保険者番号 (照会区分 2): staff type the numbers on the staff view.
            on: { 'staff.insuranceEntered': 'queryingByNumber', cancel: 'cancelled' },
            after: { STAFF_ENTRY: 'timedOut' },
          },

          queryingByNumber: {
            entry: { type: 'identify', params: { method: 'document' } },
            invoke: {
              id: 'queryByNumber',
              src: 'queryByNumber',
              input: ({ event }) => ({ search: (event as Extract<KioskEvent, { type: 'staff.insuranceEntered' }>).search }),
              onDone: [
                resultRoute(['eligible'], 'showingResult'),
                resultRoute(['invalid', 'noQualification'], 'outage', 'case2'),
                { actions: 'storeEligibility', target: 'staffReview' },
              ],
              onError: [onFault('TERMINAL_FAULT', toOutage('terminalFault')), toOutage('networkDown')],
            },
            after: { QUERY: toOutage('networkDown') },
            on: { cancel: 'cancelled' },
          },

          staffReview: {
            // 複数該当, 無効（新しい資格あり） and suspected wrong linkage go to staff; the patient screen shows no data.
            on: {
              'staff.confirmedCurrent': { target: 'showingResult', actions: 'settleCurrent' },
              'staff.toOutage': { target: 'outage', actions: 'enterOutageFromEvent' },
              cancel: 'cancelled',
            },
          },

          showingResult: {
            on: {
              'result.acknowledged': { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'completed' } } },
              'card.removed': { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'completed' } } },
            },
            after: { RESULT_DISPLAY: { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'completed' } } } },
          },

          outage: {
            // The MHLW fallback order (eligibility-and-outage.md §3.2), guided on the staff view.
            initial: 'guidance',
            states: {
              guidance: {
                on: {
                  'staff.proofShown': { guard: 'proofAllowed', target: 'settled', actions: 'settleProof' },
                  'staff.lookupRequested': { guard: 'lookupPossible', target: 'lookingUp' },
                  'staff.declarationStarted': 'declaration',
                  'staff.selfPay': { target: 'settled', actions: 'settleSelfPay' },
                  'staff.jobChangeReported': { guard: 'isCase2', actions: 'reportJobChange' },
                },
              },
              lookingUp: {
                invoke: {
                  id: 'outageLookup',
                  src: 'outageLookup',
                  input: ({ event }) => ({ items: (event as Extract<KioskEvent, { type: 'staff.lookupRequested' }>).items }),
                  onDone: [
                    { guard: { type: 'lookupIs', params: { outcome: 'found' } }, target: 'settled', actions: 'settleLookup' },
                    { guard: { type: 'lookupIs', params: { outcome: 'ambiguous' } }, target: 'choosingCandidate', actions: 'storeCandidates' },
                    { target: 'guidance' },
                  ],
                  onError: 'guidance',
                },
                after: { LOOKUP: 'guidance' },
              },
              choosingCandidate: {
                on: { 'staff.candidateChosen': { target: 'settled', actions: 'settleCandidate' }, 'staff.declarationStarted': 'declaration' },
              },
              declaration: {
                on: { 'staff.declarationSubmitted': { target: 'settled', actions: 'settleDeclaration' } },
              },
              settled: { type: 'final' },
            },
            onDone: { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'completed' } } },
            on: { cancel: 'cancelled' },
          },

          cardRemoved: { entry: { type: 'settleOutcome', params: { outcome: 'cardRemoved' } }, always: 'recording' },
          cancelled: { entry: { type: 'settleOutcome', params: { outcome: 'cancelled' } }, always: 'recording' },
          timedOut: { entry: { type: 'settleOutcome', params: { outcome: 'timedOut' } }, always: 'recording' },

          recording: {
            // The visit is on disk before the kiosk moves on.
            invoke: { id: 'persistVisit', src: 'persistVisit', input: ({ context }) => ({ visit: context.visit }), onDone: 'finishing', onError: 'storageFault' },
          },
          storageFault: { after: { STORAGE_RETRY: 'recording' } },

          finishing: {
            // 「カードをお取りください」; a card already gone goes straight back to standby.
            always: { guard: 'cardAbsent', target: 'standby' },
            on: { 'card.removed': 'standby' },
            after: { REMOVE_CARD: 'standby' },
          },
        },
      },
    },
  });
}

export type KioskMachine = ReturnType<typeof createKioskMachine>;
