import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { KioskRuntime } from '../kiosk/runtime/createKioskRuntime.ts';
import type { VisitRecord } from '../kiosk/protocol/VisitRecord.ts';
import { OperatorClient } from '../protocol/eligibility/client/OperatorClient.ts';
import { demoClinic } from '../server/seed/demoClinic.ts';
import { startCentralSystem } from './startCentralSystem.ts';
import { createKioskDevices } from './createKioskDevices.ts';
import type { Scenario } from '../sim/kioskScenario/KioskScenario.ts';
import { expectationFailures, playScenario, ScenarioRunError } from './playScenario.ts';

export { ScenarioRunError } from './playScenario.ts';

export interface ScenarioRun {
  /** Every visit step the kiosk passed through, in order. */
  trail: string[];
  visits: VisitRecord[];
  /** Mismatches against the scenario's `expect`, empty when it passed. */
  failures: string[];
}

export interface ScenarioOptions {
  /** Overrides the scenario's own `reader`. */
  reader?: 'sim' | 'pcsc';
  /** With a PC/SC reader: which one, and the vpcd port the virtual card goes in by (default Virtual PCD 00 00 on 35963). */
  readerName?: string;
  vpcdPort?: number;
  log?: (line: string) => void;
}

function need<T>(part: T | undefined, what: string): T {
  if (part === undefined) throw new ScenarioRunError('NOT_SIMULATED', `The scenario pulls the ${what}, which is not simulated here.`);
  return part;
}

/**
 * Play a scenario against a fresh, seeded eligibility service, on simulated time: on the simulated
 * reader, or on the real PC/SC path (pcscd + vpcd) with the other sensors simulated.
 */
export async function runScenario(scenario: Scenario, options: ScenarioOptions = {}): Promise<ScenarioRun> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-scenario-'));
  const operatorSecret = 'scenario-operator';
  const service = await startCentralSystem({ database: join(dir, 'eligibility.sqlite'), port: 0, host: '127.0.0.1', seed: true, operatorSecret, log: () => undefined });
  const clinic = demoClinic();
  const clock = new SimulatedClock();
  const reader = options.reader ?? scenario.reader;
  const chosen = await createKioskDevices(
    reader === 'pcsc'
      ? { reader: { kind: 'pcsc', name: options.readerName ?? 'Virtual PCD 00 00', vpcdPort: options.vpcdPort ?? 35963 }, camera: { kind: 'sim' }, cardFace: { kind: 'sim' }, panel: { kind: 'sim' } }
      : { reader: { kind: 'sim' } },
    { cameraSleep: async () => undefined },
  );
  const { devices, parts } = chosen;
  const runtime = new KioskRuntime({
    devices,
    service: { url: service.server.url, medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId: 'scenario', deadlineMs: 3000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } },
    dbFile: join(dir, 'kiosk.sqlite'),
    clock,
    log,
  });
  const operator = new OperatorClient({ url: service.server.url, secret: operatorSecret });
  const trail: string[] = [];
  runtime.onChange((view) => {
    if (trail.at(-1) !== view.patient.step) {
      trail.push(view.patient.step);
      log(`→ ${view.patient.step}`);
    }
  });
  try {
    await runtime.start();
    await operator.connect();
    await playScenario(scenario, runtime, {
      place: async (profile, smudged) => void (await need(parts.cards, 'card reader').place(profile, [], { smudged })),
      remove: () => need(parts.cards, 'card reader').remove(),
      camera: async (outcome) => need(parts.camera, 'face camera').queueAttempts({ outcome, captureMs: 0 }),
      panel: async (action) => {
        const panel = need(parts.panel, 'staff panel');
        if (action === 'detach') panel.detach();
        else if (action === 'reattach') panel.reattach();
        else panel.pressButton(action);
      },
      fault: async (fault) => void need(parts.cards, 'card reader').injectFault(fault),
      service: async (faults) => void (await operator.setFaults(faults)),
      advance: (ms) => clock.increment(ms),
    });
    const visits = runtime.visits.list();
    const failures = expectationFailures(scenario, visits);
    return { trail, visits, failures };
  } finally {
    await runtime.close();
    await operator.close();
    await devices.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
