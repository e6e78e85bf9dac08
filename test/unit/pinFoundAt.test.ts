import { describe, expect, it } from 'vitest';
import { pinFoundAt } from '../harness/pinFoundAt.ts';

describe('pinFoundAt: the PIN as a value of its own', () => {
  it('finds the PIN standing alone in JSON, a log line or a form', () => {
    expect(pinFoundAt('{"type":"pin","digits":"8063"}', '8063')).toBeGreaterThan(0);
    expect(pinFoundAt('entered 8063 at the pad', '8063')).toBe(8);
    expect(pinFoundAt('8063', '8063')).toBe(0);
  });

  it('does not count its digits inside a timestamp, a hash or a UUID', () => {
    expect(pinFoundAt('{"at":1796137588063}', '8063')).toBe(-1);
    expect(pinFoundAt('sha256 3fa98063c0de11aa22bb33cc44dd55ee', '8063')).toBe(-1);
    expect(pinFoundAt('43000941-a9cd-8063-83b5-04035d3d0ab7', '8063')).toBe(-1);
  });
});
