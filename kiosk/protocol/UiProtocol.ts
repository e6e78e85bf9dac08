import { z } from 'zod';
import { OUTAGE_CASES } from './OutageCase.ts';
import { SERVICE_ERROR_CODES } from '../../protocol/eligibility/ServiceError.ts';
import { FaultSpecSchema } from './ReaderFaultSpec.ts';
import type { PatientScreen, StaffScreen } from '../runtime/KioskScreen.ts';
import type { VisitRecord } from './VisitRecord.ts';

/**
 * The kiosk's own ws channel to its screens (patient touch panel, staff view, simulator control
 * panel): state out, commands in. Version 1. Every frame in is validated; a bad one is answered
 * with `{type:'error'}` and changes nothing. A PIN travels only in a `pin` frame, straight to the card.
 */
export const UI_PROTOCOL_VERSION = 1;

const sex = z.enum(['male', 'female', 'notApplicable']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The events a screen may send: patient touches and staff actions, never device or actor events. */
export const UiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('document.chosen') }),
  z.object({ type: z.literal('method.face') }),
  z.object({ type: z.literal('method.pin') }),
  z.object({ type: z.literal('method.visual') }),
  z.object({ type: z.literal('face.retry') }),
  z.object({ type: z.literal('consent.answered'), agree: z.boolean() }),
  z.object({ type: z.literal('consent.skipAll') }),
  z.object({ type: z.literal('notice.acknowledged') }),
  z.object({ type: z.literal('result.acknowledged') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('staff.approved') }),
  z.object({ type: z.literal('staff.refused') }),
  z.object({
    type: z.literal('staff.insuranceEntered'),
    search: z.object({ insurerNumber: z.string().regex(/^(\d{6}|\d{8})$/), symbol: z.string().max(40), number: z.string().min(1).max(40), branch: z.string().regex(/^(\d{2})?$/), birthDate: isoDate }).strict(),
  }),
  z.object({ type: z.literal('staff.confirmedCurrent') }),
  z.object({ type: z.literal('staff.toOutage'), outageCase: z.enum(OUTAGE_CASES) }),
  z.object({ type: z.literal('staff.jobChangeReported') }),
  z.object({ type: z.literal('staff.proofShown'), proof: z.enum(['mynaPortal', 'qualificationCertificate', 'qualificationNotice']) }),
  z.object({ type: z.literal('staff.lookupRequested'), items: z.object({ name: z.string().min(1).max(100), birthDate: isoDate, sex, address: z.string().min(1).max(200) }).strict() }),
  z.object({ type: z.literal('staff.candidateChosen'), index: z.number().int().min(0) }),
  z.object({ type: z.literal('staff.declarationStarted') }),
  z.object({
    type: z.literal('staff.declarationSubmitted'),
    declaration: z.object({ copayPercent: z.union([z.literal(10), z.literal(20), z.literal(30)]), insuranceType: z.enum(['employee', 'national', 'lateElderly', 'unknown']), claimSoftwareRejects7777: z.boolean() }).strict(),
  }),
  z.object({ type: z.literal('staff.selfPay') }),
]);
export type UiEvent = z.infer<typeof UiEventSchema>;

/** Levers of the simulated devices and service (control panel, CLI, tests). Refused when devices are real. */
export const SimCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('card.place'), profile: z.string().regex(/^[\w.-]+$/), smudged: z.boolean().optional() }),
  z.object({ type: z.literal('card.remove') }),
  z.object({ type: z.literal('camera.next'), outcome: z.enum(['match', 'noMatch', 'noFace', 'cameraFault']) }),
  z.object({ type: z.literal('camera.recovered') }),
  z.object({ type: z.literal('panel.press'), button: z.enum(['visualOk', 'visualNg', 'staffCallAcknowledged', 'cancel']) }),
  z.object({ type: z.literal('panel.detach') }),
  z.object({ type: z.literal('panel.reattach') }),
  z.object({ type: z.literal('reader.fault'), fault: FaultSpecSchema }),
  z.object({ type: z.literal('reader.reattach') }),
  z.object({ type: z.literal('reader.clearFaults') }),
  z.object({ type: z.literal('service.faults'), faults: z.object({ down: z.boolean().optional(), failWith: z.enum(SERVICE_ERROR_CODES).nullable().optional(), delayMs: z.number().int().min(0).max(120_000).optional() }).strict() }),
]);
export type SimCommand = z.infer<typeof SimCommandSchema>;
export type SimCommandInput = z.input<typeof SimCommandSchema>;

/** Optional request id: the server answers `{type:'ack', id}` once the frame is done, or an error carrying the id. */
const frameId = z.string().regex(/^[\w.-]{1,40}$/).optional();

export const UiClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: UiEventSchema, id: frameId }).strict(),
  z.object({ type: z.literal('pin'), pin: z.string().regex(/^\d{4}$/), id: frameId }).strict(),
  z.object({ type: z.literal('sim'), command: SimCommandSchema, id: frameId }).strict(),
]);
export type UiClientFrame = z.infer<typeof UiClientFrameSchema>;
export type UiClientFrameInput = z.input<typeof UiClientFrameSchema>;

/**
 * Who is on the other end, from the ws URL (`/ws?role=patient`). The patient touch panel gets only
 * its own screen model: no staff data, no card photo, no other patients' visits.
 */
export type UiRole = 'patient' | 'staff' | 'control';

/** One APDU of the simulated reader's trace; VERIFY and CHANGE REFERENCE DATA already redacted. */
export interface UiTraceEntry {
  at: number;
  reader: string;
  command: string;
  response: string | null;
  error: string | null;
}

/** One line of the control panel's event log: a statechart event, a state change, or a command. */
export interface UiLogEntry {
  at: number;
  kind: 'event' | 'state' | 'command';
  text: string;
}

/** Live state of the simulated devices and service levers, for the control panel. */
export interface UiSimulatorState {
  placed: string | null;
  /** The 4 items printed on the placed card's face, as staff would read them off the card. */
  placedCardFace: { name: string; birthDate: string; sex: 'male' | 'female' | 'notApplicable'; address: string } | null;
  readerAttached: boolean;
  panelAttached: boolean;
  readerFaults: Array<{ id: number; kind: string; scope: string }>;
  serviceFaults: { down: boolean; failWith: string | null; delayMs: number };
}

export type UiServerFrame =
  | { type: 'hello'; version: number; role: UiRole; simulated: boolean; profiles: string[] }
  | {
      type: 'view';
      /** `staff` is null on the patient role. */
      view: { patient: PatientScreen; staff: StaffScreen | null; visitId: string | null };
      staffPhoto: string | null;
      visits: VisitRecord[];
      simulator: UiSimulatorState | null;
    }
  | { type: 'trace'; entry: UiTraceEntry }
  | { type: 'log'; entry: UiLogEntry }
  | { type: 'ack'; id: string }
  | { type: 'error'; code: string; message: string; id?: string };

