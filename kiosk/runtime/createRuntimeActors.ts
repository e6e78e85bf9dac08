import { confirmWithPhone } from './createPhoneActors.ts';
import type { PhoneSessionSlot } from './PhoneSession.ts';
import { fromPromise } from 'xstate';
import { isCardError, type CardErrorCode } from '../../device/card/CardError.ts';
import type { CardReader } from '../../device/card/CardReader.ts';
import type { KioskDevices } from '../../device/kiosk/KioskDevices.ts';
import { forgetSession, queryPinTries, verifyPin } from '../../device/mynacard/index.ts';
import { readCardSession, CARD_FACE_SCAN_MS } from './readCardSession.ts';
import { confirmCardSession } from './confirmCardSession.ts';
import type { DatedCertificateStanding } from '../../jpki/CertificateStanding.ts';
import { normalizeSerial } from '../../jpki/certificateSerial.ts';
import { classifyCertificateDates } from '../../jpki/classifyCertificateDates.ts';
import { isServiceError, type EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';
import type { FaceOutcome, PinOutcome, ReadCardOutput } from '../machine/ActorOutputs.ts';
import type { QueryEligibilityInput } from '../machine/KioskContext.ts';
import { KioskFault } from '../machine/KioskFault.ts';
import { KIOSK_TIMEOUTS } from '../machine/kioskTimeouts.ts';
import { CONSENT_ITEMS, type ConsentChoice } from '../protocol/Consent.ts';
import type { EligibilityOutcome, LookupOutcome } from '../protocol/EligibilityOutcome.ts';
import type { CardFaceFields, CardFaceItems, InsuranceNumberSearch } from '../protocol/UiEvent.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';
import type { CardSession } from './CardSession.ts';
import type { CardSessionSlot } from './CardSessionSlot.ts';
import type { PinPad } from './PinPad.ts';
import { readPhotoThroughCardFace, scanCardFace } from './readPhotoThroughCardFace.ts';
import { summarise, toEligibilityOutcome } from './toEligibilityOutcome.ts';
import { toKioskFault } from './toKioskFault.ts';
import type { VisitLedger } from './VisitLedger.ts';
import type { ReaderRegistration } from './ReaderRegistration.ts';

/** Transport hiccups worth another try before the chip counts as defective (3-2). Our choice: 3 attempts. */
const READ_ATTEMPTS = 3;
/** How long a dropped connection may stay down during a query before the kiosk gives up on it (our choice). */
const OFFLINE_GRACE_MS = 3_000;
const TRANSIENT: readonly CardErrorCode[] = ['COMM', 'NOT_TRANSACTED', 'MALFORMED_RESPONSE', 'UNEXPECTED_STATUS', 'TIMEOUT', 'RESET', 'UNRESPONSIVE_CARD', 'PCSC_FAILURE', 'SHARING_VIOLATION'];

export interface RuntimeActorDeps {
  devices: KioskDevices;
  client: EligibilityClient;
  pinPad: PinPad;
  now: () => Date;
  /** The open visit's record: the actors note the card and close the visit through it. */
  ledger: VisitLedger;
  /** The card of the visit in progress, from readCard to the query. */
  card: CardSessionSlot;
  /** Who is at the terminal, for the システム障害時モード request (the call-centre step). */
  contactPerson: string;
  /** How long a service call may take, retries included; shorter than the machine's QUERY / LOOKUP waits. */
  deadlines?: { queryMs: number; lookupMs: number };
  /** This kiosk's reader as the service registered it (the id for every attestation). */
  registration: ReaderRegistration;
  /** The phone of a smartphone visit (read and signed during its tap): the query goes through its signature. */
  phone?: PhoneSessionSlot;
}

/** The service refused the reader's key itself (revoked, or another clinic's): this reader cannot check anyone in (3-1). */
const READER_KEY_CODES: readonly string[] = ['READER_KEY_REFUSED', 'READER_KEY_INVALID'];

function standingOf(notBefore: Date, notAfter: Date, now: Date): DatedCertificateStanding {
  const standing = classifyCertificateDates(notBefore, notAfter, now);
  return standing === 'notYetValid' ? 'expiredBeyondGrace' : standing;
}

/** The consents answered at the reader; an item not asked (consent skipped) is not given. */
/** 処方箋の発行形態 as the confirmation carries it: 1 電子処方箋, 2 紙の処方箋 (OQSCD017); nothing where not asked. */
function prescriptionIssueSelectOf(input: QueryEligibilityInput): { prescriptionIssueSelect?: '1' | '2' } {
  if (!input.prescriptionIssue) return {};
  return { prescriptionIssueSelect: input.prescriptionIssue === 'electronic' ? '1' : '2' };
}

function toConsentChoice(consents: QueryEligibilityInput['consents']): ConsentChoice {
  return Object.fromEntries(CONSENT_ITEMS.map((item) => [item, consents[item] === true])) as ConsentChoice;
}

/** The statechart's I/O, on real or simulated devices and the eligibility service. */
export function createRuntimeActors(deps: RuntimeActorDeps) {
  const { devices, client } = deps;
  const deadlines = deps.deadlines ?? { queryMs: KIOSK_TIMEOUTS.QUERY - 2000, lookupMs: KIOSK_TIMEOUTS.LOOKUP / 2 };
  const reader = (): CardReader => {
    const found = devices.readers.readers().find((r) => r.name === devices.readerName);
    if (!found) throw new KioskFault('READER_UNAVAILABLE', `The card reader ${devices.readerName} is not attached.`);
    return found;
  };
  const session = (): CardSession => deps.card.current();

  /** While the connection is known to be down, say so at once instead of waiting out the query deadline. */
  function failFastWhenOffline(): void {
    if (client.state === 'reconnecting' || client.state === 'failed' || client.state === 'closed') {
      throw new KioskFault('SERVICE_UNREACHABLE', `The eligibility service is not reachable (connection ${client.state}).`);
    }
  }

  /**
   * A call whose connection drops and stays down for OFFLINE_GRACE_MS is given up as SERVICE_UNREACHABLE
   * (the client would otherwise keep retrying to its deadline); a short blip is ridden out by the client's retries.
   */
  function unlessOffline<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let off: () => void = () => undefined;
    const offline = new Promise<never>((_, reject) => {
      const watch = (state: string) => {
        clearTimeout(timer);
        if (state === 'reconnecting' || state === 'failed' || state === 'closed') {
          timer = setTimeout(() => reject(new KioskFault('SERVICE_UNREACHABLE', `The eligibility service stayed unreachable for ${OFFLINE_GRACE_MS} ms.`)), OFFLINE_GRACE_MS);
        }
      };
      off = client.onStateChange(watch);
      watch(client.state);
    });
    return Promise.race([call, offline]).finally(() => {
      clearTimeout(timer);
      off();
    });
  }

  return {
    readCard: fromPromise<ReadCardOutput, void>(async () => {
      let lastError: unknown;
      for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
        try {
          const { session: s, authPin: pin, signsWithoutPin } = await readCardSession(reader(), devices);
          deps.card.hold(s);
          deps.ledger.noteCard(normalizeSerial(s.certificate.certificate.serialNumber), s.cardFace);
          const certificate = s.certificate.certificate;
          return {
            cardKind: s.cardKind,
            certificateStanding: standingOf(certificate.notBefore, certificate.notAfter, deps.now()),
            pinTriesLeft: pin.kind === 'tries' ? pin.triesLeft : pin.kind === 'notSet' ? null : pin.kind === 'blocked' ? 0 : 3,
            signsWithoutPin,
          };
        } catch (error) {
          lastError = error;
          if (!(isCardError(error) && TRANSIENT.includes(error.code))) break;
        }
      }
      throw toKioskFault(lastError, 'reading the card');
    }),

    readCardFace: fromPromise<void, { entered: CardFaceFields | null }>(async ({ input, signal }) => {
      const s = session();
      if (s.photo && !input.entered) return;
      // A scan that already failed at placement is not tried again in silence: it goes to staff (unless the scanner needs the patient).
      if (!input.entered && s.cardFaceIssue && !devices.scanner?.needsPatient) {
        throw new KioskFault('CARD_FACE_UNREADABLE', s.cardFaceIssue.message, { cardFace: s.cardFaceIssue });
      }
      try {
        const fields = input.entered ?? (await scanCardFace(devices.scanner, { deadlineMs: CARD_FACE_SCAN_MS, signal }));
        const read = await readPhotoThroughCardFace(s.channel, fields);
        s.photo = read.photo;
        s.cardFace = read.items;
        s.cardFaceIssue = null;
        deps.ledger.noteCard(null, read.items);
      } catch (error) {
        throw toKioskFault(error, 'reading the card face');
      }
    }),

    matchFace: fromPromise<FaceOutcome, void>(async ({ signal }) => {
      const s = session();
      if (!devices.camera) throw new KioskFault('CAMERA_FAULT', 'No face camera is configured.');
      if (!s.photo) throw new KioskFault('CARD_FACE_UNREADABLE', 'The card photo was not read.', { cardFace: { reason: 'unreadable', field: null, message: 'The card photo was not read.' } });
      try {
        const result = await devices.camera.matchFace({ cardPhoto: s.photo, deadlineMs: KIOSK_TIMEOUTS.FACE_CAPTURE - 1000, signal });
        s.faceMatch = result.outcome === 'noFace' ? null : { score: result.score, threshold: result.threshold };
        return { outcome: result.outcome };
      } catch (error) {
        if (error instanceof KioskFault) throw error;
        // A capture that ran out of time found no face; anything else is a camera fault (3-1).
        if (typeof error === 'object' && error && 'code' in error && (error as { code: string }).code === 'TIMEOUT') return { outcome: 'noFace' };
        throw toKioskFault(error, 'face matching');
      }
    }),

    verifyPin: fromPromise<PinOutcome, void>(async ({ signal }) => {
      const { channel } = session();
      let pin: string | undefined = await deps.pinPad.next(signal);
      try {
        const status = await verifyPin(channel, 'auth', pin);
        pin = undefined; // dropped as soon as the card has answered
        if (status.kind === 'verified') return { outcome: 'verified' };
        if (status.kind === 'wrong') return status.triesLeft === 0 ? { outcome: 'blocked' } : { outcome: 'wrong', triesLeft: status.triesLeft };
        return { outcome: 'blocked' };
      } catch (error) {
        pin = undefined;
        // A malformed PIN never reached the card: it is a wrong entry that costs no try.
        if (isCardError(error, 'PIN_FORMAT')) {
          const tries = await queryPinTries(channel, 'auth').catch((e: unknown) => {
            throw toKioskFault(e, 'PIN entry');
          });
          return { outcome: 'wrong', triesLeft: tries.kind === 'tries' ? tries.triesLeft : 0 };
        }
        throw toKioskFault(error, 'PIN verification');
      }
    }),

    queryEligibility: fromPromise<EligibilityOutcome, QueryEligibilityInput>(async ({ input }) => {
      const phone = deps.phone?.current();
      if (phone) {
        // A smartphone visit: the phone signed the challenge during its tap; the confirmation carries that signature.
        failFastWhenOffline();
        try {
          const result = await unlessOffline(confirmWithPhone({ devices, client, registration: deps.registration }, phone, { consents: input.consents, ...prescriptionIssueSelectOf(input), ...(input.medicalSubsidy ? { medicalSubsidy: input.medicalSubsidy } : {}) }, { deadlineMs: deadlines.queryMs }));
          deps.ledger.noteAnswer({ kind: 'card.confirm', result });
          const outcome = toEligibilityOutcome(result);
          deps.ledger.noteProgress({ eligibility: outcome, identityMethod: input.identityMethod, consents: input.consents });
          return outcome;
        } catch (error) {
          if (isServiceError(error) && READER_KEY_CODES.includes(error.code)) return { kind: 'readerRefused', summary: null };
          throw toKioskFault(error, 'eligibility query (smartphone)');
        }
      }
      const s = session();
      failFastWhenOffline();
      try {
        const result = await unlessOffline(
          confirmCardSession(
            { client, readerIdentity: devices.readerIdentity, registration: deps.registration },
            s,
            {
              identityMethod: input.identityMethod === 'document' ? 'none' : input.identityMethod,
              consent: toConsentChoice(input.consents),
              ...prescriptionIssueSelectOf(input),
              ...(input.medicalSubsidy ? { medicalSubsidy: input.medicalSubsidy } : {}),
              ...(input.registerInsuranceUse ? { registerInsuranceUse: true } : {}),
            },
            { visualConfirmedBy: deps.contactPerson },
            { deadlineMs: deadlines.queryMs },
          ),
        );
        deps.ledger.noteAnswer({ kind: 'card.confirm', result });
        const outcome = toEligibilityOutcome(result);
        // On the row at once: a crash from here on keeps what the service confirmed (closed as interrupted).
        deps.ledger.noteProgress({ eligibility: outcome, identityMethod: input.identityMethod, consents: input.consents });
        return outcome;
      } catch (error) {
        forgetSession(s.channel);
        if (isServiceError(error) && READER_KEY_CODES.includes(error.code)) return { kind: 'readerRefused', summary: null };
        throw toKioskFault(error, 'eligibility query');
      }
    }),

    queryByNumber: fromPromise<EligibilityOutcome, { search: InsuranceNumberSearch }>(async ({ input }) => {
      failFastWhenOffline();
      try {
        const { search } = input;
        const result = await unlessOffline(client.confirmByInsuranceNumber(
          {
            InsurerNumber: search.insurerNumber,
            InsuredCardSymbol: search.symbol || null,
            InsuredIdentificationNumber: search.number,
            InsuredBranchNumber: search.branch || null,
            Birthdate: search.birthDate.replaceAll('-', ''),
            LimitApplicationCertificateRelatedConsFlg: '0',
          },
          { deadlineMs: deadlines.queryMs },
        ));
        deps.ledger.noteAnswer({ kind: 'insurance.confirm', result });
        const outcome = toEligibilityOutcome(result);
        deps.ledger.noteProgress({ eligibility: outcome, identityMethod: 'document' });
        return outcome;
      } catch (error) {
        throw toKioskFault(error, 'query by 被保険者番号');
      }
    }),

    outageLookup: fromPromise<LookupOutcome, { items: CardFaceItems }>(async ({ input }) => {
      try {
        await unlessOffline(client.enableOutageMode({ reason: 'readerFailure', contactPerson: deps.contactPerson }, { deadlineMs: deadlines.lookupMs }));
        const lookup = await unlessOffline(client.lookupDuringOutage(input.items, { deadlineMs: deadlines.lookupMs }));
        deps.ledger.noteCard(null, input.items);
        deps.ledger.noteAnswer({ kind: 'outage.lookup', lookup });
        // A lookup gives no medical information; its tolerances are the 4 items' (for staff to ask the patient about).
        const summaries = lookup.candidates
          .map((c) => {
            const summary = summarise(c.ResultList[0], Number(c.QualificationValidity), lookup.referenceNumber, []);
            return summary?.detail ? { ...summary, detail: { ...summary.detail, tolerances: c.match.tolerances } } : summary;
          })
          .filter((s) => s !== null);
        if (lookup.candidates.length === 0 || summaries.length === 0) return { outcome: 'notFound' };
        if (lookup.candidates.length > 1) return { outcome: 'ambiguous', candidates: lookup.candidates.length, summaries };
        return { outcome: 'found', candidates: 1, toleranceUsed: lookup.candidates[0]!.match.confirmWithPatient, summary: summaries[0]! };
      } catch (error) {
        throw toKioskFault(error, 'システム障害時モード lookup');
      }
    }),

    persistVisit: fromPromise<void, { visit: VisitDraft }>(async ({ input }) => deps.ledger.close(input.visit)),
  };
}
