import { z } from 'zod';

const rate = z.number().min(0).max(1);

/**
 * What the generator injects, per linkage unless said otherwise (research/linkage.md §4, §5). Defaults are
 * calibrated to the 総点検's totals: ~0.9 % of 1.6億 records did not match J-LIS (氏名等不一致 139万, which
 * includes moves and name changes, not notation alone) and ~0.01 % were another person's number (8,351 errors
 * in 8,208万 across 29 programmes). The split among the same-person variants is ours [I].
 */
export const GeneratorRatesSchema = z
  .object({
    /** 外字 in the J-LIS name, ● in the insurer's record. */
    kuroMaru: rate.default(0.0015),
    /** 外字 in the J-LIS name, a common form (髙→高) in the insurer's. */
    itaiji: rate.default(0.001),
    /** small kana written large, a long vowel written ー (シヨウ, コージ). */
    kanaVariant: rate.default(0.001),
    /** 1-2-2 for １丁目２番２号, or a building left out. */
    addressNotation: rate.default(0.0015),
    /** moved; J-LIS knows (転居), the insurer does not. */
    moved: rate.default(0.0035),
    /** married; J-LIS knows (氏名変更), the insurer does not. */
    nameChanged: rate.default(0.0004),
    /** a 濁点 read differently by the insurer (ヤマサキ for ヤマザキ). */
    kanaReading: rate.default(0.0001),
    /** the insurer keyed the birth date wrong: the same person, a ① mismatch all the same. */
    birthDateKeyed: rate.default(0.000017),
    /** moved and a 濁点 read differently: the same person looks like case ③. */
    movedAndKanaReading: rate.default(0.00003),
    /** a job change whose old qualification is not yet lost: one number, two live qualifications. */
    jobChangeOverlap: rate.default(0.0001),
    /** another person's number (per person): the 3-item shortcut, a family member taken for another. */
    otherPerson: rate.default(0.0001),
    /** Of the other-person errors, the share made by the 3-item shortcut; the rest are family swaps. */
    otherPersonShortcutShare: rate.default(0.7),
    /** a mistyped number that passed its check digit and names no one. */
    mistypedNumber: rate.default(0.00005),
    /** 被用者保険 records without an address (insurers need not register one); 国保 and 後期 always have one. */
    addressMissingEmployee: rate.default(0.3),
    /** people with a past qualification besides the current one (0.4億 of 1.6億). */
    pastQualification: rate.default(0.33),
    /** per birth, twins (1.007 % of deliveries). */
    twins: rate.default(0.01),
    /** per child, the same given name as the parent of the same sex. */
    sameNameAsParent: rate.default(0.0005),
  })
  .strict();
export type GeneratorRates = z.infer<typeof GeneratorRatesSchema>;
export type GeneratorRatesInput = z.input<typeof GeneratorRatesSchema>;
