import { describe, expect, it } from 'vitest';
import { DEFAULT_HELLO_THROTTLE, HelloThrottle } from './HelloThrottle.ts';

describe('HelloThrottle', () => {
  it('answers 5 failures at once, then doubles the wait, locks out at 10 for 15 min, and doubles the next lockout', () => {
    let t = 0;
    const lockouts: number[] = [];
    const throttle = new HelloThrottle(DEFAULT_HELLO_THROTTLE, (_scope, _key, until) => lockouts.push(until.getTime() - t), () => t);
    const waits: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const admission = throttle.admit('198.51.100.7', '1310000001');
      if (!admission.allowed) t += admission.retryAfterMs;
      throttle.failed('198.51.100.7', '1310000001');
      waits.push(throttle.sourceBlockedForMs('198.51.100.7'));
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 15 * 60_000]);
    expect(lockouts).toEqual([15 * 60_000, 15 * 60_000]); // the source and the 医療機関コード, each
    t += 15 * 60_000;
    for (let i = 0; i < 10; i += 1) {
      const admission = throttle.admit('198.51.100.7', '1310000001');
      if (!admission.allowed) t += admission.retryAfterMs;
      throttle.failed('198.51.100.7', '1310000001');
    }
    expect(lockouts.slice(2)).toEqual([30 * 60_000, 30 * 60_000]);
  });

  it('does not check a hello while its key is held back: the right secret then is refused like a wrong one', () => {
    const throttle = new HelloThrottle({ ...DEFAULT_HELLO_THROTTLE, freeFailures: 0 }, () => {}, () => 0);
    throttle.failed('198.51.100.7', '1310000001');
    expect(throttle.admit('198.51.100.7', '1310000001')).toMatchObject({ allowed: false, scope: 'source' });
    expect(throttle.admit('203.0.113.9', '1310000001')).toMatchObject({ allowed: false, scope: 'clinic' });
  });

  it('lets a clinic’s own known source in while its 医療機関コード is locked out by someone else’s guesses', () => {
    let t = 0;
    const throttle = new HelloThrottle(DEFAULT_HELLO_THROTTLE, () => {}, () => t);
    throttle.succeeded('192.0.2.10', '1310000001');
    for (let i = 0; i < 10; i += 1) {
      t += 60_000;
      throttle.failed(`203.0.113.${i}`, '1310000001');
    }
    expect(throttle.admit('203.0.113.99', '1310000001')).toMatchObject({ allowed: false, scope: 'clinic', lockedOut: true });
    expect(throttle.admit('192.0.2.10', '1310000001')).toEqual({ allowed: true });
    expect(throttle.list().find((l) => l.scope === 'clinic')).toMatchObject({ key: '1310000001', lockedOut: true, lockouts: 1 });
    expect(throttle.clear('clinic', '1310000001')).toBe(true);
    expect(throttle.admit('203.0.113.99', '1310000001')).toEqual({ allowed: true });
  });

  it('remembers a bounded number of keys, forgetting the oldest first', () => {
    const throttle = new HelloThrottle({ ...DEFAULT_HELLO_THROTTLE, maxKeys: 100 }, () => {}, () => 0);
    for (let i = 0; i < 1000; i += 1) throttle.failed(`10.0.${i >> 8}.${i & 255}`, String(1e9 + i));
    expect(throttle.list().length).toBeLessThanOrEqual(100);
  });

  it('takes the stored record of a clinic key when it holds back longer, keeps its own when that does, and forgets the key when the store has none', () => {
    let t = 0;
    const throttle = new HelloThrottle({ ...DEFAULT_HELLO_THROTTLE, lockoutAfter: 3 }, () => {}, () => t);
    throttle.failed('192.0.2.1', '1310000001');
    // Another instance counted two more and locked the key out.
    throttle.adopt('clinic', '1310000001', { failures: 0, lockouts: 1, lastFailureAt: 0, blockedUntil: 15 * 60_000, lockedOut: true });
    expect(throttle.admit('198.51.100.2', '1310000001')).toMatchObject({ allowed: false, scope: 'clinic', lockedOut: true });
    // The store lags behind this instance (written while the database was away): this instance's record stays.
    throttle.adopt('clinic', '1310000001', { failures: 1, lockouts: 0, lastFailureAt: 0, blockedUntil: 0, lockedOut: false });
    expect(throttle.record('clinic', '1310000001')).toMatchObject({ lockouts: 1, lockedOut: true });
    // Cleared at another instance: cleared here.
    throttle.adopt('clinic', '1310000001', undefined);
    expect(throttle.record('clinic', '1310000001')).toBeUndefined();
    t += 1;
    expect(throttle.admit('198.51.100.2', '1310000001')).toEqual({ allowed: true });
  });
});
