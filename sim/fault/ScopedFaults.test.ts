import { describe, expect, it } from 'vitest';
import type { FaultScope } from '../../kiosk/protocol/ReaderFaultSpec.ts';
import { ScopedFaults } from './ScopedFaults.ts';

type Spec = { kind: 'a' | 'b'; scope: FaultScope };

function faults() {
  let now = 1000;
  const scoped = new ScopedFaults<Spec>(() => now);
  return { scoped, advance: (ms: number) => (now += ms) };
}

describe('fault scopes shared by every simulated device', () => {
  it('ends a next-operation fault after one consumed operation', () => {
    const { scoped } = faults();
    const f = scoped.add({ kind: 'a', scope: { kind: 'next' } });
    expect(scoped.isActive('a')).toBe(true);
    scoped.consume(f);
    expect(scoped.isActive('a')).toBe(false);
  });

  it('ends a count fault after that many operations', () => {
    const { scoped } = faults();
    const f = scoped.add({ kind: 'a', scope: { kind: 'count', operations: 3 } });
    scoped.consume(f);
    scoped.consume(f);
    expect(scoped.isActive('a')).toBe(true);
    scoped.consume(f);
    expect(scoped.isActive('a')).toBe(false);
  });

  it('ends a duration fault when the clock passes it, however many operations it saw', () => {
    const { scoped, advance } = faults();
    const f = scoped.add({ kind: 'a', scope: { kind: 'duration', ms: 500 } });
    for (let i = 0; i < 10; i++) scoped.consume(f);
    advance(499);
    expect(scoped.isActive('a')).toBe(true);
    advance(1);
    expect(scoped.isActive('a')).toBe(false);
  });

  it('keeps an until-cleared fault until it is cleared by kind, by id or all at once', () => {
    const { scoped } = faults();
    const a = scoped.add({ kind: 'a', scope: { kind: 'untilCleared' } });
    scoped.add({ kind: 'b', scope: { kind: 'untilCleared' } });
    scoped.clear('b');
    expect(scoped.active().map((f) => f.spec.kind)).toEqual(['a']);
    scoped.clear(a.id);
    expect(scoped.active()).toEqual([]);
    scoped.add({ kind: 'a', scope: { kind: 'untilCleared' } });
    scoped.clear();
    expect(scoped.active()).toEqual([]);
  });
});
