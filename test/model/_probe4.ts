import { planKioskModel } from './kioskModelPlan.ts';
const t = Date.now();
const p = planKioskModel();
console.log('edges', p.edges.size, 'paths', p.paths.length, 'skipped', p.paths.filter((x) => x.skip).length, 'steps', p.paths.reduce((a, x) => a + x.steps.length, 0), 'ms', Date.now() - t, 'nodes', p.stateNodeIds.length);
for (const x of p.paths.slice(0, 400)) if (x.name.includes('case')) {} 
console.log(p.paths.filter(x=>x.skip).map(x=>x.name).join('\n'));
console.log(p.paths.slice(0,5).map(x=>x.name).join('\n'));
