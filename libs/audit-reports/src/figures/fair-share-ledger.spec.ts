import { describe, expect, it } from '@jest/globals';
import { averageLength, fairShares, type LedgerPeriod, runLedger, zeroes } from './fair-share-ledger.js';

const hours = (avond: number, nacht = 0) => ({ ...zeroes(), avond, nacht });

function period(id: string, demandAvond: number, positions: number, assigned: Record<string, number>, gps: Record<string, { weight: number; noNights?: boolean }>, demandNacht = 0): LedgerPeriod {
  return {
    id,
    demand: { hours: hours(demandAvond, demandNacht), positions: { ...zeroes(), avond: positions, nacht: demandNacht > 0 ? 1 : 0 } },
    gps: new Map(Object.entries(gps).map(([g, v]) => [g, { weight: v.weight, noNights: v.noNights ?? false }])),
    hours: new Map(Object.entries(assigned).map(([g, h]) => [g, hours(h)])),
  };
}

describe(fairShares.name, () => {
  it('splits demand by weight without balances and water-fills with them', () => {
    const sut = fairShares(hours(30, 9), [
      { weight: 1, noNights: false, balance: zeroes() },
      { weight: 2, noNights: true, balance: zeroes() },
      { weight: 0, noNights: false, balance: zeroes() },
    ]);
    expect(sut.share.avond).toEqual([10, 20, 0]);
    expect(sut.quota.avond).toEqual([10, 20, 0]);
    // the no-nights GP takes no night share; the others carry it
    expect(sut.eligible.nacht).toEqual([true, false, false]);
    expect(sut.share.nacht).toEqual([9, 0, 0]);
    const ahead = fairShares(hours(30), [
      { weight: 1, noNights: false, balance: { ...zeroes(), avond: 12 } },
      { weight: 1, noNights: false, balance: zeroes() },
    ]);
    // 12 hours ahead: λ = (30 + 12) / 2 = 21 → 9 and 21; the quota ignores the balance
    expect(ahead.share.avond).toEqual([9, 21]);
    expect(ahead.quota.avond).toEqual([15, 15]);
  });
});

describe(runLedger.name, () => {
  it('carries each deviation into the next period, as the distribution service does', () => {
    const gps = { a: { weight: 1 }, b: { weight: 1 } };
    const sut = runLedger([period('p1', 10, 2, { a: 10 }, gps), period('p2', 10, 2, { b: 10 }, gps)]);
    expect(sut.steps[0].deviation.get('a')?.avond).toBe(5);
    expect(sut.steps[0].deviation.get('b')?.avond).toBe(-5);
    expect(sut.steps[0].averageLength.avond).toBe(5);
    // p2: a was 5 ahead, b 5 behind → shares 0 and 10; b took all 10 → both even
    expect(sut.steps[1].deviation.get('a')?.avond).toBe(0);
    expect(sut.steps[1].deviation.get('b')?.avond).toBe(0);
    expect(sut.balances.get('a')).toEqual(zeroes());
  });

  it('does not measure a GP with weight 0 or a no-nights GP at night, and resets their balance', () => {
    const sut = runLedger([period('p1', 10, 2, { a: 4, z: 6 }, { a: { weight: 1, noNights: true }, z: { weight: 0 } }, 8)]);
    expect(sut.steps[0].deviation.get('z')).toEqual({ avond: null, nacht: null, weekend: null, feestdag: null });
    expect(sut.steps[0].deviation.get('a')).toEqual({ avond: -6, nacht: null, weekend: 0, feestdag: 0 });
    expect(sut.balances.get('a')).toEqual({ avond: -6, nacht: 0, weekend: 0, feestdag: 0 });
    expect(sut.balances.get('z')).toEqual(zeroes());
  });

  it('forgets GPs who are no longer affiliated', () => {
    const sut = runLedger([period('p1', 10, 2, { a: 10 }, { a: { weight: 1 }, b: { weight: 1 } }), period('p2', 0, 0, {}, { b: { weight: 1 } })]);
    expect(sut.balances.has('a')).toBe(false);
  });
});

describe(averageLength.name, () => {
  it('is 0 for a category without positions', () => {
    expect(averageLength({ hours: hours(14), positions: { ...zeroes(), avond: 2 } })).toEqual({ avond: 7, nacht: 0, weekend: 0, feestdag: 0 });
  });
});
