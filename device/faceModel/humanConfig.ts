import type { Config } from '@vladmandic/human';

/** Human merges a configuration deeply over its defaults, so only what differs is given. */
export type HumanConfig = DeepPartial<Config>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Where the worker pretends the models live: its own fetch answers this origin from disk and nothing else. */
export const MODEL_ORIGIN = 'http://face-models.invalid/';

/**
 * The human configuration measured in /work/research/real-hardware-rig.md §1.4 and §1.6, for stills.
 * Each setting is there for a measured reason:
 * - `filter.enabled: false`: human's image filter cut the separation (false accepts at 0.5 went from
 *   0.5 % to 4.4 %) and made embeddings differ between runs of the same image;
 * - `rotation: false`: rotation correction raised false accepts (0.5 % → 1.4 %);
 * - facemesh on: it gives the head pose for the frontal gate (turned faces make "hub" embeddings);
 * - `maxDetected: 3`: with 1 human keeps the most confident face, which in a frame with bystanders
 *   is not always the patient's; pickPatientFace chooses;
 * - `cacheSensitivity: 0`, `skipFrames: 0`: every detect() is fresh (no result reused across frames);
 * - `modelBasePath` on a fake origin the worker serves itself, `wasmPath` a local directory:
 *   nothing is ever fetched from the network (human's default is a CDN).
 */
export function createHumanConfig(wasmDir: string): HumanConfig {
  return {
    backend: 'wasm',
    wasmPath: wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`,
    wasmPlatformFetch: false,
    modelBasePath: MODEL_ORIGIN,
    debug: false,
    async: true,
    warmup: 'none',
    cacheModels: false,
    validateModels: false,
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { modelPath: 'blazeface.json', rotation: false, maxDetected: 3, minConfidence: 0.5, skipFrames: 0, skipTime: 0 },
      mesh: { enabled: true, modelPath: 'facemesh.json' },
      description: { enabled: true, modelPath: 'faceres.json', skipFrames: 0, skipTime: 0 },
      iris: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
}

/** The model files the configuration above loads (each .json with its .bin), under human's models/. */
export const MODEL_FILES = ['blazeface.json', 'blazeface.bin', 'facemesh.json', 'facemesh.bin', 'faceres.json', 'faceres.bin'] as const;

/** The WASM builds tfjs may pick (SIMD on current CPUs, plain without SIMD, threaded when cross-origin isolated). */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
