import { seededRandom } from '../../foundation/seededRandom.ts';
import { FaultSpecSchema, type FaultKind, type FaultSpec, type FaultSpecInput, type LatencyModel } from '../../kiosk/protocol/ReaderFaultSpec.ts';
import { ScopedFaults, type ScopedFault } from './ScopedFaults.ts';

export type ActiveFault = ScopedFault<FaultSpec>;

/** What the faults decide for one transmit. */
export interface TransmitFaults {
  detached: boolean;
  deadChip: boolean;
  pulled: boolean;
  commFailure: boolean;
  /** Extra time this APDU takes (slowCard), 0 when the card is fast. */
  latencyMs: number;
  /** With pulled/detached: how long until the reader reports it (FaultSpec.noticeMs). */
  noticeMs: number;
}

export function apduLatencyMs(model: LatencyModel, command: Uint8Array, responseLength: number): number {
  const isSign = command[0] === 0x80 && command[1] === 0x2a;
  return model.perApduMs + model.perByteMs * (command.length + responseLength) + (isSign ? model.signMs : 0);
}

/**
 * Keeps the faults injected into one simulated reader and decides, operation by operation, which
 * of them fire. Scopes count the operations a fault applies to (connects for deadChip, matching
 * APDUs for cardPulled, every APDU for the others).
 */
export class FaultInjector {
  private readonly faults: ScopedFaults<FaultSpec>;
  private readonly random = new Map<number, () => number>();
  private readonly matched = new Map<number, number>();

  constructor(now: () => number = Date.now) {
    this.faults = new ScopedFaults(now);
  }

  inject(input: FaultSpecInput): ActiveFault {
    const fault = this.faults.add(FaultSpecSchema.parse(input));
    this.random.set(fault.id, seededRandom(fault.spec.seed));
    return fault;
  }

  /** Clear every fault, or those of one kind, or one by id. */
  clear(which?: FaultKind | number): void {
    this.faults.clear(which);
  }

  active(): ActiveFault[] {
    return this.faults.active();
  }

  isActive(kind: FaultKind): boolean {
    return this.faults.isActive(kind);
  }

  private consume(fault: ActiveFault): void {
    this.faults.consume(fault);
  }

  /** A connect (power-up): a dead chip gives no ATR. */
  onConnect(): { deadChip: boolean; detached: boolean } {
    let deadChip = false;
    let detached = false;
    for (const f of this.active()) {
      if (f.spec.kind === 'deadChip') {
        deadChip = true;
        this.consume(f);
      } else if (f.spec.kind === 'readerDetached') {
        detached = true;
        this.consume(f);
      }
    }
    return { deadChip, detached };
  }

  onTransmit(command: Uint8Array, expectedResponseLength = 2): TransmitFaults {
    const out: TransmitFaults = { detached: false, deadChip: false, pulled: false, commFailure: false, latencyMs: 0, noticeMs: 0 };
    for (const f of this.active()) {
      switch (f.spec.kind) {
        case 'readerDetached':
          out.detached = true;
          out.noticeMs = Math.max(out.noticeMs, f.spec.noticeMs);
          this.consume(f);
          break;
        case 'deadChip':
          out.deadChip = true;
          this.consume(f);
          break;
        case 'dirtyContact':
          if (this.random.get(f.id)!() < f.spec.probability) out.commFailure = true;
          this.consume(f);
          break;
        case 'slowCard':
          out.latencyMs += apduLatencyMs(f.spec.latency, command, expectedResponseLength);
          this.consume(f);
          break;
        case 'cardPulled': {
          if (f.spec.ins !== undefined && command[1] !== f.spec.ins) break;
          const seen = (this.matched.get(f.id) ?? 0) + 1;
          this.matched.set(f.id, seen);
          if (seen > f.spec.skip) {
            out.pulled = true;
            out.noticeMs = Math.max(out.noticeMs, f.spec.noticeMs);
            this.consume(f);
          }
          break;
        }
      }
    }
    return out;
  }
}
