import { OUTAGE_CASE_NUMBER } from '../../kiosk/protocol/OutageCase.ts';
import type { RealCoverage } from './KioskPathRun.ts';
import { type KioskModelPlan, type ModelEdge } from './kioskModelPlan.ts';

export interface CoverageResult {
  states: { covered: number; total: number };
  transitions: { covered: number; total: number };
  paths: number;
  /** Named paths per outage case (1, 2, 3-1 … 3-4), from the path names. */
  outagePaths: Record<string, number>;
  missedStates: string[];
  missedTransitions: Array<{ edge: ModelEdge; reason: string }>;
  /** The one line scripts read. */
  line: string;
}

/**
 * State coverage: every state node of the machine the runtime entered in some microstep. Transition
 * coverage: every edge of the adjacency map the runtime took (same source key, same kind of event,
 * same target key), guarded branches being separate edges.
 */
export function measureCoverage(plan: KioskModelPlan, real: RealCoverage): CoverageResult {
  const missedStates = plan.stateNodeIds.filter((id) => !real.stateNodes.has(id));
  const missedTransitions = [...plan.edges.values()]
    .filter((edge) => !real.transitions.has(edge.id))
    .map((edge) => ({ edge, reason: 'not taken by any executed path (see that path\'s failure above)' }));
  const states = { covered: plan.stateNodeIds.length - missedStates.length, total: plan.stateNodeIds.length };
  const transitions = { covered: plan.edges.size - missedTransitions.length, total: plan.edges.size };
  const paths = plan.paths.length;
  const outagePaths = Object.fromEntries(Object.values(OUTAGE_CASE_NUMBER).map((n) => [n, plan.paths.filter((p) => casesNamed(p.name).includes(n)).length]));
  return {
    states,
    transitions,
    paths,
    outagePaths,
    missedStates,
    missedTransitions,
    line: `model coverage: states ${states.covered}/${states.total}, transitions ${transitions.covered}/${transitions.total}, paths ${paths}`,
  };
}

/** The outage cases a path name starts with ("case 2 → case 1: …"). */
function casesNamed(name: string): string[] {
  const head = name.slice(0, Math.max(0, name.indexOf(': ')));
  return head.startsWith('case ') ? head.split(' → ').map((c) => c.replace(/^case /, '')) : [];
}

const short = (key: string) => {
  const { value, ...facts } = JSON.parse(key) as { value: { health: Record<string, string>; visit: unknown } } & Record<string, unknown>;
  const faults = Object.entries(value.health)
    .filter(([k, v]) => !['ok', 'attached', 'up', 'absent'].includes(v) && k !== 'card')
    .map(([k, v]) => `${k}:${v}`);
  const card = value.health.card === 'present' ? ['card'] : [];
  return `${JSON.stringify(value.visit)}${[...faults, ...card].length ? ` [${[...faults, ...card].join(',')}]` : ''}${Object.keys(facts).length ? ` ${JSON.stringify(facts)}` : ''}`;
};

/** The coverage table: totals, then every missed state node and transition with the reason. */
export function formatCoverage(r: CoverageResult): string {
  const rows = [
    'model coverage table',
    `  state nodes   ${r.states.covered}/${r.states.total}`,
    `  transitions   ${r.transitions.covered}/${r.transitions.total}`,
    `  paths         ${r.paths}`,
    `  outage cases  ${Object.entries(r.outagePaths).map(([n, count]) => `${n}: ${count} paths`).join(', ')}`,
  ];
  if (r.missedStates.length) rows.push('missed state nodes:', ...r.missedStates.map((s) => `  ${s}`));
  if (r.missedTransitions.length)
    rows.push('missed transitions:', ...r.missedTransitions.map(({ edge, reason }) => `  ${short(edge.from)} --${edge.signature}--> ${short(edge.to)}\n      ${reason}`));
  return rows.join('\n');
}
