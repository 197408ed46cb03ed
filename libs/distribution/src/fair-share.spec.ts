import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { waterFill } from './fair-share.js';

describe(waterFill.name, () => {
  it('is demand × weight ÷ Σ weight without balances', () => {
    expect(waterFill(90, [1, 2, 0], [0, 0, 0], [true, true, true])).toEqual([30, 60, 0]);
  });

  it('gives a GP who is ahead less, and nothing when far ahead', () => {
    expect(waterFill(32, [1, 1, 1], [8, 0, 40], [true, true, true])).toEqual([12, 20, 0]);
    // a GP behind (negative balance) owes more
    expect(waterFill(4, [1, 1, 1], [-2, 0, 0], [true, true, true]).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([2.666666667, 0.666666667, 0.666666667]);
  });

  it('leaves out the ineligible (noNights for nacht)', () => {
    expect(waterFill(10, [1, 1], [0, 0], [true, false])).toEqual([10, 0]);
    expect(waterFill(10, [1], [0], [false])).toEqual([0]);
    expect(waterFill(0, [1, 1], [-3, 0], [true, true])).toEqual([0, 0]);
  });

  it('always adds up to the demand, never below zero, and keeps the order of need', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ w: fc.double({ min: 0.1, max: 3, noNaN: true }), b: fc.double({ min: -20, max: 20, noNaN: true }) }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        (gps, demand) => {
          const shares = waterFill(demand, gps.map((g) => g.w), gps.map((g) => g.b), gps.map(() => true));
          expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(demand, 6);
          shares.forEach((s) => expect(s).toBeGreaterThanOrEqual(0));
          // every GP with a share sits at the same level λ = (share + balance) ÷ weight
          const levels = shares.map((s, i) => (s > 1e-9 ? (s + gps[i].b) / gps[i].w : null)).filter((x): x is number => x !== null);
          for (const l of levels) expect(l).toBeCloseTo(levels[0], 6);
        },
      ),
    );
  });
});
