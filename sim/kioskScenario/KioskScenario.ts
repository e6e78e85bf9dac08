import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDataFiles, loadDataFile, resolveDataFile } from '../../foundation/DataFile.ts';
import { z } from 'zod';
import { OperatorFaultsSchema } from '../../protocol/eligibility/ClientMessage.ts';
import { FaultSpecSchema } from '../../kiosk/protocol/ReaderFaultSpec.ts';
import { UiEventSchema } from '../../kiosk/protocol/UiEvent.ts';

/**
 * A headless kiosk run as data: which card, what the camera sees, what the patient and staff do,
 * which faults strike, and what to wait for. `npm run kiosk -- run --scenario FILE` plays it.
 */
export const ScenarioStepSchema = z.union([
  z.object({ place: z.string(), smudged: z.boolean().optional() }).strict(),
  z.object({ remove: z.literal(true) }).strict(),
  z.object({ camera: z.enum(['match', 'noMatch', 'noFace', 'cameraFault']) }).strict(),
  /** The patient types a PIN on the keypad (test data of the profile; never printed). */
  z.object({ pin: z.string().regex(/^\d{4}$/) }).strict(),
  z.object({ send: UiEventSchema }).strict(),
  z.object({ panel: z.enum(['visualOk', 'visualNg', 'staffCallAcknowledged', 'cancel', 'detach', 'reattach']) }).strict(),
  z.object({ fault: FaultSpecSchema }).strict(),
  /** The eligibility service's faults, through its operator channel (the same levers as the control panel). */
  z.object({ service: OperatorFaultsSchema.omit({ dropBeforeReply: true }).partial().strict() }).strict(),
  /** Wait until the visit is at this state path (prefix match, e.g. `askingConsent`). */
  z.object({ waitFor: z.string(), timeoutMs: z.number().int().positive().optional() }).strict(),
  /** Wait until the kiosk knows the service is up or down (its connection says so a moment after the service changes). */
  z.object({ waitForService: z.enum(['up', 'down']), timeoutMs: z.number().int().positive().optional() }).strict(),
  /** Let simulated time pass (timeouts fire). */
  z.object({ advanceMs: z.number().int().positive() }).strict(),
  z.object({ recheck: z.literal(true) }).strict(),
]);
export type ScenarioStep = z.infer<typeof ScenarioStepSchema>;

export const ScenarioSchema = z
  .object({
    description: z.string(),
    /**
     * The card slot it is written for: the in-process simulated reader (default), or a PC/SC reader with
     * the virtual card put into the real pcscd through vpcd (`place`/`remove` go there; the camera, the
     * card-face scanner and the staff panel stay simulated). `run --reader` overrides it.
     */
    reader: z.enum(['sim', 'pcsc']).default('sim'),
    steps: z.array(ScenarioStepSchema).min(1),
    /** What the last visit record must say, checked after the run. */
    expect: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;

export function loadScenario(file: string): Scenario {
  return loadDataFile(file, ScenarioSchema, { what: 'scenario' });
}

/** The kiosk scenarios that ship with the project (sim/scenarios, not its camera/ and pcsc/ folders). */
export const KIOSK_SCENARIO_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

/** A shipped scenario by name, or a file by path. */
export function loadShippedScenario(nameOrPath: string, dir = KIOSK_SCENARIO_DIR): { name: string; scenario: Scenario } {
  const file = resolveDataFile(nameOrPath, dir, { what: 'scenario' });
  return { name: basename(file, '.json'), scenario: loadScenario(file) };
}

/** The shipped scenarios with their descriptions (for the control panel). */
export function listScenarios(dir = KIOSK_SCENARIO_DIR): Array<{ name: string; description: string }> {
  return listDataFiles(dir).map((name) => ({ name, description: loadShippedScenario(name, dir).scenario.description }));
}
