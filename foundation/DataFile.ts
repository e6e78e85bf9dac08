import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import { CodedError } from './CodedError.ts';
import { describeZodIssues } from './describeZodIssues.ts';

export type DataFileErrorCode = 'DATA_FILE_NOT_FOUND' | 'DATA_FILE_INVALID';

export class DataFileError extends CodedError<DataFileErrorCode> {
  override readonly name = 'DataFileError';
}

/** How a loader names its own error; the default is DataFileError. */
export type DataFileErrorFactory = (kind: 'notFound' | 'invalid', message: string, cause?: unknown) => Error;

const defaultError: DataFileErrorFactory = (kind, message, cause) => new DataFileError(kind === 'notFound' ? 'DATA_FILE_NOT_FOUND' : 'DATA_FILE_INVALID', message, { cause });

export interface DataFileOptions {
  /** What the file holds, for messages: "card profile", "scenario", "seed population". */
  what: string;
  error?: DataFileErrorFactory;
}

/**
 * The one loader of the project's data files (profiles, scenarios, seed populations, panel mappings,
 * presets): read JSON, validate it with its schema, and say exactly what is wrong when it is not valid.
 */
export function loadDataFile<S extends z.ZodType>(file: string, schema: S, options: DataFileOptions): z.infer<S> {
  const fail = options.error ?? defaultError;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw fail('notFound', `Cannot read the ${options.what} ${file}: ${(cause as Error).message}`, cause);
  }
  return parseDataFile(text, schema, { ...options, source: file });
}

/** Validate data already read (from a file or a frame), as loadDataFile does. */
export function parseDataFile<S extends z.ZodType>(text: string, schema: S, options: DataFileOptions & { source: string }): z.infer<S> {
  const fail = options.error ?? defaultError;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw fail('invalid', `${options.source} is not valid JSON.`, cause);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fail('invalid', `${options.source} is not a valid ${options.what}: ${describeZodIssues(parsed.error, 20).message}`, parsed.error);
  return parsed.data;
}

/** A data file named by its name in `dir` (`yamada-taro`) or by a path (`./my.json`); NOT_FOUND lists the known names. */
export function resolveDataFile(nameOrPath: string, dir: string, options: DataFileOptions): string {
  const file = nameOrPath.endsWith('.json') ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath)) : join(dir, `${nameOrPath}.json`);
  if (!existsSync(file)) {
    throw (options.error ?? defaultError)('notFound', `No ${options.what} ${JSON.stringify(nameOrPath)} (looked for ${file}). Known: ${listDataFiles(dir).join(', ') || 'none'}.`);
  }
  return file;
}

/** The names of the data files in a folder, sorted. */
export function listDataFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}
