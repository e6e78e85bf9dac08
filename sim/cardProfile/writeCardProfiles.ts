import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataFile } from '../../foundation/DataFile.ts';
import { z } from 'zod';
import { CardProfileSchema, type CardProfileInput } from './CardProfile.ts';
import { generateCardProfile, type GeneratedProfile } from './generateCardProfile.ts';
import { PROFILE_DIR } from './loadCardProfile.ts';

const PresetsSchema = z.object({
  $comment: z.string().optional(),
  presets: z.array(
    z.object({
      name: z.string().regex(/^[a-z0-9-]+$/),
      seed: z.number().int(),
      description: z.string(),
      /** A photograph shipped beside the profiles (photos/…, attributed in photos/README.md), in place of a drawn placeholder. */
      photograph: z.string().regex(/^photos\/[\w.-]+\.png$/).optional(),
      overrides: z.record(z.string(), z.unknown()),
    }),
  ),
});

function merge(base: unknown, override: unknown): unknown {
  if (override === null || typeof override !== 'object' || Array.isArray(override) || base === null || typeof base !== 'object') return override;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(override)) out[k] = merge(out[k], v);
  return out;
}

export function writeCardProfile(dir: string, generated: GeneratedProfile): string {
  mkdirSync(join(dir, 'photos'), { recursive: true });
  const file = join(dir, `${generated.name}.json`);
  writeFileSync(file, JSON.stringify(generated.profile, null, 2) + '\n');
  writeFileSync(join(dir, generated.profile.facePhoto), generated.photo);
  return file;
}

/** `count` generated profiles from consecutive seeds starting at `seed`. */
export function writeGeneratedProfiles(dir: string, count: number, seed: number, today = new Date()): string[] {
  return Array.from({ length: count }, (_, i) => writeCardProfile(dir, generateCardProfile(seed + i, today)));
}

/** The shipped catalogue: presets.json applied over generated bases. Birth dates are anchored to a fixed day so files never churn. */
export function writePresetProfiles(dir: string, presetsFile = fileURLToPath(new URL('./presets.json', import.meta.url)), only?: (name: string) => boolean): string[] {
  const { presets } = loadDataFile(presetsFile, PresetsSchema, { what: 'profile presets file' });
  return presets.filter((preset) => !only || only(preset.name)).map((preset) => {
    const base = generateCardProfile(preset.seed, new Date('2026-01-01T00:00:00Z'));
    const facePhoto = preset.photograph ?? `photos/${preset.name}.png`;
    const profile = merge(base.profile, { ...preset.overrides, description: preset.description, facePhoto }) as CardProfileInput;
    if (!(preset.overrides.card as { expiry?: string } | undefined)?.expiry) profile.card.expiry = expiryOnBirthday(profile.card.expiry, profile.holder.birthDate);
    CardProfileSchema.parse(profile);
    const photo = preset.photograph ? new Uint8Array(readFileSync(join(PROFILE_DIR, preset.photograph))) : base.photo;
    return writeCardProfile(dir, { name: preset.name, profile, photo });
  });
}

/**
 * A card expires on a birthday (the 10th, or 5th, after issue), as the card-face OCR checks: a preset that
 * gives the holder another birth date keeps the generated expiry's year and takes the birth month and day
 * (29 February → 28 February in a common year).
 */
function expiryOnBirthday(expiry: string, birthDate: string): string {
  const year = Number(expiry.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-${birthDate.slice(5) === '02-29' && !leap ? '02-28' : birthDate.slice(5)}`;
}
