import { z } from 'zod';
import { CodedError } from '../../foundation/CodedError.ts';
import { OperatorFaultsSchema } from '../../protocol/eligibility/ClientMessage.ts';
import { SERVICE_ERROR_CODES } from '../../protocol/eligibility/ServiceError.ts';
import { PANEL_BUTTONS } from '../../device/panel/StaffPanel.ts';
import type { CardFaceItems } from './UiEvent.ts';
import { FaultScopeSchema, FaultSpecSchema } from './ReaderFaultSpec.ts';

/** The camera's faults (sim/camera/CameraFaultSpec.ts has the same shape): a failed attempt, or one slower than the deadline. */
const CameraFaultCommandSchema = z.object({ kind: z.enum(['cameraFault', 'slowCapture']), scope: FaultScopeSchema.optional(), captureMs: z.number().positive().max(600_000).optional() }).strict();
/** The staff panel's faults (sim/panel/PanelFaultSpec.ts): unplugged, or a button that stays down. */
const PanelFaultCommandSchema = z.object({ kind: z.enum(['panelDetached', 'buttonStuck']), scope: FaultScopeSchema.optional(), button: z.enum(PANEL_BUTTONS).optional() }).strict();

/** Service error codes the control panel can make the eligibility service answer with. */
export const INJECTABLE_SERVICE_ERRORS = SERVICE_ERROR_CODES;

/** The levers of the simulated devices and service (control panel, CLI, tests). Refused when devices are real. */
export const SimCommandSchema = z.discriminatedUnion('type', [
  /** A card profile laid on the reader, with faults active from the start (e.g. the card pulled during a READ BINARY). */
  z.object({ type: z.literal('card.place'), profile: z.string().regex(/^[\w.-]+$/), smudged: z.boolean().optional(), faults: z.array(FaultSpecSchema).max(10).optional() }),
  z.object({ type: z.literal('card.remove') }),
  /** A card profile laid on the reader of the マイナ資格確認アプリ's device (the staff smartphone's reader), and taken off. */
  z.object({ type: z.literal('staffAppCard.place'), profile: z.string().regex(/^[\w.-]+$/) }),
  z.object({ type: z.literal('staffAppCard.remove') }),
  z.object({ type: z.literal('camera.next'), outcome: z.enum(['match', 'noMatch', 'noFace', 'cameraFault']) }),
  /** Drop what is queued; `pinned` keeps the queue across visits (otherwise it is dropped when a visit ends). */
  z.object({ type: z.literal('camera.clearQueue') }),
  z.object({ type: z.literal('camera.pinQueue'), pinned: z.boolean() }),
  /** Play a shipped camera scenario (sim/scenarios/camera), or null to return to the camera model. */
  z.object({ type: z.literal('camera.scenario'), name: z.string().regex(/^[\w.-]+$/).nullable() }),
  z.object({ type: z.literal('camera.fault'), fault: CameraFaultCommandSchema }),
  z.object({ type: z.literal('camera.recovered') }),
  z.object({ type: z.literal('panel.press'), button: z.enum(PANEL_BUTTONS) }),
  z.object({ type: z.literal('panel.detach') }),
  z.object({ type: z.literal('panel.reattach') }),
  z.object({ type: z.literal('panel.fault'), fault: PanelFaultCommandSchema }),
  z.object({ type: z.literal('panel.clearFaults') }),
  z.object({ type: z.literal('reader.fault'), fault: FaultSpecSchema }),
  z.object({ type: z.literal('reader.reattach') }),
  z.object({ type: z.literal('reader.clearFaults') }),
  z.object({ type: z.literal('service.faults'), faults: OperatorFaultsSchema.omit({ dropBeforeReply: true }).partial().strict() }),
  /** Let the statechart's waits pass: `ms` of them, or (without) up to the next one due. The kiosk's levers, not a device's. */
  z.object({ type: z.literal('timers.fastForward'), ms: z.number().int().min(0).max(3_600_000).optional() }),
  /** Play a shipped kiosk scenario (sim/scenarios) on the live kiosk, step by step, for the screens to show. */
  z.object({ type: z.literal('scenario.play'), name: z.string().regex(/^[\w.-]+$/) }),
]);
export type SimCommand = z.infer<typeof SimCommandSchema>;
export type SimCommandInput = z.input<typeof SimCommandSchema>;

/** Live state of the simulated devices and service levers, for the control panel. */
export interface SimulatorState {
  placed: string | null;
  /** The 4 items printed on the placed card's face, as staff would read them off the card. */
  placedCardFace: CardFaceItems | null;
  readerAttached: boolean;
  /** The profile on the staff app's reader, when it is simulated (absent: no simulated staff-app reader). */
  staffAppPlaced?: string | null;
  panelAttached: boolean;
  readerFaults: Array<{ id: number; kind: string; scope: string }>;
  serviceFaults: { down: boolean; failWith: string | null; delayMs: number };
  /** The camera's queued outcomes (used first, in order), whether they outlive the visit, the scenario playing, its faults. */
  camera?: { queue: string[]; pinned: boolean; scenario: string | null; faults: Array<{ id: number; kind: string; scope: string }> };
  /** The staff panel's light as it shows now (nothing while unplugged), and its faults. */
  panel?: { indicator: string | null; faults: Array<{ id: number; kind: string; scope: string }> };
  /** The statechart's next wait, for the fast-forward buttons. */
  timers?: { nextMs: number | null };
  /** The kiosk scenario playing or last played from the control panel. */
  scenario?: ScenarioProgress | null;
}

export interface ScenarioProgress {
  name: string;
  description: string;
  /** Steps done, of all. */
  done: number;
  of: number;
  status: 'playing' | 'passed' | 'failed';
  /** The step playing, or why it failed, or what the expectation found. */
  note: string;
}

/** A profile or a scenario as the control panel lists it: its name and what it is for. */
export interface Described {
  name: string;
  description: string;
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
  /** The profiles with their descriptions, and the shipped kiosk and camera scenarios (for the control panel's lists). */
  catalogue?(): { profiles: Described[]; scenarios: Described[]; cameraScenarios: Described[] };
  state(): SimulatorState;
  /** Pull one lever; rejects with SimulatorError. */
  execute(command: SimCommand): Promise<void>;
  /** Every APDU the simulated reader exchanges, PIN redacted. */
  onTrace(listener: (entry: ApduTraceEntry) => void): () => void;
  /** What the simulator did by itself that a tester should see (a queued camera outcome used, a scenario step). */
  onLog?(listener: (text: string) => void): () => void;
  /** A visit ended: levers meant for that visit (the camera queue, unless pinned) are dropped. */
  visitEnded?(): void;
}
