import { describe, expect, it } from '@jest/globals';
import { nzaHolidayDates, parseLocal } from '@anw/time';
import fc from 'fast-check';
import { type PayPolicy, basisPoints, validatePayPolicy } from './pay-policy.js';
import { type AssignmentToPrice, type PricingContext, priceAssignment } from './price-assignment.js';
import { type TariffTable, validateTariffTables } from './tariff-table.js';

const tables: TariffTable[] = validateTariffTables([
  { id: 'nza-2023', version: 1, source: 't', effectiveFrom: '2023-01-01', effectiveTo: '2023-12-31', centsPerHour: { avond: 10084, nacht: 13187, weekend: 11636, feestdag: 13187 } },
  { id: 'nza-2024', version: 1, source: 't', effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31', centsPerHour: { avond: 10746, nacht: 14053, weekend: 12400, feestdag: 14053 } },
  { id: 'nza-2026', version: 1, source: 't', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31', centsPerHour: { avond: 11901, nacht: 15563, weekend: 13732, feestdag: 15563 } },
]);
const classify = { holidays: nzaHolidayDates([2023, 2024, 2025, 2026, 2027]) };
const context: PricingContext = { tables, classify };

function shift(start: string, end: string, extra: Partial<AssignmentToPrice> = {}): AssignmentToPrice {
  return { startMs: parseLocal(start), endMs: parseLocal(end), ...extra };
}

describe('priceAssignment', () => {
  it.each([
    ['2026 weekday night 23–08', '2026-01-13T23:00', '2026-01-14T08:00', { avond: 11901, nacht: 124504 }, 136405],
    ['2023 weekday evening 17–24', '2023-01-10T17:00', '2023-01-10T24:00', { avond: 70588 }, 70588],
    ['2026 Saturday 08–17', '2026-01-17T08:00', '2026-01-17T17:00', { weekend: 123588 }, 123588],
    ['Tweede Paasdag 2026 08–17', '2026-04-06T08:00', '2026-04-06T17:00', { feestdag: 140067 }, 140067],
    ['Friday 16–24: the day hour is not paid', '2026-01-16T16:00', '2026-01-16T24:00', { avond: 83307 }, 83307],
    ['half a cent rounds up: 5 min avond 2024', '2024-01-09T17:00', '2024-01-09T17:05', { avond: 896 }, 896],
    ['spring DST night 2026 (8 real hours)', '2026-03-28T23:00', '2026-03-29T08:00', { weekend: 13732, nacht: 108941 }, 122673],
    ['autumn DST night 2026 (10 real hours)', '2026-10-24T23:00', '2026-10-25T08:00', { weekend: 13732, nacht: 140067 }, 153799],
  ])('%s', (_name, start, end, cents, total) => {
    const sut = priceAssignment(shift(start, end), context);
    expect(sut.centsByCategory).toEqual({ dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0, ...cents });
    expect(sut.totalCents).toBe(total);
    expect(sut.surchargeCents).toBe(0);
  });

  it('rounds once per assignment over the exact sum', () => {
    // avond 4 min × 10746/60 = 716.4, nacht 6 min × 14053/60 = 1405.3: exact 2121.7
    const sut = priceAssignment(shift('2024-01-09T23:56', '2024-01-10T00:06'), context);
    expect(sut.centsByCategory).toEqual({ dag: 0, avond: 716, nacht: 1405, weekend: 0, feestdag: 0 });
    expect(sut.totalCents).toBe(2122);
    expect(sut.roundingCents).toBe(1);
  });

  it('pays a night across 31 December at both years’ tables', () => {
    const sut = priceAssignment(shift('2023-12-31T23:00', '2024-01-01T08:00'), context);
    expect(sut.minutes).toEqual({ dag: 0, avond: 0, nacht: 480, weekend: 60, feestdag: 0 });
    expect(sut.centsByCategory).toEqual({ dag: 0, avond: 0, nacht: 112424, weekend: 11636, feestdag: 0 });
    expect(sut.totalCents).toBe(124060);
    expect(sut.tableIds).toEqual(['nza-2023', 'nza-2024']);
  });

  it('refuses minutes on a date with no table in force, even partly', () => {
    expect(() => priceAssignment(shift('2024-12-31T23:00', '2025-01-01T08:00'), context)).toThrow(
      expect.objectContaining({ code: 'no_tariff_in_force', message: 'geen tarieftabel van kracht op 2025-01-01' }),
    );
  });

  it('uses a fixed table for every minute when one is given', () => {
    const sut = priceAssignment(shift('2025-06-03T17:00', '2025-06-03T24:00'), { ...context, table: tables[2] });
    expect(sut.totalCents).toBe(7 * 11901);
    expect(sut.tableIds).toEqual(['nza-2026']);
  });

  it('pays a share of the maximum in basis points', () => {
    const policy = validatePayPolicy({ percentOfMaximumBp: basisPoints(95.5), surcharges: [] });
    // 7 h × 11901 × 0.955 = 79558.185
    expect(priceAssignment(shift('2026-01-13T17:00', '2026-01-13T24:00'), { ...context, policy }).totalCents).toBe(79558);
  });

  it('adds matching surcharges only on their dates and categories', () => {
    const policy: PayPolicy = validatePayPolicy({
      percentOfMaximumBp: 10_000,
      surcharges: [
        { kind: 'role', role: 'regiearts', centsPerHour: 500, effectiveFrom: '2026-03-01' },
        { kind: 'template', templateCode: 'N', percentBp: 1_000, categories: ['nacht'], effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' },
        { kind: 'shortNotice', centsPerHour: 1_000, effectiveFrom: '2026-01-01' },
      ],
    });
    const night = shift('2026-02-28T23:00', '2026-03-01T08:00', { role: 'regiearts', templateCode: 'N' });
    const sut = priceAssignment(night, { ...context, policy });
    // role: 8 h from 1 March × 500; template: 10 % of 8 h nacht = 12450.4
    expect(sut.surchargeCents).toBe(4_000 + 12_450);
    expect(sut.totalCents).toBe(13_732 + 124_504 + 4_000 + 12_450);
    const claimed = priceAssignment({ ...night, role: 'consult', templateCode: 'X', claimedShortNotice: true }, { ...context, policy });
    expect(claimed.surchargeCents).toBe(9_000);
  });

  it('rejects an end before the start and a bad policy', () => {
    expect(() => priceAssignment({ startMs: 2, endMs: 1 }, context)).toThrow(expect.objectContaining({ code: 'invalid_assignment' }));
    expect(() => validatePayPolicy({ percentOfMaximumBp: 10_001, surcharges: [{ kind: 'role', effectiveFrom: '2026-01-01' }] })).toThrow(
      'ongeldig vergoedingsbeleid: percentOfMaximumBp moet een geheel getal van 0 tot 10000 zijn; toeslag 1: rol ontbreekt; toeslag 1: geef óf centsPerHour óf percentBp',
    );
    expect(() => basisPoints(95.555)).toThrow(/twee decimalen/);
  });

  // intervals inside 2026 (a single table) or 2023–2024
  const minute = fc.oneof(
    fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2026, 11, 20) / 60_000 }),
    fc.integer({ min: Date.UTC(2023, 0, 1) / 60_000, max: Date.UTC(2024, 11, 20) / 60_000 }),
  );
  const interval = fc.tuple(minute, fc.integer({ min: 0, max: 48 * 60 })).map(([m, len]) => [m * 60_000, (m + len) * 60_000] as const);
  const policy = fc.record({
    percentOfMaximumBp: fc.integer({ min: 0, max: 10_000 }),
    surcharges: fc.constant([{ kind: 'shortNotice' as const, percentBp: 1_250, effectiveFrom: '2024-06-01' }, { kind: 'shortNotice' as const, centsPerHour: 333, effectiveFrom: '2023-01-01' }]),
  });

  it('equals round_half_up(Σ minutes × rate / 60) at 100 % without surcharges', () => {
    fc.assert(
      fc.property(interval, ([startMs, endMs]) => {
        const sut = priceAssignment({ startMs, endMs }, context);
        if (sut.tableIds.length !== 1) return;
        const rates = tables.find((t) => t.id === sut.tableIds[0])?.centsPerHour;
        if (!rates) throw new Error('table');
        const numerator = sut.minutes.avond * rates.avond + sut.minutes.nacht * rates.nacht + sut.minutes.weekend * rates.weekend + sut.minutes.feestdag * rates.feestdag;
        expect(sut.totalCents).toBe(Math.floor((2 * numerator + 60) / 120));
      }),
    );
  });

  it('lines add up: Σ categories + surcharge + rounding = total, rounding within 3 cents', () => {
    fc.assert(
      fc.property(interval, policy, ([startMs, endMs], p) => {
        const sut = priceAssignment({ startMs, endMs, claimedShortNotice: true }, { ...context, policy: p });
        const lines = sut.centsByCategory.avond + sut.centsByCategory.nacht + sut.centsByCategory.weekend + sut.centsByCategory.feestdag;
        expect(lines + sut.surchargeCents + sut.roundingCents).toBe(sut.totalCents);
        expect(Math.abs(sut.roundingCents)).toBeLessThanOrEqual(3);
        expect(sut.centsByCategory.dag).toBe(0);
      }),
    );
  });

  it('the sum over split pieces is within ±(number of pieces) cents of the unsplit total', () => {
    fc.assert(
      fc.property(interval, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), policy, ([startMs, endMs], fractions, p) => {
        const cuts = fractions.map((f) => startMs + Math.floor(((endMs - startMs) * f) / 60_000) * 60_000).sort((a, b) => a - b);
        const points = [startMs, ...cuts, endMs];
        const ctx = { ...context, policy: p };
        let pieces = 0;
        for (let i = 1; i < points.length; i++) pieces += priceAssignment({ startMs: points[i - 1], endMs: points[i], claimedShortNotice: true }, ctx).totalCents;
        const whole = priceAssignment({ startMs, endMs, claimedShortNotice: true }, ctx).totalCents;
        expect(Math.abs(pieces - whole)).toBeLessThanOrEqual(points.length - 1);
      }),
    );
  });

  it('is monotone: a longer assignment never pays less', () => {
    fc.assert(
      fc.property(interval, fc.integer({ min: 0, max: 600 }), policy, ([startMs, endMs], extra, p) => {
        const ctx = { ...context, policy: p };
        const shorter = priceAssignment({ startMs, endMs, claimedShortNotice: true }, ctx);
        const longer = priceAssignment({ startMs, endMs: endMs + extra * 60_000, claimedShortNotice: true }, ctx);
        expect(longer.totalCents).toBeGreaterThanOrEqual(shorter.totalCents);
      }),
    );
  });
});
