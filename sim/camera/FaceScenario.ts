import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CodedError } from '../../foundation/CodedError.ts';
import { listDataFiles, loadDataFile, resolveDataFile, type DataFileOptions } from '../../foundation/DataFile.ts';
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

export class ScenarioError extends CodedError<'SCENARIO_NOT_FOUND' | 'SCENARIO_INVALID'> {
  override readonly name = 'ScenarioError';
}

const loading: DataFileOptions = {
  what: 'face scenario',
  error: (kind, message, cause) => new ScenarioError(kind === 'notFound' ? 'SCENARIO_NOT_FOUND' : 'SCENARIO_INVALID', message, { cause }),
};

/** A scenario by name (a file in sim/scenarios/camera/) or by path, validated. */
export function loadFaceScenario(nameOrPath: string, dir = FACE_SCENARIO_DIR): LoadedFaceScenario {
  const file = resolveDataFile(nameOrPath, dir, loading);
  return { name: basename(file, '.json'), file, scenario: loadDataFile(file, FaceScenarioSchema, loading) };
}

export function listFaceScenarios(dir = FACE_SCENARIO_DIR): string[] {
  return listDataFiles(dir);
}
