import { z } from 'zod';

/**
 * The tolerances a 5-item comparison may rely on (docs/linkage.md "Tolerances"): each one means the two
 * records probably name the same person, written differently, and the person should be asked. The wire
 * (protocol/eligibility) carries the same words; matching/MatchTolerance.test.ts keeps them equal.
 */
export const MATCH_TOLERANCES = ['kuroMaru', 'itaiji', 'kanaVariant', 'addressNotation'] as const;
export const MatchToleranceSchema = z.enum(MATCH_TOLERANCES);
export type MatchTolerance = z.infer<typeof MatchToleranceSchema>;
