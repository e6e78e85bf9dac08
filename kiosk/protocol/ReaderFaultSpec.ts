import { z } from 'zod';

/**
 * The fault catalogue of the simulated card and reader. Each fault has a scope:
 * next operation, the next N operations, a duration, or until cleared.
 * - deadChip: the card is there but the chip never answers (no ATR).
 * - dirtyContact: each APDU fails with probability `probability` (seeded, so a run repeats).
 * - cardPulled: the card leaves the reader while an APDU is in flight (optionally only an APDU with INS `ins`).
 * - readerDetached: the reader disappears (cable pulled).
 * - slowCard: APDUs take as long as on a real contact reader (latency model below).
 */
export const FaultKindSchema = z.enum(['deadChip', 'dirtyContact', 'cardPulled', 'readerDetached', 'slowCard']);
export type FaultKind = z.infer<typeof FaultKindSchema>;

export const FaultScopeSchema = z.union([
  z.object({ kind: z.literal('next') }).strict(),
  z.object({ kind: z.literal('count'), operations: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('duration'), ms: z.number().positive() }).strict(),
  z.object({ kind: z.literal('untilCleared') }).strict(),
]);
export type FaultScope = z.infer<typeof FaultScopeSchema>;

/**
 * Latency of a contact reader at T=1, 115 200 bit/s: about 87 µs a byte on the wire, a few ms of
 * card processing per command, and an RSA-2048 private-key operation of ~200 ms. Our own model
 * (no public measurement of a 顔認証付きカードリーダー), close to what PC/SC logs of contact readers show.
 */
export const LatencyModelSchema = z
  .object({ perApduMs: z.number().min(0).default(3), perByteMs: z.number().min(0).default(0.087), signMs: z.number().min(0).default(200) })
  .strict();
export type LatencyModel = z.infer<typeof LatencyModelSchema>;

export const FaultSpecSchema = z
  .object({
    kind: FaultKindSchema,
    scope: FaultScopeSchema.default({ kind: 'untilCleared' }),
    /** dirtyContact: chance that one APDU fails. */
    probability: z.number().min(0).max(1).default(0.3),
    /** Seed of the random faults. */
    seed: z.number().int().default(1),
    /** cardPulled: only while an APDU with this INS is in flight (e.g. 0xB0 READ BINARY). */
    ins: z.number().int().min(0).max(255).optional(),
    /** cardPulled: let this many matching APDUs through first. */
    skip: z.number().int().min(0).default(0),
    latency: LatencyModelSchema.default({ perApduMs: 3, perByteMs: 0.087, signMs: 200 }),
    /**
     * cardPulled, readerDetached at an APDU: how long until the reader reports it. The command in flight
     * fails at once; PC/SC only notices at its next poll (pcscd polls every 400 ms), so a real kiosk sees
     * the failed command before the removal. 0 reports both together.
     */
    noticeMs: z.number().min(0).default(0),
  })
  .strict();
export type FaultSpec = z.infer<typeof FaultSpecSchema>;
export type FaultSpecInput = z.input<typeof FaultSpecSchema>;
