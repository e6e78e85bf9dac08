import { type EventObject, type SnapshotFrom } from 'xstate';
import { getStateNodes, TestModel, type StatePath } from 'xstate/graph';
import { createKioskMachine, type KioskMachine } from '../../kiosk/machine/createKioskMachine.ts';
import { faultCodeOf } from '../../kiosk/machine/KioskFault.ts';
import { kioskStateKey } from '../../kiosk/machine/kioskStateKey.ts';
import { OUTAGE_CASE_NUMBER } from '../../kiosk/protocol/OutageCase.ts';
import { kioskModelEvents, visitStepOf } from './kioskModelEvents.ts';

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
        return `${event.type} ${String(o.cardKind)}/${String(o.certificateStanding)}/${String(o.pinTriesLeft)}${o.signsWithoutPin === false ? '/PIN only' : ''}`;
      case 'matchFace':
        return `${event.type} ${String(o.outcome)}`;
      case 'verifyPin':
        return `${event.type} ${String(o.outcome)}${o.triesLeft === undefined ? '' : `/${String(o.triesLeft)}`}`;
      case 'queryEligibility':
      case 'queryByNumber':
        return `${event.type} ${String(o.kind)}`;
      case 'outageLookup':
        return `${event.type} ${String(o.outcome)}${o.toleranceUsed ? '+tolerance' : ''}`;
      case 'smartphoneCheckIn':
        return `${event.type} ${String(o.outcome)}${o.kind ? `/${String(o.kind)}` : ''}${o.outageCase ? `/${String(o.outageCase)}` : ''}`;
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
    case 'prescription.chosen':
      return `${event.type} ${String(e.issue)}`;
    case 'medicalSubsidy.answered':
      return `${event.type} ${e.use ? 'use' : 'decline'}`;
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

/**
 * Failures a device reports twice, as real ones do: the call in flight fails at once, and the
 * device's own report follows (PC/SC notices a pulled card or an unplugged reader at its next poll;
 * the camera reports its fault right after the failed attempt). The report is the model's next event
 * of this signature; until it comes only the listed edges may be taken (the visit is written
 * meanwhile), and no path ends before it.
 */
const DEVICE_REPORT: Record<string, string> = {
  'xstate.error.actor.readCard READER_UNAVAILABLE': 'reader.detached',
  'xstate.error.actor.readCard CARD_REMOVED': 'card.removed',
  'xstate.error.actor.readCardFace READER_UNAVAILABLE': 'reader.detached',
  'xstate.error.actor.readCardFace CARD_REMOVED': 'card.removed',
  'xstate.error.actor.verifyPin READER_UNAVAILABLE': 'reader.detached',
  'xstate.error.actor.queryEligibility READER_UNAVAILABLE': 'reader.detached',
  'xstate.error.actor.verifyPin CARD_REMOVED': 'card.removed',
  'xstate.error.actor.queryEligibility CARD_REMOVED': 'card.removed',
  'xstate.error.actor.matchFace CAMERA_FAULT': 'camera.fault',
};
/** What may happen before the report comes: a pulled card's visit is written (cardRemoved → recording → finishing). */
const MEANWHILE: Record<string, string[]> = { 'card.removed': ['xstate.done.actor.persistVisit'] };

/** The device report a failure announces, or null. */
export function deviceReportAfter(signature: string): string | null {
  return DEVICE_REPORT[signature] ?? null;
}

/** Whether an edge may be taken while the device report `pending` is still to come, and the report pending after it. */
function withReport(pending: string | null, signature: string): { allowed: boolean; pending: string | null } {
  if (pending === null) return { allowed: true, pending: deviceReportAfter(signature) };
  if (signature === pending) return { allowed: true, pending: null };
  return { allowed: (MEANWHILE[pending] ?? []).includes(signature), pending };
}

export interface PlannedPath {
  name: string;
  steps: StatePath<KioskSnapshot, EventObject>['steps'];
  edges: ModelEdge[];
}

export interface KioskModelPlan {
  model: TestModel<KioskSnapshot, EventObject, unknown>;
  stateNodeIds: string[];
  edges: Map<string, ModelEdge>;
  paths: PlannedPath[];
}

/** Visit steps the runtime cannot be held in: the visit is written at once (see the executors). */
const UNHOLDABLE = new Set(['recording']);

/**
 * An edge whose source must be reached by a route that satisfies a condition to be producible. None
 * today: failures at the card's signature (INS 2A) can happen on every route, since the card signs on
 * every path (after the PIN, or for the authenticated reader after face or 目視).
 */
function routeCondition(_edge: ModelEdge): ((signature: string) => boolean) | null {
  return null;
}

export function planKioskModel(): KioskModelPlan {
  const machine = createKioskMachine();
  const model = new TestModel<KioskSnapshot, EventObject, unknown>(machine as never, {
    serializeState: (s) => kioskStateKey(s),
    events: (s) => kioskModelEvents(s),
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

  /**
   * Breadth-first route to `edge`'s source, optionally through an edge that satisfies `condition`,
   * that leaves no device report pending unless `edge` may follow it; then `edge`, then whatever the
   * runtime cannot stop at (the visit being written) and any report still to come.
   */
  function routeThrough(edge: ModelEdge, condition: ((sig: string) => boolean) | null): ModelEdge[] {
    const nodeOf = (key: string, met: boolean, pending: string | null) => JSON.stringify([key, met, pending]);
    const start = nodeOf(initialKey, condition === null, null);
    const back = new Map<string, { prev: string; edge: ModelEdge } | null>([[start, null]]);
    const queue = [start];
    let found: string | undefined;
    while (queue.length && !found) {
      const node = queue.shift()!;
      const [key, met, pending] = JSON.parse(node) as [string, boolean, string | null];
      if (key === edge.from && met && withReport(pending, edge.signature).allowed) {
        found = node;
        break;
      }
      for (const e of out.get(key) ?? []) {
        const next = withReport(pending, e.signature);
        if (!next.allowed) continue;
        const n = nodeOf(e.to, met || (condition?.(e.signature) ?? true), next.pending);
        if (back.has(n)) continue;
        back.set(n, { prev: node, edge: e });
        queue.push(n);
      }
    }
    if (!found) throw new Error(`no producible route to ${edge.id}`);
    const route: ModelEdge[] = [];
    for (let n: string = found; back.get(n); n = back.get(n)!.prev) route.unshift(back.get(n)!.edge);
    let pending = (JSON.parse(found) as [string, boolean, string | null])[2];
    route.push(edge);
    pending = withReport(pending, edge.signature).pending;
    // A path may not end where the runtime cannot stay, nor before a device's report has come.
    while (pending !== null || UNHOLDABLE.has(visitStepOf(route[route.length - 1]!.target))) {
      const p = pending;
      const next = (out.get(route[route.length - 1]!.to) ?? []).find((e) => !e.event.type.startsWith('xstate.error') && withReport(p, e.signature).allowed);
      if (!next) throw new Error(`no way on from ${route[route.length - 1]!.to} (pending ${pending})`);
      route.push(next);
      pending = withReport(pending, next.signature).pending;
    }
    return route;
  }

  const candidates: ModelEdge[][] = [];
  for (const edge of edges.values()) candidates.push(routeThrough(edge, routeCondition(edge)));
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
