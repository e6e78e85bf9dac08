import type { EligibilityOutcome } from '../protocol/EligibilityOutcome.ts';
import type { OutageCase } from '../protocol/OutageCase.ts';
import type { OutageCause } from '../protocol/OutageCause.ts';
import type { ReadCardOutput } from './ActorOutputs.ts';
import type { KioskEvent } from './KioskEvent.ts';
import { faultCodeOf, type KioskFaultCode } from './KioskFault.ts';

const BY_FAULT: Partial<Record<KioskFaultCode, OutageCause>> = {
  CARD_UNREADABLE: 'cardUnreadable',
  CARD_FACE_UNREADABLE: 'cardUnreadable',
  READER_UNAVAILABLE: 'readerUnavailable',
  CAMERA_FAULT: 'cameraFault',
  SERVICE_UNREACHABLE: 'serviceUnreachable',
  TERMINAL_FAULT: 'terminalFault',
};

const BY_REFUSAL: Record<string, OutageCause> = { E01: 'certificateRevoked', E02: 'certificateExpired', E03: 'certificateUntrusted', E04: 'signatureInvalid' };

function fromEligibility(outcome: EligibilityOutcome): OutageCause | null {
  switch (outcome.kind) {
    case 'invalid':
      return 'qualificationInvalid';
    case 'noQualification':
      return 'qualificationNotFound';
    case 'notRegistered':
      return 'notRegistered';
    case 'readerRefused':
      return 'readerRefused';
    case 'certificateRefused':
      return BY_REFUSAL[outcome.resultCode ?? ''] ?? 'certificateUntrusted';
    default:
      return null;
  }
}

/** The case each cause falls back to when the event says nothing more (a deadline, a staff choice). */
const BY_CASE: Record<OutageCase, OutageCause> = {
  case1: 'jobChange',
  case2: 'qualificationNotFound',
  readerFault: 'readerUnavailable',
  cardDefect: 'cardUnreadable',
  terminalFault: 'terminalFault',
  networkDown: 'serviceUnreachable',
};

/**
 * Why the event that leads into outage case `outageCase` does so: the fault an actor raised, the
 * certificate the card read found expired, the service's refusal, a deadline, or a staff choice.
 */
export function outageCauseOf(event: KioskEvent, outageCase: OutageCase): OutageCause {
  const type = event.type as string;
  if (type === 'staff.toOutage') return 'staffStarted';
  if (type === 'staff.jobChangeReported') return 'jobChange';
  if (type === 'registration.declined') return 'notRegistered';
  if (type === 'reader.detached') return 'readerUnavailable';
  if (type === 'camera.fault') return 'cameraFault';
  if (type === 'xstate.after.CARD_READ') return 'cardUnreadable';
  if (type === 'xstate.after.QUERY') return 'serviceUnreachable';
  if (type === 'xstate.done.actor.smartphoneCheckIn') return outageCase === 'cardDefect' ? 'phoneCredentialExpired' : 'phoneReaderUnavailable';
  if (type === 'xstate.done.actor.readCard') {
    const read = (event as unknown as { output: ReadCardOutput }).output;
    return read.certificateStanding === 'expiredBeyondGrace' ? 'certificateExpired' : 'faceCardUnsupported';
  }
  if (type === 'xstate.done.actor.queryEligibility' || type === 'xstate.done.actor.queryByNumber') {
    return fromEligibility((event as unknown as { output: EligibilityOutcome }).output) ?? BY_CASE[outageCase];
  }
  if (type.startsWith('xstate.error.actor.')) return BY_FAULT[faultCodeOf((event as unknown as { error: unknown }).error)] ?? BY_CASE[outageCase];
  return BY_CASE[outageCase];
}
