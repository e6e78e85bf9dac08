import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CameraError } from '../camera/CameraError.ts';
import { MODEL_FILES, WASM_FILES } from './humanConfig.ts';

/** Where the face model's files are: all of them ship in npm packages (nothing is downloaded at run time). */
export interface HumanModelFiles {
  /** human's node-wasm build (@vladmandic/human/dist/human.node-wasm.js). */
  humanScript: string;
  /** blazeface, facemesh and faceres (@vladmandic/human/models). */
  modelDir: string;
  /** tfjs's WASM builds (@tensorflow/tfjs-backend-wasm/dist), same version as human's bundled tfjs (4.22.0). */
  wasmDir: string;
}

const INSTALL_HINT = 'Install the packages with `npm ci` (they ship the model; nothing is downloaded at run time).';

/** The files as installed in node_modules; a package that is not installed yields a path that does not exist. */
export function installedHumanModelFiles(): HumanModelFiles {
  const require = createRequire(import.meta.url);
  const packageDir = (name: string, entry: string) => {
    try {
      // human's exports map hides its package.json and its node-wasm build; its main entry does resolve.
      return dirname(require.resolve(entry));
    } catch {
      return fileURLToPath(new URL(`../../node_modules/${name}/dist`, import.meta.url));
    }
  };
  const humanDist = packageDir('@vladmandic/human', '@vladmandic/human');
  return {
    humanScript: join(humanDist, 'human.node-wasm.js'),
    modelDir: join(humanDist, '..', 'models'),
    wasmDir: packageDir('@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-wasm'),
  };
}

/** Resolves when every file is there; otherwise MODEL_MISSING listing what is missing and how to install it. */
export function checkHumanModelFiles(files: HumanModelFiles): void {
  const missing = [
    files.humanScript,
    ...MODEL_FILES.map((f) => join(files.modelDir, f)),
    // tfjs picks one of the builds by CPU; the SIMD one is what every current x86-64 and ARM64 CPU takes.
    join(files.wasmDir, WASM_FILES[1]),
  ].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new CameraError('MODEL_MISSING', `The face model's files are missing: ${missing.join(', ')}. ${INSTALL_HINT}`);
  }
}
