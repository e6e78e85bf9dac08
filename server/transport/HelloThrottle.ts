import type { HelloLockout } from '../../protocol/eligibility/ServerMessage.ts';

/** How failed hellos are held back (ours; docs/protocol.md "Connection policy"). */
export interface HelloThrottlePolicy {
  /** Failures answered at once before the back-off starts. */
  freeFailures: number;
  /** The first back-off; it doubles with each further failure. */
  backoffMs: number;
  /** At this many failures the key is locked out, and its count starts again. */
  lockoutAfter: number;
  /** The first lockout; each next one of the same key lasts twice as long, up to maxLockoutMs. */
  lockoutMs: number;
  maxLockoutMs: number;
  /** A key without a failure for this long is forgotten (its lockouts too). */
  forgetAfterMs: number;
  /** Keys remembered at most; beyond it the oldest are forgotten first (an attacker's many codes cost only memory we bound). */
  maxKeys: number;
}

export const DEFAULT_HELLO_THROTTLE: HelloThrottlePolicy = {
  freeFailures: 5,
  backoffMs: 1_000,
  lockoutAfter: 10,
  lockoutMs: 15 * 60_000,
  maxLockoutMs: 24 * 3_600_000,
  forgetAfterMs: 24 * 3_600_000,
  maxKeys: 100_000,
};

type Scope = HelloLockout['scope'];

/** One key's count, as kept in memory and, for the clinic scope, in the database (server/clinic/HelloFailureRecords.ts). */
export interface HelloFailureRecord {
  failures: number;
  lockouts: number;
  lastFailureAt: number;
  blockedUntil: number;
  lockedOut: boolean;
}

export type HelloAdmission = { allowed: true } | { allowed: false; retryAfterMs: number; scope: Scope; lockedOut: boolean };

/**
 * Failed hellos counted per source address and per 医療機関コード: a few are answered at once, then each
 * further one waits twice as long as the last, and after `lockoutAfter` the key is locked out. While a key
 * is held back its hellos are not even checked, so a right guess then is not told apart from a wrong one.
 * A source that recently authenticated for a clinic is not held back by that clinic's lockout: someone
 * guessing a clinic's secret from elsewhere must not lock its own kiosks out (they still meet their
 * source's own limit).
 */
export class HelloThrottle {
  private readonly keys = new Map<string, HelloFailureRecord>();
  /** `code source` → when that source last authenticated for that clinic. */
  private readonly knownSources = new Map<string, number>();

  constructor(
    private readonly policy: HelloThrottlePolicy,
    private readonly onLockout: (scope: Scope, key: string, until: Date, failures: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** May a hello from `source` (for `clinicCode`, when it names one) be checked now? */
  admit(source: string, clinicCode: string | null): HelloAdmission {
    const t = this.now();
    const bySource = this.current('source', source, t);
    if (bySource && bySource.blockedUntil > t) return { allowed: false, retryAfterMs: bySource.blockedUntil - t, scope: 'source', lockedOut: bySource.lockedOut };
    const knownAt = clinicCode === null ? undefined : this.knownSources.get(`${clinicCode} ${source}`);
    if (clinicCode !== null && !(knownAt !== undefined && t - knownAt < this.policy.forgetAfterMs)) {
      const byClinic = this.current('clinic', clinicCode, t);
      if (byClinic && byClinic.blockedUntil > t) return { allowed: false, retryAfterMs: byClinic.blockedUntil - t, scope: 'clinic', lockedOut: byClinic.lockedOut };
    }
    return { allowed: true };
  }

  /** When `source` may open connections again (it is refused at the door until then), or 0. */
  sourceBlockedForMs(source: string): number {
    const t = this.now();
    const bySource = this.current('source', source, t);
    return bySource && bySource.blockedUntil > t ? bySource.blockedUntil - t : 0;
  }

  failed(source: string, clinicCode: string | null): void {
    const t = this.now();
    this.count('source', source, t);
    if (clinicCode !== null) this.count('clinic', clinicCode, t);
  }

  succeeded(source: string, clinicCode: string | null): void {
    if (clinicCode === null) return;
    // This source is one of the clinic's own from now on. The clinic's count is not reset: a kiosk
    // reconnecting must not hand someone guessing from elsewhere a fresh budget.
    this.remember(this.knownSources, `${clinicCode} ${source}`, this.now());
  }

  /** Every key being held back or with failures counted, for the operator. */
  list(): HelloLockout[] {
    const t = this.now();
    const out: HelloLockout[] = [];
    for (const [id, f] of this.keys) {
      if (t - f.lastFailureAt > this.policy.forgetAfterMs) continue;
      const [scope, key] = [id.slice(0, id.indexOf(' ')) as Scope, id.slice(id.indexOf(' ') + 1)];
      out.push({ scope, key, failures: f.failures, lockouts: f.lockouts, blockedUntil: new Date(Math.max(f.blockedUntil, t)).toISOString(), lockedOut: f.lockedOut && f.blockedUntil > t });
    }
    return out;
  }

  /** This key's record now, or undefined when nothing is counted: what the database keeps for the clinic scope. */
  record(scope: Scope, key: string): HelloFailureRecord | undefined {
    const f = this.current(scope, key, this.now());
    return f && { ...f };
  }

  /**
   * Take the record the database holds (every instance's count) for this key: the one that holds back
   * longer, this instance's or the stored one (a failure counted here while the database was away is not
   * forgotten). No stored record means the key was cleared (by the operator, at any instance): forgotten here too.
   */
  adopt(scope: Scope, key: string, record: HelloFailureRecord | undefined): void {
    const id = `${scope} ${key}`;
    if (!record) {
      this.keys.delete(id);
      return;
    }
    const mine = this.keys.get(id);
    const stronger = mine && (mine.blockedUntil > record.blockedUntil || (mine.blockedUntil === record.blockedUntil && mine.lockouts * 1e6 + mine.failures > record.lockouts * 1e6 + record.failures)) ? mine : record;
    this.remember(this.keys, id, { ...stronger });
  }

  /** The operator lifts a lockout early. */
  clear(scope: Scope, key: string): boolean {
    return this.keys.delete(`${scope} ${key}`);
  }

  private current(scope: Scope, key: string, t: number): HelloFailureRecord | undefined {
    const f = this.keys.get(`${scope} ${key}`);
    if (f && f.blockedUntil <= t && t - f.lastFailureAt > this.policy.forgetAfterMs) {
      this.keys.delete(`${scope} ${key}`);
      return undefined;
    }
    return f;
  }

  private count(scope: Scope, key: string, t: number): void {
    const p = this.policy;
    const f = this.current(scope, key, t) ?? { failures: 0, lockouts: 0, lastFailureAt: t, blockedUntil: 0, lockedOut: false };
    f.failures += 1;
    f.lastFailureAt = t;
    f.lockedOut = false;
    if (f.failures >= p.lockoutAfter) {
      const duration = Math.min(p.maxLockoutMs, p.lockoutMs * 2 ** f.lockouts);
      f.lockouts += 1;
      f.blockedUntil = t + duration;
      f.lockedOut = true;
      this.onLockout(scope, key, new Date(f.blockedUntil), f.failures);
      f.failures = 0;
    } else if (f.failures > p.freeFailures) {
      f.blockedUntil = t + Math.min(p.lockoutMs, p.backoffMs * 2 ** (f.failures - p.freeFailures - 1));
    }
    this.remember(this.keys, `${scope} ${key}`, f);
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    // Re-inserted, so the map's order is the order of last use and the oldest go first.
    map.delete(key);
    map.set(key, value);
    while (map.size > this.policy.maxKeys) map.delete(map.keys().next().value!);
  }
}
