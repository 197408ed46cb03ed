import { describe, expect, it } from '@jest/globals';
import { AuditReportError } from '../audit-reports.errors.js';
import { addDays, checkRange, daysInclusive, presence } from './date-range.js';

describe(checkRange.name, () => {
  it('accepts a year and refuses bad dates, reversed and overlong ranges', () => {
    expect(checkRange('2027-01-01', '2027-12-31')).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(() => checkRange('2027-02-30', '2027-03-01')).toThrow(AuditReportError);
    expect(() => checkRange('2027-03-01', '2027-02-01')).toThrow(/vóór/);
    expect(() => checkRange('2020-01-01', '2027-01-01')).toThrow(/hoogstens/);
  });
});

describe(presence.name, () => {
  const year = { from: '2027-01-01', to: '2027-12-31' };
  it.each([
    [null, null, 1],
    ['2026-05-01', null, 1],
    ['2027-07-02', null, 183 / 365],
    [null, '2027-01-31', 31 / 365],
    ['2028-01-01', null, 0],
    [null, '2026-12-31', 0],
  ])('joined %s, left %s → %d', (joined, left, expected) => {
    expect(presence(year, joined, left)).toBeCloseTo(expected, 12);
  });

  it('counts days across DST changes as calendar days', () => {
    expect(daysInclusive('2027-03-27', '2027-03-29')).toBe(3);
    expect(addDays('2027-10-30', 2)).toBe('2027-11-01');
  });
});
