import type { z } from 'zod';

export interface DescribedIssues {
  /** One line: `path: message; path: message`. */
  message: string;
  issues: { path: string; message: string }[];
}

/**
 * What is wrong with a value that failed its schema, in words: the first `limit` issues with their
 * paths (`(root)` for the value itself). Never the value: it may hold a PIN or a secret.
 */
export function describeZodIssues(error: z.ZodError, limit = 5): DescribedIssues {
  const issues = error.issues.slice(0, limit).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return { message: issues.map((i) => `${i.path}: ${i.message}`).join('; ') + more, issues };
}
