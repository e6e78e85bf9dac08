import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_COVERAGE_FILE } from '../reporters/closingLine.ts';
import type { EventObject } from 'xstate';
import type { OperatorClient } from '../../protocol/eligibility/client/OperatorClient.ts';
import { KIOSK_NOT_YET_ATTESTING, startTestService, type TestService } from '../harness/startTestService.ts';
import { formatCoverage, measureCoverage } from './kioskCoverage.ts';
import { KioskPathRun, type RealCoverage } from './KioskPathRun.ts';
import { planKioskModel, type KioskSnapshot } from './kioskModelPlan.ts';

/**
 * Model-based tests generated from the kiosk statechart: one path per transition of the traversal's
 * adjacency map (the shortest producible route to its source, then the transition), each run
 * against the real runtime. Coverage is what the runtime was seen to take, not what was planned.
 */
const plan = planKioskModel();
const coverage: RealCoverage = { transitions: new Set(), stateNodes: new Set() };
let service: TestService;
let operator: OperatorClient;
const started = Date.now();

beforeAll(async () => {
  service = await startTestService(KIOSK_NOT_YET_ATTESTING);
  operator = service.operator();
});

afterAll(async () => {
  await service?.dispose();
  const result = measureCoverage(plan, coverage);
  console.log(`${formatCoverage(result)}\nsuite time: ${((Date.now() - started) / 1000).toFixed(1)} s\n${result.line}`);
  // The closing reporter repeats this line as the very last line of `npm test` (issue 6).
  mkdirSync('test-results', { recursive: true });
  writeFileSync(MODEL_COVERAGE_FILE, `${result.line}\n`);
});

describe('the kiosk statechart, walked path by path on the real runtime', () => {
  for (const path of plan.paths) {
    it(path.name, { timeout: 20_000 }, async () => {
      const pathRun = new KioskPathRun(path.steps, service, operator, coverage);
      const events = new Proxy({}, { get: () => pathRun.exec }) as Record<string, (step: { event: EventObject; state: KioskSnapshot }) => Promise<void>>;
      try {
        await plan.model.testPath({ state: path.steps[path.steps.length - 1]!.state, steps: path.steps, weight: path.steps.length }, { events, states: { '*': pathRun.check } });
      } finally {
        await pathRun.close();
      }
    });
  }

  it('every state node and every transition of the model was taken by the runtime', () => {
    const result = measureCoverage(plan, coverage);
    expect(result.missedStates, formatCoverage(result)).toEqual([]);
    expect(result.missedTransitions.map((m) => m.edge.id), formatCoverage(result)).toEqual([]);
  });
});
