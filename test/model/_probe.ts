import { getAdjacencyMap, getStateNodes } from 'xstate/graph';
import { createKioskMachine } from '../../kiosk/machine/createKioskMachine.ts';
import { kioskStateKey } from '../../kiosk/machine/kioskStateKey.ts';
import { kioskModelEvents, kioskModelStopWhen } from '../../test/model/kioskModelEvents.ts';
const m = createKioskMachine();
const t0 = Date.now();
const adj = getAdjacencyMap(m, { serializeState: kioskStateKey as never, events: kioskModelEvents as never, stopWhen: kioskModelStopWhen as never });
let edges = 0; const byStep: Record<string, number> = {};
for (const [k, v] of Object.entries(adj)) { const n = Object.keys(v.transitions).length; edges += n; const s = JSON.parse(k); const vs = typeof s.value.visit === 'string' ? s.value.visit : Object.keys(s.value.visit)[0]; byStep[vs] = (byStep[vs] ?? 0) + n; }
console.log('states', Object.keys(adj).length, 'edges', edges, 'ms', Date.now() - t0, 'nodes', getStateNodes(m.root).length);
console.log(byStep);
const filt = process.argv[2];
if (filt) for (const [k, v] of Object.entries(adj)) if (k.includes(filt)) console.log(Object.keys(v.transitions).length, k.replace(/"health":\{[^}]*\},?/, (h) => h.replace(/"(reader|camera|panel|service)":"(ok|attached|up)",?/g, '')));
