import { z } from 'zod';
import data from './counterRules.json' with { type: 'json' };

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');

/**
 * CounterDocument: what a patient can show at the counter as proof of insurance.
 * - mynaCard / smartphone: マイナ保険証 (the card, the phone), through the reader;
 * - qualificationCertificate: 資格確認書; healthInsuranceCard: 保険証 within its validity;
 * - expiredHealthInsuranceCard: 期限切れの保険証; qualificationNoticeAlone: 「資格情報のお知らせ」 alone;
 * - qualificationNotice / mynaPortal: the お知らせ or the マイナポータル screen, with the card, when the card
 *   cannot be confirmed online (the outage procedure's own proofs).
 */
export const COUNTER_DOCUMENTS = ['mynaCard', 'smartphone', 'qualificationCertificate', 'healthInsuranceCard', 'expiredHealthInsuranceCard', 'qualificationNoticeAlone', 'qualificationNotice', 'mynaPortal'] as const;
export const CounterDocumentSchema = z.enum(COUNTER_DOCUMENTS);
export type CounterDocument = z.infer<typeof CounterDocumentSchema>;

export const CounterRuleSchema = z
  .object({
    id: z.string().min(1),
    document: CounterDocumentSchema,
    /** First and last Japanese day the rule is in force, inclusive; null = open-ended. */
    from: isoDay.nullable(),
    to: isoDay.nullable(),
    /** The document is accepted only once the service confirmed its numbers (照会区分 2) or the card. */
    needsQuery: z.boolean(),
    summary: z.string().min(1),
    sources: z.array(z.url()).min(1),
  })
  .strict();
export type CounterRule = z.infer<typeof CounterRuleSchema>;

export const CounterRulesSchema = z.object({ $comment: z.string().optional(), rules: z.array(CounterRuleSchema).min(1) }).strict();

/** The rule set, checked once when the module loads: a broken file fails every test that touches it. */
export const COUNTER_RULES: readonly CounterRule[] = CounterRulesSchema.parse(data).rules;

/** The rules in force on a Japanese day (YYYY-MM-DD, the simulator clock's day in Japan). */
export function counterRulesOn(day: string, rules: readonly CounterRule[] = COUNTER_RULES): CounterRule[] {
  return rules.filter((r) => (r.from === null || r.from <= day) && (r.to === null || day <= r.to));
}

/**
 * Whether the counter accepts `document` on `day`. `serviceReachable` false (3-3, 3-4): a document
 * the rule accepts only after a query is not accepted now (the patient falls to 申立書 or 10割).
 */
export function counterAccepts(document: CounterDocument, day: string, options: { serviceReachable?: boolean } = {}, rules: readonly CounterRule[] = COUNTER_RULES): boolean {
  return counterRulesOn(day, rules).some((r) => r.document === document && (!r.needsQuery || options.serviceReachable !== false));
}
