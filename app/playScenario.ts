import { CodedError } from '../foundation/CodedError.ts';
import type { VisitRecord } from '../kiosk/protocol/VisitRecord.ts';
import type { KioskRuntime } from '../kiosk/runtime/createKioskRuntime.ts';
import type { Scenario, ScenarioStep } from '../sim/kioskScenario/KioskScenario.ts';

export class ScenarioRunError extends CodedError<'STEP_TIMEOUT' | 'NOT_SIMULATED'> {
  override readonly name = 'ScenarioRunError';
}

/** What a scenario's steps pull: the simulated devices and service (headless or live), and the kiosk's own time. */
export interface ScenarioLevers {
  place(profile: string, smudged?: boolean): Promise<void>;
  remove(): Promise<void>;
  camera(outcome: 'match' | 'noMatch' | 'noFace' | 'cameraFault'): Promise<void>;
  panel(action: 'visualOk' | 'visualNg' | 'staffCallAcknowledged' | 'cancel' | 'detach' | 'reattach'): Promise<void>;
  fault(step: Extract<ScenarioStep, { fault: unknown }>['fault']): Promise<void>;
  service(faults: Extract<ScenarioStep, { service: unknown }>['service']): Promise<void>;
  /** Let the statechart's waits pass. */
  advance(ms: number): void;
}

/** What a step is, in a few words (the control panel shows it; a PIN is never shown). */
export function describeStep(step: ScenarioStep): string {
  if ('place' in step) return `place ${step.place}${step.smudged ? ' (smudged)' : ''}`;
  if ('remove' in step) return 'remove the card';
  if ('camera' in step) return `camera: ${step.camera}`;
  if ('pin' in step) return 'type the PIN';
  if ('send' in step) return `send ${step.send.type}`;
  if ('panel' in step) return `staff panel: ${step.panel}`;
  if ('fault' in step) return `reader fault ${step.fault.kind}`;
  if ('service' in step) return `service ${JSON.stringify(step.service)}`;
  if ('waitFor' in step) return `wait for ${step.waitFor}`;
  if ('waitForService' in step) return `wait for the service to be ${step.waitForService}`;
  if ('advanceMs' in step) return `advance ${step.advanceMs} ms`;
  return 're-check';
}

function matches(step: string, want: string): boolean {
  return step === want || step.startsWith(`${want}.`);
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new ScenarioRunError('STEP_TIMEOUT', `The scenario timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Play a scenario's steps against a kiosk runtime and the simulator's levers, one after the other;
 * `onStep` hears of each before it runs. The same steps headless (`kiosk run`) and on the live kiosk
 * (the control panel).
 */
export async function playScenario(scenario: Scenario, runtime: KioskRuntime, levers: ScenarioLevers, onStep: (index: number, step: ScenarioStep) => void = () => undefined): Promise<void> {
  for (const [index, step] of scenario.steps.entries()) {
    onStep(index, step);
    if ('place' in step) await levers.place(step.place, step.smudged);
    else if ('remove' in step) await levers.remove();
    else if ('camera' in step) await levers.camera(step.camera);
    else if ('pin' in step) {
      await until(() => runtime.awaitingPin, 5000, 'the PIN pad to open');
      runtime.enterPin(step.pin);
    } else if ('send' in step) runtime.send(step.send);
    else if ('panel' in step) await levers.panel(step.panel);
    else if ('fault' in step) await levers.fault(step.fault);
    else if ('service' in step) await levers.service(step.service);
    else if ('waitFor' in step) await until(() => matches(runtime.view().patient.step, step.waitFor), step.timeoutMs ?? 10_000, `the kiosk to reach ${step.waitFor} (it is at ${runtime.view().patient.step})`);
    else if ('waitForService' in step) await until(() => runtime.view().patient.health.service === step.waitForService, step.timeoutMs ?? 10_000, `the kiosk to know the service is ${step.waitForService}`);
    else if ('advanceMs' in step) levers.advance(step.advanceMs);
    else if ('recheck' in step) await runtime.runRechecks();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Where the last visit record differs from the scenario's `expect`, in words; empty when it passed. */
export function expectationFailures(scenario: Scenario, visits: VisitRecord[]): string[] {
  const last = visits[0] as unknown as Record<string, unknown> | undefined;
  return Object.entries(scenario.expect ?? {})
    .filter(([key, want]) => JSON.stringify(last?.[key]) !== JSON.stringify(want))
    .map(([key, want]) => `${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(last?.[key])}`);
}
