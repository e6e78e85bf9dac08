import type { SmartphoneCheckInOutput } from './smartphone/SmartphoneCheckIn.ts';
import type { ConsentItem } from '../protocol/Consent.ts';
import type { EligibilityOutcome, LookupOutcome } from '../protocol/EligibilityOutcome.ts';
import type { IdentityMethod } from '../protocol/IdentityMethod.ts';
import { SERVICE_REACHABLE, type OutageCase } from '../protocol/OutageCase.ts';
import type { Declaration, MedicalConsentChoices, OwnProof, QualificationNumbers } from '../protocol/UiEvent.ts';
import { unknownInsurerNumber, type VisitOutcome } from '../protocol/VisitDraft.ts';
import type { PinOutcome, ReadCardOutput } from './ActorOutputs.ts';
import { freshContext, type KioskContext } from './KioskContext.ts';
import type { KioskEvent } from './KioskEvent.ts';
import { KioskFault } from './KioskFault.ts';
import { outageCauseOf } from './outageCauseOf.ts';

interface ActionArgs {
  context: KioskContext;
  event: KioskEvent;
}

const outputOf = <T>(event: KioskEvent) => (event as unknown as { output: T }).output;

/**
 * Every change the statechart makes to its context, as pure functions of (context, event, params):
 * createKioskMachine wraps each in xstate's `assign` under the same name.
 */
export const kioskUpdates = {
  /** A patient starts: nothing of the previous one is left. */
  beginVisit: (): Partial<KioskContext> => freshContext(true),
  /** Back in standby, the context cleared. */
  clearVisit: (): Partial<KioskContext> => freshContext(false),
  storeCardRead: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const out = outputOf<ReadCardOutput>(event);
    return {
      certificateStanding: out.certificateStanding,
      pinTriesLeft: out.pinTriesLeft,
      signsWithoutPin: out.signsWithoutPin,
      visit: { ...context.visit, certificateStanding: out.certificateStanding, pinBlocked: out.pinTriesLeft === 0 },
    };
  }),
  enterOutage: (({ context, event }: ActionArgs, params: { outageCase: OutageCase }): Partial<KioskContext> => ({
    outageCase: params.outageCase,
    visit: { ...context.visit, outageCase: params.outageCase, outageCause: outageCauseOf(event, params.outageCase) },
  })),
  enterOutageFromEvent: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const outageCase = event.type === 'staff.toOutage' ? event.outageCase : 'terminalFault';
    return { outageCase, visit: { ...context.visit, started: true, outageCase, outageCause: outageCauseOf(event, outageCase) } };
  }),
  choosePending: (({ context }: ActionArgs, params: { method: 'face' | 'visual' }): Partial<KioskContext> => ({ pendingMethod: params.method, visit: { ...context.visit } })),
  storeCardFaceIssue: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const error = (event as { error?: unknown }).error;
    return { visit: { ...context.visit, cardFaceIssue: error instanceof KioskFault && error.cardFace ? error.cardFace : { reason: 'unreadable', field: null, message: error instanceof Error ? error.message : String(error) } } };
  }),
  clearCardFaceIssue: (({ context }: ActionArgs): Partial<KioskContext> => ({ visit: { ...context.visit, cardFaceIssue: null } })),
  countFaceAttempt: (({ context }: ActionArgs): Partial<KioskContext> => ({ faceAttempts: context.faceAttempts + 1 })),
  noteCameraFailed: (): Partial<KioskContext> => ({ cameraFailed: true }),
  identify: (({ context }: ActionArgs, params: { method: IdentityMethod }): Partial<KioskContext> => ({ visit: { ...context.visit, identityMethod: params.method } })),
  /** The smartphone branch identified the holder: Android by its PIN (pin), iPhone by Face ID on the phone (device). */
  identifyByPhone: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const out = outputOf<SmartphoneCheckInOutput>(event);
    return { visit: { ...context.visit, identityMethod: out.outcome === 'identified' ? out.identityMethod : null } };
  }),
  storePinTries: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const out = outputOf<PinOutcome>(event);
    const pinTriesLeft = out.outcome === 'wrong' ? out.triesLeft : out.outcome === 'blocked' ? 0 : null;
    return { pinTriesLeft, visit: { ...context.visit, pinBlocked: context.visit.pinBlocked || pinTriesLeft === 0 } };
  }),
  recordConsent: (({ context, event }: ActionArgs, params: { item: ConsentItem }): Partial<KioskContext> => ({
    visit: { ...context.visit, consents: { ...context.visit.consents, [params.item]: event.type === 'consent.answered' && event.agree } },
  })),
  /** 「電子処方箋」 / 「紙の処方箋」 on the 処方箋の発行形態 screen. */
  recordPrescriptionIssue: (({ context, event }: ActionArgs): Partial<KioskContext> => ({
    visit: { ...context.visit, prescriptionIssue: event.type === 'prescription.chosen' ? event.issue : null },
  })),
  /** 「この場で利用登録する」 after E05: the query goes again, registering the card holder for 保険証 use. */
  acceptRegistration: (({ context }: ActionArgs): Partial<KioskContext> => ({ visit: { ...context.visit, registerInsuranceUse: true } })),
  /** 「はい」 / 「いいえ」 on the 医療費助成 screen. */
  recordMedicalSubsidy: (({ context, event }: ActionArgs): Partial<KioskContext> => ({
    visit: { ...context.visit, medicalSubsidy: event.type === 'medicalSubsidy.answered' ? (event.use ? 'use' : 'decline') : null },
  })),
  /** まとめて同意 / 同意しない on the 診療・薬剤・手術 screen: one answer for the three. */
  recordMedicalConsent: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const agree = event.type === 'consent.answered' && event.agree;
    return { visit: { ...context.visit, consents: { ...context.visit.consents, pharmacy: agree, diagnosis: agree, operation: agree } } };
  }),
  /** 個別に選択: each of 診療・薬剤・手術 answered on its own. */
  recordChosenConsents: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const choices: MedicalConsentChoices = event.type === 'consent.itemsChosen' ? event.choices : { pharmacy: false, diagnosis: false, operation: false };
    return { visit: { ...context.visit, consents: { ...context.visit.consents, ...choices } } };
  }),
  /**
   * 限度額適用認定証関連情報 is not asked since the release of 2024-10-07 (its provision is part of 電子資格確認
   * by law, not 要配慮個人情報; 医療保険部会 第175回 資料): given whenever the card is checked with consent.
   */
  giveLimitConsent: (({ context }: ActionArgs): Partial<KioskContext> => ({ visit: { ...context.visit, consents: { ...context.visit.consents, limitApplication: true } } })),
  skipConsent: (({ context }: ActionArgs): Partial<KioskContext> => ({ visit: { ...context.visit, consentSkipped: true } })),
  noteConsentNotAsked: (({ context }: ActionArgs, params: { reason: 'serviceDown' | 'certificateInGrace' }): Partial<KioskContext> => ({ visit: { ...context.visit, consentNotAsked: params.reason } })),
  storeEligibility: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const outcome = outputOf<EligibilityOutcome>(event);
    return { visit: { ...context.visit, eligibility: outcome, ...(outcome.candidates?.length ? { candidates: outcome.candidates } : {}) } };
  }),
  settleCurrent: (({ context }: ActionArgs): Partial<KioskContext> => ({
    visit: {
      ...context.visit,
      claimRoute: 'current' as const,
      claimInsurerNumber: context.visit.eligibility?.summary?.insurerNumber ?? null,
      copayPercent: context.visit.eligibility?.summary?.copayPercent ?? null,
    },
  })),
  settleOutcome: (({ context }: ActionArgs, params: { outcome: VisitOutcome }): Partial<KioskContext> => ({ visit: { ...context.visit, outcome: context.visit.outcome ?? params.outcome } })),
  settleProof: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const { proof, numbers } = event as unknown as { proof: OwnProof; numbers: QualificationNumbers };
    // The patient's own proof shows the current qualification: normal share (3割等), claimed on the numbers it carries.
    return {
      visit: {
        ...context.visit,
        ownProof: proof,
        proofNumbers: numbers,
        copayPercent: 30,
        claimRoute: 'current' as const,
        claimInsurerNumber: numbers.insurerNumber,
        pendingRecheck: !SERVICE_REACHABLE[context.outageCase ?? 'terminalFault'],
      },
    };
  }),
  settleLookup: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const out = outputOf<LookupOutcome>(event);
    if (out.outcome !== 'found') return {};
    return { visit: { ...context.visit, lookupToleranceUsed: out.toleranceUsed, eligibility: { kind: 'eligible' as const, summary: out.summary }, claimRoute: 'current' as const, claimInsurerNumber: out.summary.insurerNumber, copayPercent: out.summary.copayPercent ?? 30 } };
  }),
  /** A single match that needed a tolerance: held until staff have asked the patient (staff.matchConfirmed). */
  holdToleranceMatch: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const out = outputOf<LookupOutcome>(event);
    return out.outcome === 'found' ? { visit: { ...context.visit, candidates: [out.summary], lookupToleranceUsed: true } } : {};
  }),
  /** Staff went back from a held match or a candidate list: nothing of it stays. */
  dropCandidates: (({ context }: ActionArgs): Partial<KioskContext> => ({ visit: { ...context.visit, candidates: [], lookupToleranceUsed: false } })),
  storeCandidates: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const out = outputOf<LookupOutcome>(event);
    return out.outcome === 'ambiguous' ? { visit: { ...context.visit, candidates: out.summaries, eligibility: { kind: 'multiple' as const, summary: null } } } : {};
  }),
  settleCandidate: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    // Staff asked the patient and chose one candidate; an index out of range keeps the first.
    const index = event.type === 'staff.candidateChosen' ? event.index : 0;
    const chosen = context.visit.candidates[index] ?? context.visit.candidates[0] ?? context.visit.eligibility?.summary ?? null;
    return {
      visit: { ...context.visit, eligibility: { kind: 'eligible' as const, summary: chosen }, claimRoute: 'current' as const, claimInsurerNumber: chosen?.insurerNumber ?? null, copayPercent: chosen?.copayPercent ?? 30 },
    };
  }),
  settleDeclaration: (({ context, event }: ActionArgs): Partial<KioskContext> => {
    const declaration = (event as { declaration: Declaration }).declaration;
    // A past qualification known from the 無効 result: 旧資格請求. Otherwise 不詳 with 7s.
    const past = context.visit.eligibility?.summary?.insurerNumber;
    const route = past ? ('past' as const) : ('unknown' as const);
    return { visit: { ...context.visit, copayPercent: declaration.copayPercent, claimRoute: route, claimInsurerNumber: past ?? unknownInsurerNumber(declaration), pendingRecheck: true } };
  }),
  settleSelfPay: (({ context }: ActionArgs): Partial<KioskContext> => ({ visit: { ...context.visit, copayPercent: 100, claimRoute: 'none' as const, claimInsurerNumber: null, pendingRecheck: false } })),
  reportJobChange: (({ context }: ActionArgs): Partial<KioskContext> => ({ outageCase: 'case1' as const, visit: { ...context.visit, outageCase: 'case1' as const, outageCause: 'jobChange' as const } })),
};
