import { type EventObject, type SnapshotFrom } from 'xstate';
import { getStateNodes, TestModel, type StatePath } from 'xstate/graph';
import { createKioskMachine, type KioskMachine } from '../../kiosk/machine/createKioskMachine.ts';
import { faultCodeOf } from '../../kiosk/machine/KioskFault.ts';
import { kioskStateKey } from '../../kiosk/machine/kioskStateKey.ts';
import { OUTAGE_CASE_NUMBER } from '../../kiosk/machine/OutageCase.ts';
import { kioskModelEvents, kioskModelStopWhen, visitStepOf } from './kioskModelEvents.ts';

export type KioskSnapshot = SnapshotFrom<KioskMachine>;
type AnyEvent = EventObject & Record<string, unknown>;

/**
 * What identifies an event for coverage: its type and the part of its payload the machine branches on
 * (an actor's outcome kind, a fault code, a consent answer, a proof). The same function reads the
 * model's events and the events the real runtime processed, so an edge counts only when the runtime
 * took it with an event of the same kind.
 */
export function eventSignature(event: EventObject): string {
  const e = event as AnyEvent;
  const done = /^xstate\.done\.actor\.(\w+)$/.exec(event.type);
  if (done) {
    const o = (e.output ?? {}) as Record<string, unknown>;
    switch (done[1]) {
      case 'readCard':
        return `${event.type} ${String(o.cardKind)}/${String(o.certificateStanding)}/${String(o.pinTriesLeft)}`;
      case 'matchFace':
        return `${event.type} ${String(o.outcome)}`;
      case 'verifyPin':
        return `${event.type} ${String(o.outcome)}${o.triesLeft === undefined ? '' : `/${String(o.triesLeft)}`}`;
      case 'queryEligibility':
      case 'queryByNumber':
        return `${event.type} ${String(o.kind)}`;
      case 'outageLookup':
        return `${event.type} ${String(o.outcome)}${o.toleranceUsed ? '+tolerance' : ''}`;
      default:
        return event.type;
    }
  }
  if (event.type.startsWith('xstate.error.actor.')) return `${event.type} ${faultCodeOf(e.error)}`;
  switch (event.type) {
    case 'consent.answered':
      return `${event.type} ${e.agree ? 'agree' : 'decline'}`;
    case 'staff.toOutage':
      return `${event.type} ${String(e.outageCase)}`;
    case 'staff.proofShown':
      return `${event.type} ${String(e.proof)}`;
    case 'staff.declarationSubmitted':
      return `${event.type} ${JSON.stringify(e.declaration)}`;
    default:
      return event.type;
  }
}

export interface ModelEdge {
  id: string;
  from: string;
  to: string;
  event: EventObject;
  signature: string;
  source: KioskSnapshot;
  target: KioskSnapshot;
}

/** Failures the simulated reader always announces as an event before the pending call rejects. */
const ANNOUNCED_FIRST = new Set([
  'xstate.error.actor.readCard READER_UNAVAILABLE',
  'xstate.error.actor.verifyPin CARD_REMOVED',
  'xstate.error.actor.verifyPin READER_UNAVAILABLE',
  'xstate.error.actor.queryEligibility CARD_REMOVED',
  'xstate.error.actor.queryEligibility READER_UNAVAILABLE',
]);

/**
 * Edges the simulator cannot bring about, with the reason. They stay in the adjacency map, are never
 * faked, and count as not covered.
 */
export function notProducible(edge: Pick<ModelEdge, 'signature'>): string | null {
  const sig = edge.signature;
  if (sig === 'camera.fault' || sig === 'camera.recovered')
    return 'no device reports camera health: FaceCamera has no fault event and the runtime never sends camera.fault / camera.recovered';
  if (ANNOUNCED_FIRST.has(sig))
    return 'the simulated reader announces reader.detached / card.removed before the pending call fails, so the event edge is always taken first';
  if (sig === 'xstate.error.actor.matchFace TERMINAL_FAULT') return 'the runtime maps every camera error to CAMERA_FAULT; nothing in the simulator makes matchFace fail otherwise';
  return null;
}

export interface PlannedPath {
  name: string;
  steps: StatePath<KioskSnapshot, EventObject>['steps'];
  edges: ModelEdge[];
  /** Why the path is not run, when one of its edges cannot be produced for real. */
  skip: string | null;
}

export interface KioskModelPlan {
  model: TestModel<KioskSnapshot, EventObject, unknown>;
  stateNodeIds: string[];
  edges: Map<string, ModelEdge>;
  paths: PlannedPath[];
}

/** Visit steps the runtime cannot be held in: the visit is written at once (see the executors). */
const UNHOLDABLE = new Set(['recording']);

/** An edge whose source must be reached by a route that satisfies a condition to be producible. */
function routeCondition(edge: ModelEdge): ((signature: string) => boolean) | null {
  // A card read fails at signing only if the card signs: after a verified PIN, or on a 顔認証マイナンバーカード.
  if (edge.signature === 'xstate.error.actor.queryEligibility CARD_UNREADABLE') return (sig) => sig === 'xstate.done.actor.verifyPin verified' || sig.includes(' faceAuth/');
  return null;
}

export function planKioskModel(): KioskModelPlan {
  const machine = createKioskMachine();
  const model = new TestModel<KioskSnapshot, EventObject, unknown>(machine as never, {
    serializeState: (s) => kioskStateKey(s),
    events: (s) => kioskModelEvents(s),
    stopWhen: (s) => kioskModelStopWhen(s),
  });
  const adjacency = model.getAdjacencyMap();
  const edges = new Map<string, ModelEdge>();
  const out = new Map<string, ModelEdge[]>();
  for (const [from, { state, transitions }] of Object.entries(adjacency)) {
    const list: ModelEdge[] = [];
    const seen = new Set<string>();
    for (const { event, state: target } of Object.values(transitions) as Array<{ event: EventObject; state: KioskSnapshot }>) {
      const signature = eventSignature(event);
      if (seen.has(signature)) throw new Error(`two model events from ${from} share the signature ${signature}`);
      seen.add(signature);
      const to = kioskStateKey(target);
      const edge: ModelEdge = { id: `${from} --${signature}--> ${to}`, from, to, event, signature, source: state, target };
      edges.set(edge.id, edge);
      list.push(edge);
    }
    out.set(from, list);
  }
  const initial = model.getShortestPaths({ allowDuplicatePaths: true }).find((p) => p.steps.length === 1)!.steps[0]!.state;
  const initialKey = kioskStateKey(initial);

  /** Breadth-first route to `goal`, optionally through an edge that satisfies `condition`. */
  function routeTo(goal: string, condition: ((sig: string) => boolean) | null, producibleOnly = true): ModelEdge[] {
    const start = `${initialKey}|${condition ? 0 : 1}`;
    const back = new Map<string, { prev: string; edge: ModelEdge } | null>([[start, null]]);
    const queue = [start];
    while (queue.length) {
      const node = queue.shift()!;
      const sep = node.lastIndexOf('|');
      const key = node.slice(0, sep);
      const met = node.slice(sep + 1) === '1';
      if (key === goal && met) {
        const route: ModelEdge[] = [];
        for (let n: string = node; back.get(n); n = back.get(n)!.prev) route.unshift(back.get(n)!.edge);
        return route;
      }
      for (const edge of out.get(key) ?? []) {
        if (producibleOnly && notProducible(edge)) continue;
        const next = `${edge.to}|${met || (condition?.(edge.signature) ?? true) ? 1 : 0}`;
        if (back.has(next)) continue;
        back.set(next, { prev: node, edge });
        queue.push(next);
      }
    }
    throw new Error(`no producible route to ${goal}`);
  }

  const candidates: ModelEdge[][] = [];
  for (const edge of edges.values()) {
    let route: ModelEdge[];
    try {
      route = [...routeTo(edge.from, routeCondition(edge)), edge];
    } catch {
      // Only through an edge the simulator cannot produce: planned anyway, and reported as skipped.
      route = [...routeTo(edge.from, null, false), edge];
    }
    // A path may not end where the runtime cannot stay: finish it with that step's first producible edge.
    while (UNHOLDABLE.has(visitStepOf(route[route.length - 1]!.target))) {
      const next = (out.get(route[route.length - 1]!.to) ?? []).find((e) => !notProducible(e) && !e.event.type.startsWith('xstate.error'));
      if (!next) break;
      route.push(next);
    }
    candidates.push(route);
  }
  // Drop a path that is a prefix of a longer one: its edges are taken there.
  candidates.sort((a, b) => b.length - a.length);
  const kept: ModelEdge[][] = [];
  const prefixes = new Set<string>();
  for (const route of candidates) {
    const ids = route.map((e) => e.id);
    if (prefixes.has(ids.join('\n'))) continue;
    kept.push(route);
    for (let i = 1; i <= ids.length; i++) prefixes.add(ids.slice(0, i).join('\n'));
  }
  kept.reverse();
  const paths = kept.map((route) => ({
    name: describePath(route),
    steps: [{ event: { type: 'xstate.init' }, state: initial }, ...route.map((e) => ({ event: e.event, state: e.target }))],
    edges: route,
    skip: route.map((e) => notProducible(e)).find((r) => r !== null) ?? null,
  }));
  return { model, stateNodeIds: getStateNodes(machine.root).map((n) => n.id), edges, paths };
}

function stepName(snapshot: KioskSnapshot): string {
  const visit = (snapshot.value as { visit: unknown }).visit;
  const path = typeof visit === 'string' ? visit : Object.entries(visit as Record<string, string>).map(([k, v]) => `${k}.${v}`)[0]!;
  const outageCase = snapshot.context.outageCase;
  return path.startsWith('outage') && outageCase ? `${path}[${OUTAGE_CASE_NUMBER[outageCase]}]` : path;
}

/** A test name: which outage case the path reaches, then the route as signatures. */
function describePath(route: ModelEdge[]): string {
  const cases = [...new Set(route.map((e) => e.target.context.outageCase).filter((c) => c !== null))].map((c) => `case ${OUTAGE_CASE_NUMBER[c]}`);
  const last = route[route.length - 1]!;
  const head = cases.length ? `${cases.join(' → ')}: ` : '';
  return `${head}${route.map((e) => e.signature.replace('xstate.', '')).join(' → ')} ⇒ ${stepName(last.target)}`;
}
