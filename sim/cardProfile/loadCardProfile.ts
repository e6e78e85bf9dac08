import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CardProfileSchema, type CardProfile } from './CardProfile.ts';

/** The profiles that ship with the project. */
export const PROFILE_DIR = fileURLToPath(new URL('../profiles/', import.meta.url));

export interface LoadedCardProfile {
  name: string;
  file: string;
  profile: CardProfile;
  photo: Uint8Array;
}

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    readonly code: 'PROFILE_NOT_FOUND' | 'PROFILE_INVALID',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A profile by name (a file in sim/profiles/) or by path. Validated; the photo file is read. */
export function loadCardProfile(nameOrPath: string, dir = PROFILE_DIR): LoadedCardProfile {
  const file = nameOrPath.endsWith('.json') ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath)) : join(dir, `${nameOrPath}.json`);
  if (!existsSync(file)) {
    throw new ProfileError('PROFILE_NOT_FOUND', `No card profile ${JSON.stringify(nameOrPath)} (looked for ${file}). Known: ${listCardProfiles(dir).join(', ')}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ProfileError('PROFILE_INVALID', `${file} is not valid JSON.`, { cause });
  }
  const parsed = CardProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ProfileError('PROFILE_INVALID', `${file} is not a valid card profile: ${issues}`);
  }
  const photoFile = join(dirname(file), parsed.data.facePhoto);
  if (!existsSync(photoFile)) throw new ProfileError('PROFILE_INVALID', `${file}: face photo ${photoFile} is missing.`);
  return { name: basename(file, '.json'), file, profile: parsed.data, photo: new Uint8Array(readFileSync(photoFile)) };
}

export function listCardProfiles(dir = PROFILE_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}
