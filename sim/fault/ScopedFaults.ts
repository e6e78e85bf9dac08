import type { FaultScope } from '../../kiosk/protocol/ReaderFaultSpec.ts';

export interface ScopedFault<Spec> {
  id: number;
  spec: Spec;
  /** Operations left for next/count scopes. */
  remaining: number;
  /** Clock time after which a duration fault is over. */
  until: number;
}

/**
 * The scope bookkeeping every fault catalogue shares (card and reader here, staff panel and face
 * camera in sim/panel and sim/camera): next operation, the next N operations, a duration, or until
 * cleared. What counts as an operation is up to the device that owns the faults.
 */
export class ScopedFaults<Spec extends { kind: string; scope: FaultScope }> {
  private faults: ScopedFault<Spec>[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  add(spec: Spec): ScopedFault<Spec> {
    const fault: ScopedFault<Spec> = {
      id: this.nextId++,
      spec,
      remaining: spec.scope.kind === 'next' ? 1 : spec.scope.kind === 'count' ? spec.scope.operations : Infinity,
      until: spec.scope.kind === 'duration' ? this.now() + spec.scope.ms : Infinity,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Clear every fault, or those of one kind, or one by id. */
  clear(which?: Spec['kind'] | number): void {
    this.faults = this.faults.filter((f) => which !== undefined && f.spec.kind !== which && f.id !== which);
  }

  active(): ScopedFault<Spec>[] {
    const now = this.now();
    this.faults = this.faults.filter((f) => f.remaining > 0 && f.until > now);
    return [...this.faults];
  }

  isActive(kind: Spec['kind']): boolean {
    return this.active().some((f) => f.spec.kind === kind);
  }

  /** One operation the fault applied to. */
  consume(fault: ScopedFault<Spec>): void {
    fault.remaining -= 1;
  }
}
