import { describe, expect, it } from '@jest/globals';
import type { TariffTable } from '@anw/tariffs';
import { parseLocal } from '@anw/time';
import { quoteShift } from './tariff-quote.js';

const T2026: TariffTable = {
  id: 'nza-2026',
  version: 1,
  source: 'test',
  effectiveFrom: '2026-01-01',
  effectiveTo: '2026-12-31',
  centsPerHour: { avond: 11901, nacht: 15563, weekend: 13732, feestdag: 15563 },
};

const shift = (start: string, end: string) => ({ startAt: new Date(parseLocal(start)), endAt: new Date(parseLocal(end)) });

describe(quoteShift.name, () => {
  it('prices a weekday night at the table in force: 1 h avond + 8 h nacht', () => {
    // Tuesday 1 December 2026, 23:00–08:00.
    expect(quoteShift(shift('2026-12-01T23:00', '2026-12-02T08:00'), [T2026], '17:00')).toEqual({ cents: 11901 + 8 * 15563, tableIds: ['nza-2026'] });
  });

  it('prices Christmas Day as feestdag', () => {
    expect(quoteShift(shift('2026-12-25T08:00', '2026-12-25T17:00'), [T2026], '17:00').cents).toBe(9 * 15563);
  });

  it('shows null, not an error, when no table is in force', () => {
    expect(quoteShift(shift('2027-01-05T17:00', '2027-01-05T23:00'), [T2026], '17:00')).toEqual({ cents: null, tableIds: [] });
    // Partly covered (a night into a year without a table) is not a price either.
    expect(quoteShift(shift('2026-12-31T23:00', '2027-01-01T08:00'), [T2026], '17:00').cents).toBeNull();
  });
});
