import { DataFileError } from '../../foundation/DataFile.ts';
import type { SeedPopulation } from './SeedPopulation.ts';
import { loadSeedPopulation } from './loadSeedPopulation.ts';

export interface DemoClinic {
  code: string;
  name: string;
  secret: string;
}

/**
 * The demo clinic of `npm start`: the population's first clinic, the only one with a fixed secret in the
 * file (published in docs/protocol.md, so never a secret on a service others can reach).
 */
export function demoClinic(population: SeedPopulation = loadSeedPopulation()): DemoClinic {
  const clinic = population.clinics[0];
  if (!clinic?.secret) throw new DataFileError('DATA_FILE_INVALID', 'The seed population’s first clinic is the demo clinic of npm start and needs its fixed secret.');
  return { code: clinic.code, name: clinic.name, secret: clinic.secret };
}
