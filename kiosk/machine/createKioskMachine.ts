import { assign, emit, forwardTo, sendTo, setup } from 'xstate';
import type { SmartphoneCheckInOutput } from './smartphone/SmartphoneCheckIn.ts';
import type { OutageCase } from '../protocol/OutageCase.ts';
import type { KioskEvent, KioskEmitted } from './KioskEvent.ts';
import { freshContext } from './KioskContext.ts';
import type { KioskFaultCode } from './KioskFault.ts';
import { kioskUpdates as update } from './kioskContextUpdates.ts';
import { kioskActors } from './kioskActors.ts';
import { kioskGuards } from './kioskGuards.ts';
import { KIOSK_TIMEOUTS } from './kioskTimeouts.ts';
import type { EligibilityOutcome } from '../protocol/EligibilityOutcome.ts';
import type { ConsentItem } from '../protocol/Consent.ts';
import type { KioskContext } from './KioskContext.ts';

/**
 * State tags: facts the screens and the runtime read from a snapshot (`snapshot.hasTag`) instead of
 * listing state names.
 * - methodChoice: the patient chooses how to prove identity (the screen shows the methods);
 * - showsPinTries / showsFaceAttempts: the screen says how many tries are left;
 * - identityStep: a step whose guards read PIN tries, face attempts or the certificate (model-test identity);
 * - cardFaceStep: reading the card face (or waiting for staff to type it) for the method chosen;
 * - certificateNotice: a renewal or grace notice; showsResult: the result screen;
 * - staffNeeded: staff must act at the terminal; showsCardPhoto: staff compare the card photo (目視確認);
 * - outage: an outage procedure; standby: no patient.
 */
export const KIOSK_TAGS = ['methodChoice', 'showsPinTries', 'showsFaceAttempts', 'identityStep', 'cardFaceStep', 'certificateNotice', 'showsResult', 'staffNeeded', 'showsCardPhoto', 'outage', 'standby'] as const;
export type KioskTag = (typeof KIOSK_TAGS)[number];

export const kioskMachineSetup = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
    emitted: {} as KioskEmitted,
    tags: {} as KioskTag,
  },
  actors: kioskActors,
  delays: KIOSK_TIMEOUTS,
  guards: kioskGuards,
  actions: {
    beginVisit: assign(update.beginVisit),
    clearVisit: assign(update.clearVisit),
    storeCardRead: assign(update.storeCardRead),
    enterOutage: assign(update.enterOutage),
    enterOutageFromEvent: assign(update.enterOutageFromEvent),
    choosePending: assign(update.choosePending),
    storeCardFaceIssue: assign(update.storeCardFaceIssue),
    clearCardFaceIssue: assign(update.clearCardFaceIssue),
    countFaceAttempt: assign(update.countFaceAttempt),
    identify: assign(update.identify),
    identifyByPhone: assign(update.identifyByPhone),
    storePinTries: assign(update.storePinTries),
    recordConsent: assign(update.recordConsent),
    recordMedicalConsent: assign(update.recordMedicalConsent),
    recordPrescriptionIssue: assign(update.recordPrescriptionIssue),
    recordMedicalSubsidy: assign(update.recordMedicalSubsidy),
    acceptRegistration: assign(update.acceptRegistration),
    recordChosenConsents: assign(update.recordChosenConsents),
    giveLimitConsent: assign(update.giveLimitConsent),
    skipConsent: assign(update.skipConsent),
    noteConsentNotAsked: assign(update.noteConsentNotAsked),
    noteCameraFailed: assign(update.noteCameraFailed),
    holdToleranceMatch: assign(update.holdToleranceMatch),
    dropCandidates: assign(update.dropCandidates),
    storeEligibility: assign(update.storeEligibility),
    settleCurrent: assign(update.settleCurrent),
    settleOutcome: assign(update.settleOutcome),
    settleProof: assign(update.settleProof),
    settleLookup: assign(update.settleLookup),
    storeCandidates: assign(update.storeCandidates),
    settleCandidate: assign(update.settleCandidate),
    settleDeclaration: assign(update.settleDeclaration),
    settleSelfPay: assign(update.settleSelfPay),
    reportJobChange: assign(update.reportJobChange),
    /** The smartphone branch hears the patient's touches and the smartphone reader's reports. */
    forwardToPhone: forwardTo('smartphoneCheckIn'),
    /** The smartphone reader went away: the branch ends in 3-1. */
    phoneReaderGone: sendTo('smartphoneCheckIn', { type: 'reader.detached' }),
    /** Tells the runtime to open the visit's record. */
    announceVisitStarted: emit({ type: 'visit.started' }),
    /** Tells the runtime that whatever visit was in progress is over (it releases the card). */
    announceVisitEnded: emit({ type: 'visit.ended' }),
  },
});

/**
 * One consent screen: its answer leads on, 「続ける」 restarts its wait, and a screen left alone times the
 * visit out. The grouping is the real readers' since 2024-10-07: 診療・薬剤・手術 on one screen (まとめて同意 /
 * 個別に選択), then 特定健診; 限度額 is no longer asked (giveLimitConsent).
 */
const consentScreen = (self: string, on: Record<string, unknown>) => ({
  on: { ...on, 'time.extended': { target: self, reenter: true } },
  after: { CONSENT: '#kiosk.visit.timedOut' },
});
const checkupsAnswered = { target: 'answered', actions: { type: 'recordConsent' as const, params: { item: 'checkups' as ConsentItem } } };

/** After consent (and 処方箋の発行形態): the PMH question where the clinic is so configured, else the query. */
const toMedicalSubsidy = [{ guard: 'asksMedicalSubsidy' as const, target: 'askingMedicalSubsidy' }, { target: 'queryingEligibility' }];

/** 「続ける」 on the 「続けますか？」 warning: the step is entered afresh, so its wait starts again. */
const extend = (self: string) => ({ 'time.extended': { target: self, reenter: true } });


/** Leaving for the outage procedure of one case. */
const toOutage = (outageCase: OutageCase) => ({ target: '#kiosk.visit.outage', actions: { type: 'enterOutage' as const, params: { outageCase } } });
const onFault = (code: KioskFaultCode, target: string | ReturnType<typeof toOutage>) =>
  typeof target === 'string' ? { guard: { type: 'faultIs' as const, params: { code } }, target } : { guard: { type: 'faultIs' as const, params: { code } }, ...target };

/** The camera failed while matching: PIN or 目視 carry on if either is possible, else the reader-fault procedure (3-1). */
const graceNoConsent = { type: 'noteConsentNotAsked' as const, params: { reason: 'certificateInGrace' as const } };

const cameraFailed = [{ guard: 'cameraFallback' as const, actions: 'noteCameraFailed' as const, target: 'choosingMethod' }, toOutage('readerFault')];

/** Where an eligibility answer of these kinds leads: the result screen, or an outage case. */
const resultRoute = (kinds: EligibilityOutcome['kind'][], target: 'showingResult' | 'outage', outageCase?: OutageCase) => ({
  guard: { type: 'resultIs' as const, params: { kinds } },
  actions: outageCase ? ['storeEligibility' as const, { type: 'enterOutage' as const, params: { outageCase } }] : ['storeEligibility' as const, 'settleCurrent' as const],
  target,
});

/** Where the smartphone branch's end leads (kiosk/machine/smartphone): an outcome, and for an outage its case. */
const phoneEnded = (outcome: SmartphoneCheckInOutput['outcome'], outageCase?: OutageCase) => ({ type: 'phoneEndedWith' as const, params: { outcome, outageCase } });
/** What the smartphone branch hears while it runs: the patient's touches and the smartphone reader's reports. */
const toPhoneBranch = { actions: 'forwardToPhone' as const };

/** Face matching and 目視確認 both need the card photo: they go through reading the card face first. */
const toFace = { guard: 'faceAvailable' as const, target: 'readingCardFace', actions: { type: 'choosePending' as const, params: { method: 'face' as const } } };
const toVisual = { guard: 'visualAvailable' as const, target: 'readingCardFace', actions: { type: 'choosePending' as const, params: { method: 'visual' as const } } };

/** PIN (or, once blocked, the referral) and 目視確認: offered at the method choice and after face matching failed. */
const pinOrVisual = {
  'method.pin': [
    { guard: 'pinUsable' as const, target: 'enteringPin' },
    { guard: 'pinIsBlocked' as const, target: 'pinBlocked' },
  ],
  'method.visual': toVisual,
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
          camera: { initial: 'ok', states: { ok: { on: { 'camera.fault': 'fault', 'camera.absent': 'absent' } }, fault: { on: { 'camera.recovered': 'ok' } }, absent: {} } },
          panel: { initial: 'attached', states: { attached: { on: { 'panel.detached': 'detached' } }, detached: { on: { 'panel.attached': 'attached' } } } },
          service: { initial: 'up', states: { up: { on: { 'service.down': 'down' } }, down: { on: { 'service.up': 'up' } } } },
          card: { initial: 'absent', states: { absent: { on: { 'card.inserted': 'present' } }, present: { on: { 'card.removed': 'absent', 'reader.detached': 'absent' } } } },
        },
      },
      // What the clinic's configuration says, told by the runtime at start: whether it issues 電子処方箋, whether it takes 受給者証 through PMH.
      clinic: {
        type: 'parallel',
        states: {
          prescriptions: { initial: 'paper', states: { paper: { on: { 'clinic.issuesElectronicPrescriptions': 'electronic' } }, electronic: {} } },
          medicalSubsidy: { initial: 'notAsked', states: { notAsked: { on: { 'clinic.asksMedicalSubsidy': 'asked' } }, asked: {} } },
        },
      },
      visit: {
        initial: 'standby',
        states: {
          standby: {
            tags: ['standby'],
            entry: ['clearVisit', 'announceVisitEnded'],
            on: {
              'card.inserted': { guard: 'readerOk', target: 'readingCard', actions: ['beginVisit', 'announceVisitStarted'] },
              'document.chosen': { target: 'enteringInsuranceNumber', actions: ['beginVisit', 'announceVisitStarted'] },
              // 「スマートフォン」: the smartphone マイナ保険証 on the second reader (docs/smartphone.md §6).
              'phone.chosen': { target: 'usingSmartphone', actions: ['beginVisit', 'announceVisitStarted'] },
              'staff.toOutage': { target: 'outage', actions: ['beginVisit', 'announceVisitStarted', 'enterOutageFromEvent'] },
            },
          },

          readingCard: {
            invoke: {
              id: 'readCard',
              src: 'readCard',
              onDone: [
                { guard: 'certificateBeyondGrace', actions: ['storeCardRead', { type: 'enterOutage', params: { outageCase: 'cardDefect' } }], target: 'outage' },
                // A 顔認証マイナンバーカード signs only for an authenticated reader; refused, this reader cannot check it in (3-1).
                { guard: 'faceAuthCardUnsigned', actions: ['storeCardRead', { type: 'enterOutage', params: { outageCase: 'readerFault' } }], target: 'outage' },
                { actions: 'storeCardRead', target: 'choosingMethod' },
              ],
              onError: [onFault('CARD_REMOVED', 'cardRemoved'), onFault('NOT_A_MYNA_CARD', 'notMynaCard'), onFault('READER_UNAVAILABLE', toOutage('readerFault')), toOutage('cardDefect')],
            },
            after: { CARD_READ: toOutage('cardDefect') },
            on: cardStepExits,
          },

          usingSmartphone: {
            // iPhone / Android, the Android PIN on this reader or Face ID on the iPhone, the tap on the smartphone
            // reader: a statechart of its own. Identified, the visit goes on to consent and the query (through
            // the phone's signature, confirmWithPhone); its failures end here as the card's do.
            invoke: {
              id: 'smartphoneCheckIn',
              src: 'smartphoneCheckIn',
              onDone: [
                { guard: phoneEnded('identified'), actions: 'identifyByPhone', target: 'decidingConsent' },
                { guard: phoneEnded('useCard'), target: 'awaitingCard' },
                { guard: phoneEnded('pinBlocked'), target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'pinBlocked' } } },
                // An expired phone credential (no grace) is 3-2, as an expired card certificate; the smartphone reader gone 3-1.
                { guard: phoneEnded('outage', 'cardDefect'), ...toOutage('cardDefect') },
                { guard: phoneEnded('outage', 'readerFault'), ...toOutage('readerFault') },
                { guard: phoneEnded('timedOut'), target: 'timedOut' },
                { target: 'cancelled' },
              ],
            },
            on: {
              'phone.kindChosen': toPhoneBranch,
              'phone.presented': toPhoneBranch,
              'phone.removed': toPhoneBranch,
              'phone.retry': toPhoneBranch,
              'phone.useCard': toPhoneBranch,
              'result.acknowledged': toPhoneBranch,
              cancel: toPhoneBranch,
              'phone.readerDetached': { actions: 'phoneReaderGone' as const },
            },
          },

          awaitingCard: {
            // The patient gave up on the phone (or laid a card on the smartphone reader): 「カードを置いてください」.
            on: { 'card.inserted': { guard: 'readerOk', target: 'readingCard' }, cancel: 'cancelled' },
            after: { METHOD_CHOICE: 'timedOut' },
          },

          notMynaCard: {
            on: { 'document.chosen': 'enteringInsuranceNumber', 'card.removed': 'cardRemoved', cancel: 'cancelled' },
            after: { METHOD_CHOICE: 'timedOut' },
          },

          choosingMethod: {
            tags: ['methodChoice', 'showsPinTries', 'identityStep'],
            on: {
              'method.face': toFace,
              ...pinOrVisual,
              ...extend('choosingMethod'),
              ...cardStepExits,
            },
            after: { METHOD_CHOICE: 'timedOut' },
          },

          readingCardFace: {
            tags: ['identityStep', 'cardFaceStep'],
            // 照合番号B from the card face (scanner, or the fields staff typed), then the photo and the 4 items.
            invoke: {
              id: 'readCardFace',
              src: 'readCardFace',
              input: ({ event }) => ({ entered: event.type === 'staff.cardFaceEntered' ? event.fields : null }),
              onDone: [
                { guard: { type: 'pendingIs', params: { method: 'face' } }, actions: 'clearCardFaceIssue', target: 'matchingFace' },
                { actions: 'clearCardFaceIssue', target: 'visualCheck' },
              ],
              onError: [
                onFault('CARD_REMOVED', 'cardRemoved'),
                { guard: { type: 'faultIs', params: { code: 'CARD_FACE_UNREADABLE' } }, actions: 'storeCardFaceIssue', target: 'enteringCardFace' },
                onFault('READER_UNAVAILABLE', toOutage('readerFault')),
                toOutage('cardDefect'),
              ],
            },
            after: { CARD_READ: toOutage('cardDefect') },
            on: cardStepExits,
          },

          enteringCardFace: {
            tags: ['staffNeeded', 'identityStep', 'cardFaceStep', 'showsPinTries'],
            // The card face gave no 照合番号B: staff type 生年月日, 有効期限 and セキュリティコード off the card.
            on: {
              'staff.cardFaceEntered': 'readingCardFace',
              'method.pin': { guard: 'pinUsable', target: 'enteringPin' },
              ...cardStepExits,
            },
            after: { STAFF_ENTRY: 'timedOut' },
          },

          matchingFace: {
            tags: ['showsFaceAttempts', 'identityStep'],
            invoke: {
              id: 'matchFace',
              src: 'matchFace',
              onDone: [
                { guard: 'faceMatched', actions: { type: 'identify', params: { method: 'face' } }, target: 'checkingCertificate' },
                { guard: 'faceAttemptsLeft', actions: 'countFaceAttempt', target: 'faceRetry' },
                { actions: 'countFaceAttempt', target: 'faceFailed' },
              ],
              // Every camera failure is the camera's: the patient carries on by PIN or 目視 where possible (as at standby).
              onError: cameraFailed,
            },
            after: { FACE_CAPTURE: { actions: 'countFaceAttempt', target: 'faceFailed' } },
            on: { ...cardStepExits, 'method.back': 'choosingMethod', 'camera.fault': cameraFailed },
          },

          faceRetry: {
            tags: ['methodChoice', 'showsFaceAttempts', 'identityStep'],
            on: {
              'face.retry': { guard: 'faceAvailable', target: 'matchingFace' },
              'method.pin': { guard: 'pinUsable', target: 'enteringPin' },
              'method.back': 'choosingMethod',
              ...extend('faceRetry'),
              ...cardStepExits,
            },
            after: { FACE_RETRY_PROMPT: 'timedOut' },
          },

          faceFailed: {
            tags: ['methodChoice', 'showsPinTries', 'showsFaceAttempts', 'identityStep'],
            on: { ...pinOrVisual, ...extend('faceFailed'), ...cardStepExits },
            after: { METHOD_CHOICE: 'timedOut' },
          },

          enteringPin: {
            tags: ['showsPinTries', 'identityStep'],
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
            on: { 'method.back': 'choosingMethod', ...cardStepExits },
          },

          pinWrong: {
            tags: ['showsPinTries', 'identityStep'],
            after: { PIN_WRONG_DISPLAY: 'enteringPin' },
            on: { 'method.face': toFace, ...cardStepExits },
          },

          pinBlocked: {
            tags: ['methodChoice', 'showsPinTries', 'identityStep'],
            // 6984: only the municipal office can reset the PIN. Never another try; face or 目視 may still identify.
            on: {
              'method.face': toFace,
              'method.visual': toVisual,
              'result.acknowledged': { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'pinBlocked' } } },
              ...cardStepExits,
            },
            after: { REFERRAL_DISPLAY: { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'pinBlocked' } } } },
          },

          visualCheck: {
            tags: ['staffNeeded', 'identityStep', 'showsCardPhoto'],
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
              { target: 'decidingConsent' },
            ],
          },

          expiryNotice: {
            tags: ['certificateNotice'],
            on: { 'notice.acknowledged': 'decidingConsent', ...cardStepExits },
            after: { NOTICE_DISPLAY: 'decidingConsent' },
          },

          graceNotice: {
            tags: ['certificateNotice'],
            // Expired within the 3-month grace: qualification only, so no consent screens.
            on: { 'notice.acknowledged': { target: 'queryingEligibility', actions: graceNoConsent }, ...cardStepExits },
            after: { NOTICE_DISPLAY: { target: 'queryingEligibility', actions: graceNoConsent } },
          },

          decidingConsent: {
            // The banner already says the service is down: asking for consent it cannot record would only delay the outage procedure.
            always: [
              { guard: 'serviceDown', target: 'queryingEligibility', actions: { type: 'noteConsentNotAsked', params: { reason: 'serviceDown' } } },
              { target: 'askingConsent', actions: 'giveLimitConsent' },
            ],
          },

          askingConsent: {
            initial: 'medical',
            states: {
              medical: consentScreen('medical', { 'consent.answered': { target: 'checkups', actions: 'recordMedicalConsent' }, 'consent.chooseEach': 'medicalEach' }),
              medicalEach: consentScreen('medicalEach', { 'consent.itemsChosen': { target: 'checkups', actions: 'recordChosenConsents' } }),
              checkups: consentScreen('checkups', { 'consent.answered': checkupsAnswered }),
              answered: { type: 'final' },
            },
            onDone: [{ guard: 'asksPrescriptionIssue', target: 'choosingPrescription' }, ...toMedicalSubsidy],
            on: { 'consent.skipAll': { target: 'queryingEligibility', actions: 'skipConsent' }, ...cardStepExits },
          },

          choosingPrescription: {
            // 処方箋の発行形態 (where the clinic issues 電子処方箋): 「電子処方箋」 / 「紙の処方箋」, sent as prescriptionIssueSelect.
            on: { 'prescription.chosen': toMedicalSubsidy.map((t) => ({ ...t, actions: 'recordPrescriptionIssue' as const })), ...extend('choosingPrescription'), ...cardStepExits },
            after: { CONSENT: 'timedOut' },
          },

          askingMedicalSubsidy: {
            // 「医療費助成の各種受給者証を利用しますか」 (where the clinic takes 受給者証 through PMH): sent as medicalSubsidy.
            on: { 'medicalSubsidy.answered': { target: 'queryingEligibility', actions: 'recordMedicalSubsidy' }, ...extend('askingMedicalSubsidy'), ...cardStepExits },
            after: { CONSENT: 'timedOut' },
          },

          queryingEligibility: {
            invoke: {
              id: 'queryEligibility',
              src: 'queryEligibility',
              input: ({ context }) => ({ identityMethod: context.visit.identityMethod ?? 'pin', consents: context.visit.consents, prescriptionIssue: context.visit.prescriptionIssue, medicalSubsidy: context.visit.medicalSubsidy, registerInsuranceUse: context.visit.registerInsuranceUse }),
              onDone: [
                resultRoute(['eligible'], 'showingResult'),
                // E05 on a card: 「この場で利用登録する」 first (real readers offer it); declined, or already tried, case 2.
                { guard: 'registrationOffered', actions: 'storeEligibility', target: 'offeringRegistration' },
                resultRoute(['invalid', 'noQualification', 'notRegistered'], 'outage', 'case2'),
                resultRoute(['certificateRefused'], 'outage', 'cardDefect'),
                resultRoute(['readerRefused'], 'outage', 'readerFault'),
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

          offeringRegistration: {
            // 利用登録なし (E05): the card holder may register the card for 保険証 use here; the query is sent again with registerInsuranceUse.
            on: {
              'registration.accepted': { target: 'queryingEligibility', actions: 'acceptRegistration' },
              'registration.declined': toOutage('case2'),
              ...extend('offeringRegistration'),
              ...cardStepExits,
            },
            after: { CONSENT: 'timedOut' },
          },

          enteringInsuranceNumber: {
            tags: ['staffNeeded'],
            // 資格確認書 / 被保険者番号 (照会区分 2): staff type the numbers on the staff view.
            // The document must be accepted on the visit's day (kiosk/protocol/counterRules.json).
            on: { 'staff.insuranceEntered': { guard: 'numberDocumentAccepted', target: 'queryingByNumber' }, cancel: 'cancelled' },
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
                // No qualification under these numbers is most often a typing slip: staff type them again first.
                { guard: { type: 'resultIs', params: { kinds: ['noQualification'] } }, actions: 'storeEligibility', target: 'insuranceNumberNotFound' },
                resultRoute(['invalid'], 'outage', 'case2'),
                { actions: 'storeEligibility', target: 'staffReview' },
              ],
              onError: [onFault('TERMINAL_FAULT', toOutage('terminalFault')), toOutage('networkDown')],
            },
            after: { QUERY: toOutage('networkDown') },
            on: { cancel: 'cancelled' },
          },

          insuranceNumberNotFound: {
            tags: ['staffNeeded'],
            // 「入力し直す」 (the form keeps what was typed), or the case-2 procedure once the numbers are right.
            on: {
              'staff.insuranceEntered': 'queryingByNumber',
              'staff.toOutage': { target: 'outage', actions: 'enterOutageFromEvent' },
              cancel: 'cancelled',
            },
            after: { STAFF_ENTRY: 'timedOut' },
          },

          staffReview: {
            tags: ['staffNeeded'],
            // 複数該当, 無効（新しい資格あり） and suspected wrong linkage go to staff; the patient screen shows no data.
            on: {
              'staff.confirmedCurrent': { target: 'showingResult', actions: 'settleCurrent' },
              // 複数該当: staff asked the patient which qualification is theirs.
              'staff.candidateChosen': { target: 'showingResult', actions: 'settleCandidate' },
              'staff.toOutage': { target: 'outage', actions: 'enterOutageFromEvent' },
              cancel: 'cancelled',
            },
          },

          showingResult: {
            tags: ['showsResult'],
            on: {
              'result.acknowledged': { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'completed' } } },
              'card.removed': { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'completed' } } },
              ...extend('showingResult'),
            },
            after: { RESULT_DISPLAY: { target: 'recording', actions: { type: 'settleOutcome', params: { outcome: 'completed' } } } },
          },

          outage: {
            tags: ['outage'],
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
                    // A match that relied on a tolerance (●, 異体字, kana, address notation) waits until staff have asked the patient.
                    { guard: 'lookupNeedsConfirmation', target: 'confirmingMatch', actions: 'holdToleranceMatch' },
                    { guard: { type: 'lookupIs', params: { outcome: 'found' } }, target: 'settled', actions: 'settleLookup' },
                    { guard: { type: 'lookupIs', params: { outcome: 'ambiguous' } }, target: 'choosingCandidate', actions: 'storeCandidates' },
                    { target: 'guidance' },
                  ],
                  onError: 'guidance',
                },
                after: { LOOKUP: 'guidance' },
              },
              confirmingMatch: {
                // 「口頭で確認してください」: the patient confirms name and address before the claim goes on this qualification.
                on: { 'staff.matchConfirmed': { target: 'settled', actions: 'settleCandidate' }, 'staff.back': { target: 'guidance', actions: 'dropCandidates' } },
              },
              choosingCandidate: {
                on: {
                  'staff.candidateChosen': { target: 'settled', actions: 'settleCandidate' },
                  'staff.declarationStarted': 'declaration',
                  'staff.back': { target: 'guidance', actions: 'dropCandidates' },
                },
              },
              declaration: {
                on: { 'staff.declarationSubmitted': { target: 'settled', actions: 'settleDeclaration' }, 'staff.back': 'guidance' },
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
