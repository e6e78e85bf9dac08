import type { OperatorFaults } from '../../protocol/eligibility/ClientMessage.ts';

/** The operator's levers on a running service; all off at start. */
export function noFaults(): OperatorFaults {
  return { delayMs: 0, failWith: null, dropBeforeReply: false, down: false };
}

/** The levers as the operator last set them; `onDown` runs when the service is taken down. */
export class ServiceFaults {
  private value = noFaults();

  constructor(private readonly onDown: () => void) {}

  get current(): OperatorFaults {
    return this.value;
  }

  set(next: Partial<OperatorFaults>): OperatorFaults {
    const wasDown = this.value.down;
    this.value = { ...this.value, ...next };
    if (this.value.down && !wasDown) this.onDown();
    return this.value;
  }
}
