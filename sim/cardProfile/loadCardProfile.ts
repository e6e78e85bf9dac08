import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodedError } from '../../foundation/CodedError.ts';
import { listDataFiles, loadDataFile, resolveDataFile, type DataFileOptions } from '../../foundation/DataFile.ts';
import { CardProfileSchema, type CardProfile } from './CardProfile.ts';

/** The profiles that ship with the project. */
export const PROFILE_DIR = fileURLToPath(new URL('../profiles/', import.meta.url));

export interface LoadedCardProfile {
  name: string;
  file: string;
  profile: CardProfile;
  photo: Uint8Array;
}

export class ProfileError extends CodedError<'PROFILE_NOT_FOUND' | 'PROFILE_INVALID'> {
  override readonly name = 'ProfileError';
}

const loading: DataFileOptions = {
  what: 'card profile',
  error: (kind, message, cause) => new ProfileError(kind === 'notFound' ? 'PROFILE_NOT_FOUND' : 'PROFILE_INVALID', message, { cause }),
};

/** A profile by name (a file in sim/profiles/) or by path. Validated; the photo file is read. */
export function loadCardProfile(nameOrPath: string, dir = PROFILE_DIR): LoadedCardProfile {
  const file = resolveDataFile(nameOrPath, dir, loading);
  const profile = loadDataFile(file, CardProfileSchema, loading);
  const photoFile = join(dirname(file), profile.facePhoto);
  if (!existsSync(photoFile)) throw new ProfileError('PROFILE_INVALID', `${file}: face photo ${photoFile} is missing.`);
  return { name: basename(file, '.json'), file, profile, photo: new Uint8Array(readFileSync(photoFile)) };
}

export function listCardProfiles(dir = PROFILE_DIR): string[] {
  return listDataFiles(dir);
}
