import { loadDataFile } from '../../foundation/DataFile.ts';
import { fileURLToPath } from 'node:url';
import { SeedPopulationSchema, type SeedPopulation } from './SeedPopulation.ts';

/** The population that ships with the project: it matches the card profiles of sim/profiles/. */
export const SEED_POPULATION_FILE = fileURLToPath(new URL('./population.json', import.meta.url));

/** Read and validate a seed population; the one place a seed file is parsed. */
export function loadSeedPopulation(file = SEED_POPULATION_FILE): SeedPopulation {
  return loadDataFile(file, SeedPopulationSchema, { what: 'seed population' });
}
