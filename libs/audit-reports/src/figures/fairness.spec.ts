import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fairnessFigures, gini, type GpFairnessInput, perCategory } from './fairness.js';

function bruteGini(values: number[]): number {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  if (mean === 0) return 0;
  let diff = 0;
  for (const a of values) for (const b of values) diff += Math.abs(a - b);
  return diff / (2 * n * n * mean);
}

function gp(gpId: string, weight: number, avond: number | null, nacht: number | null = 0, hoursAvond = 10): GpFairnessInput {
  const L = 7;
  return {
    gpId,
    name: `Dr. ${gpId}`,
    weight,
    hours: { avond: hoursAvond, nacht: 0, weekend: 0, feestdag: 0 },
    deviationDiensten: { avond, nacht, weekend: 0, feestdag: 0 },
    deviationHours: { avond: avond === null ? null : avond * L, nacht: nacht === null ? null : nacht * L, weekend: 0, feestdag: 0 },
  };
}

describe(gini.name, () => {
  it.each([
    [[], 0],
    [[5, 5, 5, 5], 0],
    [[0, 0, 0, 0], 0],
    [[0, 0, 0, 1], 0.75],
    [[1, 2, 3, 4], 0.25],
  ])('gini(%j) = %d', (values, expected) => {
    expect(gini(values)).toBeCloseTo(expected, 12);
  });

  it('equals the mean absolute difference over twice the mean, and ignores order and scale', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }).map((minutes) => minutes / 60), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 1000 }).map((x) => x / 10), (values, scale) => {
        expect(gini(values)).toBeCloseTo(bruteGini(values), 9);
        expect(gini([...values].reverse().map((x) => x * scale))).toBeCloseTo(gini(values), 9);
      }),
    );
  });

  it('refuses negative values', () => {
    expect(() => gini([1, -1])).toThrow(RangeError);
  });
});

describe(fairnessFigures.name, () => {
  it('names the largest deviation per category, the share within ±1 dienst and the outliers', () => {
    const sut = fairnessFigures([gp('a', 1, 0.5), gp('b', 1, -1.0000001), gp('c', 2, 2.5, -1.5), gp('d', 1, -3), gp('z', 0, null, null)]);
    expect(sut.measured).toBe(4);
    expect(sut.largestDeviation.avond).toEqual({ gpId: 'd', name: 'Dr. d', diensten: -3, hours: -21 });
    expect(sut.largestDeviation.nacht).toMatchObject({ gpId: 'c', diensten: -1.5 });
    expect(sut.largestDeviation.weekend).toMatchObject({ diensten: 0 });
    // a and b (within the 10⁻⁶ tolerance) are inside; c and d are not
    expect(sut.withinTolerance).toEqual({ share: 0.5, count: 2, perCategory: { avond: 0.5, nacht: 0.75, weekend: 1, feestdag: 1 } });
    expect(sut.outliers.map((o) => [o.gpId, o.worst, o.categories.map((c) => c.category)])).toEqual([
      ['d', 3, ['avond']],
      ['c', 2.5, ['avond', 'nacht']],
    ]);
    expect(sut.outliersTotal).toBe(2);
  });

  it('measures Gini on hours per unit of weight', () => {
    // c works twice as much as a and b but weighs twice as much: perfectly fair
    const even = fairnessFigures([gp('a', 1, 0, 0, 10), gp('b', 1, 0, 0, 10), gp('c', 2, 0, 0, 20)]);
    expect(even.gini.total).toBe(0);
    expect(even.gini.perCategory.avond).toBe(0);
    const uneven = fairnessFigures([gp('a', 1, 0, 0, 0), gp('b', 1, 0, 0, 0), gp('c', 2, 0, 0, 20)]);
    expect(uneven.gini.total).toBeCloseTo(2 / 3, 4);
  });

  it('counts nobody outside when no GP is measured', () => {
    const sut = fairnessFigures([gp('z', 0, null, null)]);
    expect(sut).toMatchObject({ measured: 0, withinTolerance: { share: 1, count: 0 }, outliers: [], largestDeviation: perCategory(() => null) });
  });

  it('caps the named outliers but counts them all', () => {
    const sut = fairnessFigures(Array.from({ length: 5 }, (_, i) => gp(`g${i}`, 1, 2 + i)), { maxOutliers: 2 });
    expect(sut.outliers.map((o) => o.gpId)).toEqual(['g4', 'g3']);
    expect(sut.outliersTotal).toBe(5);
  });
});
