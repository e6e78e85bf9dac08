import { expect } from 'vitest';
import type { ResultOfQualificationConfirmation } from '../../protocol/eligibility/EligibilityResult.ts';
import type { Tree } from './ReferenceClient.ts';

/*
 * The reference client's own reading of the file format (docs/terminal-files.md, "Values"), written apart
 * from the terminal's mapping so a mistake in one shows against the other: a 6-digit 国保 number is padded
 * with spaces, kana are half-width (NFKC compares them), ratios are 3 digits, null is absent. Consent times
 * are compared by presence and format only: the client's own query happened at another second.
 */
const TIMES = /ConsTime$|AvailableTime$/;

function expected(key: string, value: unknown): unknown {
  if (value === null) return undefined;
  if (key === 'InsurerNumber') return (value as string).startsWith('00') ? `  ${(value as string).slice(2)}` : value;
  if (key === 'InsuredPartialContributionRatio' || key === 'ElderlyRecipientContributionRatio') return (value as string).padStart(3, '0');
  if (key === 'SpecificDiseasesCertificateList') {
    const list = value as Array<Record<string, unknown>>;
    return list.length === 0 ? undefined : { SpecificDiseasesCertificateInfo: list.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]))) };
  }
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null).map(([k, v]) => [k, expected(k, v)]));
  return String(value);
}

export function expectSameQualification(file: Tree, service: ResultOfQualificationConfirmation, where: string): void {
  const seen = new Set(Object.keys(file));
  for (const [key, value] of Object.entries(service)) {
    if (key === 'PrescriptionIssueSelect') continue; // in MessageBody, checked by the caller
    seen.delete(key);
    const want = expected(key, value);
    const got = file[key];
    if (key === 'NameKana') {
      expect(typeof got === 'string' && /^[\uff61-\uff9f ]+$/.test(got), `${where}: NameKana half-width`).toBe(true);
      expect((got as string).normalize('NFKC'), `${where}: NameKana`).toBe((value as string).normalize('NFKC'));
    } else if (TIMES.test(key)) {
      expect(got === undefined, `${where}: ${key} present`).toBe(want === undefined);
      if (got !== undefined) expect(got, `${where}: ${key}`).toMatch(/^\d{14}$/);
    } else {
      expect(got, `${where}: ${key}`).toEqual(want);
    }
  }
  expect([...seen], `${where}: elements the service did not answer`).toEqual([]);
}
