import { loadInventedNames } from './InventedNames.ts';

/** A municipality as JPKI writes it in Latin letters: `Tokyo-to`, `Kiyose-shi` (MC's test card). */
export interface RomanisedPlace {
  prefecture: string;
  city: string;
}

/**
 * The municipality of a 住所, romanised, from the places the generators draw from. An address of no known
 * place gets P8N's mock form (`Prefecture-13`, `City-13101`) from the municipality code, so a hand-made
 * profile still gets certificates.
 */
export function romanisedPlaceOf(address: string, municipalityCode: string): RomanisedPlace {
  const place = loadInventedNames().places.find((p) => address.startsWith(`${p.prefecture}${p.city}`));
  return place?.romanised ?? { prefecture: `Prefecture-${municipalityCode.slice(0, 2)}`, city: `City-${municipalityCode}` };
}
