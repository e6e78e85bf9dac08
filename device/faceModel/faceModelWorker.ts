// The face model's own thread: human (node-wasm) loads here and every detection runs here, because one
// detection holds the thread for up to ~240 ms (research §1.8) and the kiosk's event loop must not wait.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Human as HumanInstance, Config } from '@vladmandic/human';
import { PNG } from 'pngjs';
import { createHumanConfig, MODEL_ORIGIN } from './humanConfig.ts';
import type { DetectedFace, DetectRequest, FaceModelReply, FaceModelWorkerData } from './FaceModelMessages.ts';

const data = workerData as FaceModelWorkerData;
const port = parentPort!;
const reply = (message: FaceModelReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/**
 * Node's fetch cannot read file:// (research §1.8), and human fetches models with the global fetch.
 * This fetch answers the fake model origin from the model folder and refuses everything else, so the
 * model can never be downloaded from anywhere.
 */
const fetchFromDisk: typeof fetch = async (input) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith(MODEL_ORIGIN)) return new Response(`refused: ${url} is not a local model file`, { status: 403 });
  const name = decodeURIComponent(url.slice(MODEL_ORIGIN.length)).replace(/[?#].*$/, '');
  if (name.includes('/') || name.includes('..')) return new Response('refused', { status: 403 });
  try {
    const body = await readFile(join(data.modelDir, name));
    return new Response(body, { status: 200, headers: { 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  } catch {
    return new Response(`missing: ${name}`, { status: 404 });
  }
};
globalThis.fetch = fetchFromDisk;

type HumanModule = { Human: new (config: Partial<Config>) => HumanInstance };

/** The loaded model, or undefined after telling the parent why it did not load. */
async function load(): Promise<HumanInstance | undefined> {
  const started = performance.now();
  const { Human } = createRequire(import.meta.url)(data.humanScript) as HumanModule;
  // Human merges the configuration deeply over its defaults; the cast only widens our partial one.
  const human = new Human(createHumanConfig(data.wasmDir) as Partial<Config>);
  await human.load();
  await human.tf.ready();
  // human.load() reports a model that failed to load only in its log (and keeps a model object for it):
  // check its own record of what loaded.
  const loaded = new Set(human.models.stats().modelStats.filter((m) => m.loaded).map((m) => m.name));
  const missing = ['blazeface', 'facemesh', 'faceres'].filter((name) => !loaded.has(name));
  if (missing.length > 0) {
    reply({ kind: 'loadFailed', message: `the model${missing.length > 1 ? 's' : ''} ${missing.join(', ')} did not load from ${data.modelDir}` });
    return undefined;
  }
  reply({ kind: 'ready', loadMs: Math.round(performance.now() - started), backend: human.tf.getBackend() });
  return human;
}

function detectIn(human: HumanInstance, request: DetectRequest): Promise<void> | void {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(request.png.buffer, request.png.byteOffset, request.png.byteLength));
  } catch (error) {
    reply({ kind: 'failed', id: request.id, reason: 'undecodable', message: (error as Error).message });
    return;
  }
  // pngjs always gives RGBA; the model wants RGB as int32 [1, h, w, 3].
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4) {
    rgb[j++] = png.data[i]!;
    rgb[j++] = png.data[i + 1]!;
    rgb[j++] = png.data[i + 2]!;
  }
  const tensor = human.tf.tensor(rgb, [1, png.height, png.width, 3], 'int32');
  const started = performance.now();
  return human.detect(tensor).then(
    (result) => {
      const faces: DetectedFace[] = result.face.map((face) => ({
        box: [face.box[0], face.box[1], face.box[2], face.box[3]],
        score: face.score,
        yaw: face.rotation?.angle.yaw ?? null,
        pitch: face.rotation?.angle.pitch ?? null,
        embedding: face.embedding && face.embedding.length > 0 ? Float32Array.from(face.embedding) : null,
      }));
      const transfer = faces.flatMap((f) => (f.embedding ? [f.embedding.buffer as ArrayBuffer] : []));
      reply({ kind: 'detected', id: request.id, width: png.width, height: png.height, faces, ms: Math.round(performance.now() - started) }, transfer);
    },
    (error: unknown) => reply({ kind: 'failed', id: request.id, reason: 'model', message: (error as Error).message }),
  ).finally(() => human.tf.dispose(tensor));
}

load().then(
  (human) => {
    if (!human) return;
    // One detection at a time, in order: the model is not re-entrant and the caller waits anyway.
    let queue = Promise.resolve();
    port.on('message', (request: DetectRequest) => {
      queue = queue.then(() => detectIn(human, request));
    });
  },
  (error: unknown) => reply({ kind: 'loadFailed', message: (error as Error).message }),
);
