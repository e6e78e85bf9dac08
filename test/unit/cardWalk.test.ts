import { beforeAll, describe, expect, it } from 'vitest';
import { createSimCard, type CreatedSimCard } from '../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { loadCardWalk, walkCard, walkSubstitutions, type WalkRow } from '../harness/cardWalk.ts';

/**
 * Issue 16's table, row by row, against the card OS in-process: the fast twin of the pyscard walk through
 * the real pcscd (test/conformance/outsideTools.test.ts), from the same file.
 */
const loaded = loadCardProfile('yamada-taro');
let sim: CreatedSimCard;
let rows: WalkRow[];
let results: Map<string, string[]>;

beforeAll(async () => {
  sim = await createSimCard(loaded.profile, loaded.photo);
  rows = loadCardWalk(walkSubstitutions(loaded.profile, sim));
  results = walkCard(rows, sim.card);
});

describe('the simulated card walked row by row as a real マイナンバーカード answers (cardWalk.json)', () => {
  for (const { row } of loadCardWalk(new Proxy({}, { get: () => '' }) as Record<string, string>)) {
    it(row, () => {
      expect(results.get(row)).toEqual([]);
    });
  }
});
