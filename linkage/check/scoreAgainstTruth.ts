import { existsSync } from 'node:fs';
import type { TruthScore } from '../../protocol/linkageReport/LinkageReport.ts';
import { LinkageError } from '../LinkageError.ts';
import { TruthLabelSchema } from '../registry/LinkageRecord.ts';
import { NdjsonCursor } from './NdjsonCursor.ts';

/**
 * Recall and precision of the otherPerson class against the generator's labels. The labels are streamed
 * and only the injected other-person ids are kept, so memory follows the errors, not the population.
 */
export function scoreAgainstTruth(truthFile: string, flagged: ReadonlySet<string>): TruthScore {
  if (!existsSync(truthFile)) throw new LinkageError('INPUT_INVALID', `No ground-truth labels at ${truthFile}: give the truth/labels.ndjson the generator wrote.`);
  const cursor = new NdjsonCursor(truthFile);
  let injected = 0;
  let found = 0;
  try {
    for (let line = cursor.next(); line; line = cursor.next()) {
      if (!line.text.includes('"otherPerson"')) continue;
      const label = TruthLabelSchema.parse(JSON.parse(line.text));
      if (label.truth !== 'otherPerson') continue;
      injected += 1;
      if (flagged.has(label.linkageId)) found += 1;
    }
  } finally {
    cursor.close();
  }
  return { injectedOtherPerson: injected, found, flagged: flagged.size, recall: injected === 0 ? 1 : found / injected, precision: flagged.size === 0 ? 1 : found / flagged.size };
}
