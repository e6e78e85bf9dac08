import { z } from 'zod';
import { OUTAGE_CASES } from '../machine/OutageCase.ts';

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
  z.object({ type: z.literal('staff.lookupDeferred') }),
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
  z.object({ type: z.literal('reader.fault'), fault: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('reader.reattach') }),
  z.object({ type: z.literal('reader.clearFaults') }),
  z.object({ type: z.literal('service.faults'), faults: z.object({ down: z.boolean().optional(), failWith: z.string().nullable().optional(), delayMs: z.number().int().min(0).max(120_000).optional() }).strict() }),
]);
export type SimCommand = z.infer<typeof SimCommandSchema>;

export const UiClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: UiEventSchema }).strict(),
  z.object({ type: z.literal('pin'), pin: z.string().regex(/^\d{4}$/) }).strict(),
  z.object({ type: z.literal('sim'), command: SimCommandSchema }).strict(),
]);
export type UiClientFrame = z.infer<typeof UiClientFrameSchema>;
