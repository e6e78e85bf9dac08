import type { OutageCase } from '../protocol/OutageCase.ts';
import type { SmartphoneCheckInOutput } from './smartphone/SmartphoneCheckIn.ts';
import { and, not, or, stateIn } from 'xstate';
import type { CertificateStanding } from '../../jpki/CertificateStanding.ts';
import type { EligibilityOutcome, LookupOutcome } from '../protocol/EligibilityOutcome.ts';
import { COUNTER_RULES, counterAccepts, type CounterDocument } from '../protocol/CounterRules.ts';
import { mynaPortalAllowed, SERVICE_REACHABLE } from '../protocol/OutageCase.ts';
import type { FaceOutcome, PinOutcome, ReadCardOutput } from './ActorOutputs.ts';
import type { KioskContext } from './KioskContext.ts';
import type { KioskEvent } from './KioskEvent.ts';
import { faultCodeOf, type KioskFaultCode } from './KioskFault.ts';
import { MAX_FACE_ATTEMPTS } from './kioskTimeouts.ts';

interface GuardArgs {
  context: KioskContext;
  event: KioskEvent;
}

/** An actor's result, on its xstate.done.actor event. */
const outputOf = <T>(event: KioskEvent) => (event as unknown as { output: T }).output;

/** Whether the PIN can still be tried (the screens ask the same guard, so they never offer what the chart refuses). */
export function pinUsable({ context }: { context: KioskContext }): boolean {
  return context.pinTriesLeft !== null && context.pinTriesLeft > 0;
}

/**
 * Whether the counter takes `document` on the event's day (the runtime stamps its clock's day). An event
 * with no day (a scripted test) is judged by the open-ended rules alone, so it never depends on today's date.
 */
function acceptedOnEventDay(document: CounterDocument, day: string | undefined, serviceReachable: boolean): boolean {
  if (day !== undefined) return counterAccepts(document, day, { serviceReachable });
  return COUNTER_RULES.some((r) => r.document === document && r.to === null && (!r.needsQuery || serviceReachable));
}

/** Every condition the statechart branches on, by name; `createKioskMachine` refers to them as strings. */
export const kioskGuards = {
  /** How the smartphone branch ended (and, for an outage, in which case). */
  phoneEndedWith: ({ event }: GuardArgs, params: { outcome: SmartphoneCheckInOutput['outcome']; outageCase?: OutageCase | undefined }): boolean => {
    const out = outputOf<SmartphoneCheckInOutput>(event);
    return out.outcome === params.outcome && (params.outageCase === undefined || (out.outcome === 'outage' && out.outageCase === params.outageCase));
  },
  readerOk: stateIn('#kiosk.health.reader.ok'),
  cameraOk: stateIn('#kiosk.health.camera.ok'),
  panelAttached: stateIn('#kiosk.health.panel.attached'),
  cardAbsent: stateIn('#kiosk.health.card.absent'),
  serviceDown: stateIn('#kiosk.health.service.down'),
  /** The clinic issues 電子処方箋 (kiosk configuration): the reader asks 処方箋の発行形態 after consent. */
  /** E05 (利用登録なし) on a card visit not yet offered it: the reader offers 利用登録 on the spot (a phone's signature was for one challenge only). */
  registrationOffered: and([({ context, event }: GuardArgs) => outputOf<EligibilityOutcome>(event).kind === 'notRegistered' && !context.visit.registerInsuranceUse, stateIn('#kiosk.health.card.present')]),
  asksPrescriptionIssue: stateIn('#kiosk.clinic.prescriptions.electronic'),
  /** The clinic takes 受給者証 through PMH (kiosk configuration): the reader asks 「医療費助成の各種受給者証を利用しますか」. */
  asksMedicalSubsidy: stateIn('#kiosk.clinic.medicalSubsidy.asked'),
  cameraFailedThisVisit: ({ context }: GuardArgs) => context.cameraFailed,
  faultIs: ({ event }: GuardArgs, params: { code: KioskFaultCode }) => 'error' in event && faultCodeOf((event as { error: unknown }).error) === params.code,
  certificateBeyondGrace: ({ event }: GuardArgs) => outputOf<ReadCardOutput>(event).certificateStanding === 'expiredBeyondGrace',
  faceMatched: ({ event }: GuardArgs) => outputOf<FaceOutcome>(event).outcome === 'match',
  faceAttemptsLeft: ({ context }: GuardArgs) => context.faceAttempts + 1 < MAX_FACE_ATTEMPTS,
  canTryFaceAgain: ({ context }: GuardArgs) => context.faceAttempts < MAX_FACE_ATTEMPTS,
  /** The card will sign without the PIN for this reader: face and 目視 prove the card is present only so. */
  readerVouches: ({ context }: GuardArgs) => context.signsWithoutPin,
  /** A 顔認証マイナンバーカード (no PIN) the reader cannot have sign: nothing can identify the holder here. */
  faceAuthCardUnsigned: ({ event }: GuardArgs) => {
    const out = outputOf<ReadCardOutput>(event);
    return out.pinTriesLeft === null && !out.signsWithoutPin;
  },
  /** Face matching is offered while the camera works (and has not failed this visit), the attempts are not used up, and the card will sign. */
  faceAvailable: and(['cameraOk', not('cameraFailedThisVisit'), 'canTryFaceAgain', 'readerVouches']),
  /** 目視確認 needs the staff panel (or the staff view) and a card that will sign without the PIN. */
  visualAvailable: and(['panelAttached', 'readerVouches']),
  pinUsable,
  /** After a camera failure the visit goes on if the PIN or 目視 can still identify the patient. */
  cameraFallback: or(['pinUsable', 'visualAvailable']),
  pinIsBlocked: ({ context }: GuardArgs) => context.pinTriesLeft === 0,
  pinVerified: ({ event }: GuardArgs) => outputOf<PinOutcome>(event).outcome === 'verified',
  pinWrongWithTriesLeft: ({ event }: GuardArgs) => {
    const out = outputOf<PinOutcome>(event);
    return out.outcome === 'wrong' && out.triesLeft > 0;
  },
  standingIs: ({ context }: GuardArgs, params: { standing: CertificateStanding }) => context.certificateStanding === params.standing,
  resultIs: ({ event }: GuardArgs, params: { kinds: EligibilityOutcome['kind'][] }) => params.kinds.includes(outputOf<EligibilityOutcome>(event).kind),
  lookupIs: ({ event }: GuardArgs, params: { outcome: LookupOutcome['outcome'] }) => outputOf<LookupOutcome>(event).outcome === params.outcome,
  lookupNeedsConfirmation: ({ event }: GuardArgs) => {
    const out = outputOf<LookupOutcome>(event);
    return out.outcome === 'found' && out.toleranceUsed;
  },
  proofAllowed: ({ context, event }: GuardArgs) =>
    event.type === 'staff.proofShown' &&
    (event.proof !== 'mynaPortal' || (context.outageCase !== null && mynaPortalAllowed(context.outageCase))) &&
    acceptedOnEventDay(event.proof, event.day, context.outageCase === null || SERVICE_REACHABLE[context.outageCase]),
  /** The document staff typed the numbers from is accepted on the visit's day (a query follows, so the service must be up). */
  numberDocumentAccepted: ({ event }: GuardArgs) => event.type === 'staff.insuranceEntered' && acceptedOnEventDay(event.document ?? 'qualificationCertificate', event.day, true),
  lookupPossible: ({ context }: GuardArgs) => context.outageCase !== null && SERVICE_REACHABLE[context.outageCase],
  isCase2: ({ context }: GuardArgs) => context.outageCase === 'case2',
  pendingIs: ({ context }: GuardArgs, params: { method: 'face' | 'visual' }) => context.pendingMethod === params.method,
};
