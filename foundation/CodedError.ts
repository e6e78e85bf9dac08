/**
 * The one base of every error the project throws: a `code` from the layer's own union (what callers
 * switch on), a message a person can act on, and the `cause` that led to it. Each layer names its
 * error (CardError, ServiceError, KioskFault, …) and its codes; none throws a bare Error.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Whether `value` is an error (of any layer) whose code is one of `codes`. */
export function hasErrorCode<C extends string>(value: unknown, codes: readonly C[]): value is CodedError<C> {
  return value instanceof CodedError && (codes as readonly string[]).includes(value.code);
}

/** The message of anything thrown, for logs and wrapped errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
