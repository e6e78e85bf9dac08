import { CodedError } from '../../foundation/CodedError.ts';
import { describeZodIssues } from '../../foundation/describeZodIssues.ts';
import type { z } from 'zod';

/** A command line the CLI cannot act on (bad option value, unknown name); main prints it with its code. */
export class UsageError extends CodedError<'BAD_OPTION' | 'NO_READER' | 'TIMEOUT'> {
  override readonly name = 'UsageError';
}

/** Parse a value from the command line with its schema, or say what is wrong in terms of the option. */
export function parseOption<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError('BAD_OPTION', `${what}: ${describeZodIssues(parsed.error).message}`, { cause: parsed.error });
  return parsed.data;
}
