import { describe, expect, it } from 'vitest';
import { loadSeedPopulation } from '../../../server/seed/loadSeedPopulation.ts';
import { generateSyntheticPopulation } from './generateSyntheticPopulation.ts';
import { SeedPopulationSchema } from '../../../server/seed/SeedPopulation.ts';

describe('generateSyntheticPopulation', () => {
  it('adds valid, linked people reproducibly: the same seed gives the same population, another seed another', () => {
    const base = loadSeedPopulation();
    const a = generateSyntheticPopulation(base, 50, 7);
    expect(SeedPopulationSchema.safeParse(a).success).toBe(true);
    expect(a.people).toHaveLength(base.people.length + 50);
    expect(generateSyntheticPopulation(base, 50, 7)).toEqual(a);
    expect(generateSyntheticPopulation(base, 50, 8).residents.at(-1)).not.toEqual(a.residents.at(-1));
    const serials = a.residents.map((r) => r.certificateSerial);
    expect(new Set(serials).size).toBe(serials.length);
  });
});
