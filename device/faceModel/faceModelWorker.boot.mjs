// The face-model worker's entry: a worker thread does not inherit the parent's TypeScript loader, so it
// registers tsx itself and then runs faceModelWorker.ts (workerData.entry). Plain JS on purpose: it is
// what runs before TypeScript can.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
