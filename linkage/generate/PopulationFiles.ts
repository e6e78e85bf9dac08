import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';
import { InsurerPolicySchema, type InsurerPolicy } from '../insurer/InsurerPolicy.ts';
import { GeneratorRatesSchema } from './GeneratorRates.ts';
import { generatePopulation, type GenerateOptions, type GenerationSummary } from './generatePopulation.ts';

/** The files of a population folder. Ground truth sits in its own subfolder, read only when scoring. */
export const POPULATION_FILES = { jlis: 'jlis.ndjson', linkages: 'linkages.ndjson', manifest: 'manifest.json', truth: join('truth', 'labels.ndjson') } as const;

export const PopulationManifestSchema = z
  .object({
    format: z.literal(1),
    generatedAt: z.string(),
    seed: z.number().int(),
    people: z.number().int().nonnegative(),
    linkages: z.number().int().nonnegative(),
    /** Both record files are sorted by this key (then linkageId), so the 総点検 merges them in one pass. */
    sortedBy: z.literal('myNumber'),
    insurers: z.array(InsurerPolicySchema),
    rates: GeneratorRatesSchema,
  })
  .strict();
export type PopulationManifest = z.infer<typeof PopulationManifestSchema>;

export function loadPopulationManifest(dir: string): PopulationManifest {
  return loadDataFile(join(dir, POPULATION_FILES.manifest), PopulationManifestSchema, { what: 'population manifest' });
}

/** Lines appended to a file in blocks of ~1 MB: one write call per block, not per record. */
export class NdjsonWriter {
  private readonly fd: number;
  private buffer = '';

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(record: unknown): void {
    this.buffer += `${JSON.stringify(record)}\n`;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Generate a population into `dir`: jlis.ndjson, linkages.ndjson, manifest.json, and truth/labels.ndjson apart. */
export function writePopulationFiles(dir: string, options: Omit<GenerateOptions, 'insurers'> & { insurers: InsurerPolicy[] }): { summary: GenerationSummary; manifest: PopulationManifest } {
  mkdirSync(join(dir, 'truth'), { recursive: true });
  const jlis = new NdjsonWriter(join(dir, POPULATION_FILES.jlis));
  const linkages = new NdjsonWriter(join(dir, POPULATION_FILES.linkages));
  const labels = new NdjsonWriter(join(dir, POPULATION_FILES.truth));
  let summary: GenerationSummary;
  try {
    summary = generatePopulation(options, { resident: (r) => jlis.write(r), linkage: (l) => linkages.write(l), label: (t) => labels.write(t) });
  } finally {
    jlis.close();
    linkages.close();
    labels.close();
  }
  const manifest: PopulationManifest = {
    format: 1,
    generatedAt: new Date().toISOString(),
    seed: options.seed,
    people: summary.people,
    linkages: summary.linkages,
    sortedBy: 'myNumber',
    insurers: options.insurers,
    rates: GeneratorRatesSchema.parse(options.rates ?? {}),
  };
  writeFileSync(join(dir, POPULATION_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return { summary, manifest };
}
