import { z } from 'zod';
import { CodedError } from '../../foundation/CodedError.ts';
import { OperatorFaultsSchema } from '../../protocol/eligibility/ClientMessage.ts';
import { SERVICE_ERROR_CODES } from '../../protocol/eligibility/ServiceError.ts';
import { PANEL_BUTTONS } from '../../device/panel/StaffPanel.ts';
import type { CardFaceItems } from './UiEvent.ts';
import { FaultSpecSchema } from './ReaderFaultSpec.ts';

/** Service error codes the control panel can make the eligibility service answer with. */
export const INJECTABLE_SERVICE_ERRORS = SERVICE_ERROR_CODES;

/** The levers of the simulated devices and service (control panel, CLI, tests). Refused when devices are real. */
export const SimCommandSchema = z.discriminatedUnion('type', [
  /** A card profile laid on the reader, with faults active from the start (e.g. the card pulled during a READ BINARY). */
  z.object({ type: z.literal('card.place'), profile: z.string().regex(/^[\w.-]+$/), smudged: z.boolean().optional(), faults: z.array(FaultSpecSchema).max(10).optional() }),
  z.object({ type: z.literal('card.remove') }),
  z.object({ type: z.literal('camera.next'), outcome: z.enum(['match', 'noMatch', 'noFace', 'cameraFault']) }),
  z.object({ type: z.literal('camera.recovered') }),
  z.object({ type: z.literal('panel.press'), button: z.enum(PANEL_BUTTONS) }),
  z.object({ type: z.literal('panel.detach') }),
  z.object({ type: z.literal('panel.reattach') }),
  z.object({ type: z.literal('reader.fault'), fault: FaultSpecSchema }),
  z.object({ type: z.literal('reader.reattach') }),
  z.object({ type: z.literal('reader.clearFaults') }),
  z.object({ type: z.literal('service.faults'), faults: OperatorFaultsSchema.omit({ dropBeforeReply: true }).partial().strict() }),
]);
export type SimCommand = z.infer<typeof SimCommandSchema>;
export type SimCommandInput = z.input<typeof SimCommandSchema>;

/** Live state of the simulated devices and service levers, for the control panel. */
export interface SimulatorState {
  placed: string | null;
  /** The 4 items printed on the placed card's face, as staff would read them off the card. */
  placedCardFace: CardFaceItems | null;
  readerAttached: boolean;
  panelAttached: boolean;
  readerFaults: Array<{ id: number; kind: string; scope: string }>;
  serviceFaults: { down: boolean; failWith: string | null; delayMs: number };
}

/** One APDU of the simulated reader's trace; VERIFY and CHANGE REFERENCE DATA already redacted. */
export interface ApduTraceEntry {
  at: number;
  reader: string;
  command: string;
  response: string | null;
  error: string | null;
}

export type SimulatorErrorCode =
  /** The kiosk runs on real devices: there are no levers to pull. */
  | 'NOT_SIMULATED'
  /** The simulator has no operator channel to the eligibility service. */
  | 'NO_OPERATOR'
  /** The lever exists but pulling it failed (unknown profile, the service refused, …). */
  | 'COMMAND_FAILED';

export class SimulatorError extends CodedError<SimulatorErrorCode> {
  override readonly name = 'SimulatorError';
}

/**
 * What the control panel drives: whatever the simulator provides (sim/control implements it). The
 * kiosk's screens server gets one only when its devices are simulated; without one, every `sim`
 * frame is refused with NOT_SIMULATED.
 */
export interface SimulatorControl {
  /** The card profiles that can be placed. */
  profiles(): string[];
  state(): SimulatorState;
  /** Pull one lever; rejects with SimulatorError. */
  execute(command: SimCommand): Promise<void>;
  /** Every APDU the simulated reader exchanges, PIN redacted. */
  onTrace(listener: (entry: ApduTraceEntry) => void): () => void;
}
