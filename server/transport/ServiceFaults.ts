import type { OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';

/** The operator's levers on a running service; all off at start. */
export function noFaults(): OperatorFaults {
  return { delayMs: 0, failWith: null, dropBeforeReply: false, down: false };
}
