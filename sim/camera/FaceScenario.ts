import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SimFaceAttemptSchema } from './FaceCameraModel.ts';

/** The scenarios that ship with the project. */
export const FACE_SCENARIO_DIR = fileURLToPath(new URL('../scenarios/camera/', import.meta.url));

/**
 * A face-camera scenario file: the outcomes of successive attempts, e.g. "no face, then a match".
 * After the last attempt: repeat it, start over, or draw from the camera model.
 */
export const FaceScenarioSchema = z
  .object({
    description: z.string().min(1),
    attempts: z.array(SimFaceAttemptSchema).min(1),
    afterLast: z.enum(['repeatLast', 'cycle', 'model']).default('model'),
  })
  .strict();
export type FaceScenario = z.infer<typeof FaceScenarioSchema>;

export interface LoadedFaceScenario {
  name: string;
  file: string;
  scenario: FaceScenario;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly code: 'SCENARIO_NOT_FOUND' | 'SCENARIO_INVALID',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A scenario by name (a file in sim/camera/scenarios/) or by path, validated. */
export function loadFaceScenario(nameOrPath: string, dir = FACE_SCENARIO_DIR): LoadedFaceScenario {
  const file = nameOrPath.endsWith('.json') ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath)) : join(dir, `${nameOrPath}.json`);
  if (!existsSync(file)) {
    throw new ScenarioError('SCENARIO_NOT_FOUND', `No face scenario ${JSON.stringify(nameOrPath)} (looked for ${file}). Known: ${listFaceScenarios(dir).join(', ')}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ScenarioError('SCENARIO_INVALID', `${file} is not valid JSON.`, { cause });
  }
  const parsed = FaceScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ScenarioError('SCENARIO_INVALID', `${file} is not a valid face scenario: ${issues}`);
  }
  return { name: basename(file, '.json'), file, scenario: parsed.data };
}

export function listFaceScenarios(dir = FACE_SCENARIO_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}
