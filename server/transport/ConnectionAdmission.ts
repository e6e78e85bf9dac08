import type { Socket } from 'node:net';
import type { ConnectionLimits } from './ConnectionLimits.ts';
import type { HelloThrottle } from './HelloThrottle.ts';

/** One TCP connection let in, counted as unauthenticated until its hello is accepted. */
export class AdmittedSocket {
  authenticated = false;
  released = false;

  constructor(
    readonly socket: Socket,
    /** The address it is counted under (sourceOf). */
    readonly source: string,
  ) {}
}

export type AdmissionDecision = { ok: true; admitted: AdmittedSocket } | { ok: false; status: 429 | 503; reason: string; retryAfterSeconds: number };

/**
 * The address a connection is counted under: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64,
 * since one host (one attacker) commonly holds a whole /64.
 */
export function sourceOf(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1]!;
  if (!remoteAddress.includes(':')) return remoteAddress;
  const [head = '', tail = ''] = remoteAddress.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = remoteAddress.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Who may open a connection, decided when the TCP connection arrives, before any byte of it is read.
 * Unauthenticated connections are capped per source address and, all together, below the total cap by
 * `reservedForAuthenticated`, so sockets that never say hello cannot take the places of clinics that
 * did. When the unauthenticated share is full the oldest unauthenticated connection makes room (it has
 * had the longest to say hello), so a flood from many addresses delays a terminal's hello, never bars it.
 * Refused: 429 (this address: too many unauthenticated connections, or its hellos are locked out) or
 * 503 (the total cap, every place taken by authenticated connections).
 */
export class ConnectionAdmission {
  /** In arrival order: the first is the oldest. */
  private readonly unauthenticated = new Set<AdmittedSocket>();
  private readonly unauthenticatedBySource = new Map<string, number>();
  private authenticatedCount = 0;
  private evictedCount = 0;
  private peakFromOneSource = 0;

  constructor(
    private readonly limits: Pick<ConnectionLimits, 'maxConnections' | 'reservedForAuthenticated' | 'maxUnauthenticatedPerSource'>,
    private readonly throttle: HelloThrottle,
  ) {}

  get counts(): { unauthenticated: number; authenticated: number; evicted: number; peakUnauthenticatedFromOneSource: number } {
    return { unauthenticated: this.unauthenticated.size, authenticated: this.authenticatedCount, evicted: this.evictedCount, peakUnauthenticatedFromOneSource: this.peakFromOneSource };
  }

  admit(socket: Socket): AdmissionDecision {
    const source = sourceOf(socket.remoteAddress);
    const lockedForMs = this.throttle.sourceBlockedForMs(source);
    if (lockedForMs > 0) return { ok: false, status: 429, reason: 'too many failed hellos from this address', retryAfterSeconds: Math.ceil(lockedForMs / 1000) };
    if ((this.unauthenticatedBySource.get(source) ?? 0) >= this.limits.maxUnauthenticatedPerSource) {
      return { ok: false, status: 429, reason: 'too many connections from this address that have not said hello', retryAfterSeconds: 1 };
    }
    const unauthenticatedCap = Math.max(0, this.limits.maxConnections - this.limits.reservedForAuthenticated);
    while (this.unauthenticated.size >= unauthenticatedCap || this.unauthenticated.size + this.authenticatedCount >= this.limits.maxConnections) {
      const oldest = this.unauthenticated.values().next();
      if (oldest.done) return { ok: false, status: 503, reason: 'at the connection cap', retryAfterSeconds: 5 };
      this.evictedCount += 1;
      this.release(oldest.value);
      oldest.value.socket.destroy();
    }
    const admitted = new AdmittedSocket(socket, source);
    this.unauthenticated.add(admitted);
    const fromSource = (this.unauthenticatedBySource.get(source) ?? 0) + 1;
    this.unauthenticatedBySource.set(source, fromSource);
    this.peakFromOneSource = Math.max(this.peakFromOneSource, fromSource);
    return { ok: true, admitted };
  }

  /** Its hello was accepted: it no longer counts against its source or the unauthenticated share. */
  authenticated(admitted: AdmittedSocket): void {
    if (admitted.released || admitted.authenticated) return;
    this.forgetUnauthenticated(admitted);
    admitted.authenticated = true;
    this.authenticatedCount += 1;
  }

  /** The connection closed (or was evicted); idempotent. */
  release(admitted: AdmittedSocket): void {
    if (admitted.released) return;
    admitted.released = true;
    if (admitted.authenticated) this.authenticatedCount -= 1;
    else this.forgetUnauthenticated(admitted);
  }

  private forgetUnauthenticated(admitted: AdmittedSocket): void {
    if (!this.unauthenticated.delete(admitted)) return;
    const left = (this.unauthenticatedBySource.get(admitted.source) ?? 1) - 1;
    if (left > 0) this.unauthenticatedBySource.set(admitted.source, left);
    else this.unauthenticatedBySource.delete(admitted.source);
  }
}
