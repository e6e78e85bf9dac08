import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';

const NameSchema = z.object({ kanji: z.string(), kana: z.string() });

/** Invented family names, given names and places the profile and population generators draw from. */
export const InventedNamesSchema = z.object({
  $comment: z.string().optional(),
  familyNames: z.array(NameSchema).min(1),
  givenNames: z.object({ male: z.array(NameSchema).min(1), female: z.array(NameSchema).min(1) }),
  places: z
    .array(z.object({ prefecture: z.string(), city: z.string(), town: z.string(), municipalityCode: z.string(), romanised: z.object({ prefecture: z.string(), city: z.string() }) }))
    .min(1),
});
export type InventedNames = z.infer<typeof InventedNamesSchema>;

export const INVENTED_NAMES_FILE = fileURLToPath(new URL('./inventedNames.json', import.meta.url));

let cached: InventedNames | undefined;

export function loadInventedNames(): InventedNames {
  return (cached ??= loadDataFile(INVENTED_NAMES_FILE, InventedNamesSchema, { what: 'invented names file' }));
}
