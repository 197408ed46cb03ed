import { describe, expect, it } from '@jest/globals';
import { expandRecurringWishes, isTimeOfDay, type RecurringWish } from './recurring-wishes.js';

const wish = (over: Partial<RecurringWish>): RecurringWish => ({ kind: 'avoid', weekday: 5, startTime: '17:00', endTime: '08:00', weight: 2, ...over });

describe(expandRecurringWishes.name, () => {
  it('expands "no Friday nights" into every Friday night of the period, the last one ending after it', () => {
    const sut = expandRecurringWishes([wish({})], { start: '2027-02-01', end: '2027-02-28' });
    expect(sut).toEqual(
      ['05', '12', '19', '26'].map((d) => ({ kind: 'avoid', start: `2027-02-${d}T17:00`, end: `2027-02-${Number(d) + 1}T08:00`.replace(/-(\d)T/, '-0$1T'), weight: 2 })),
    );
  });

  it('reads an end at the start as the whole day ("prefer Sunday days")', () => {
    const sut = expandRecurringWishes([wish({ kind: 'want', weekday: 7, startTime: '00:00', endTime: '00:00', weight: 1 })], { start: '2027-03-01', end: '2027-03-14' });
    expect(sut).toEqual([
      { kind: 'want', start: '2027-03-07T00:00', end: '2027-03-08T00:00', weight: 1 },
      { kind: 'want', start: '2027-03-14T00:00', end: '2027-03-15T00:00', weight: 1 },
    ]);
  });

  it('keeps wall-clock times across the spring DST weekend (28 March 2027)', () => {
    const sut = expandRecurringWishes(
      [wish({ weekday: 6, startTime: '23:00', endTime: '08:00' }), wish({ kind: 'want', weekday: 7, startTime: '08:00', endTime: '17:00' })],
      { start: '2027-03-27', end: '2027-03-28' },
    );
    expect(sut).toEqual([
      { kind: 'avoid', start: '2027-03-27T23:00', end: '2027-03-28T08:00', weight: 2 },
      { kind: 'want', start: '2027-03-28T08:00', end: '2027-03-28T17:00', weight: 2 },
    ]);
  });

  it('keeps wall-clock times across the autumn DST weekend (31 October 2027)', () => {
    const sut = expandRecurringWishes([wish({ weekday: 7, startTime: '00:00', endTime: '00:00' })], { start: '2027-10-25', end: '2027-11-07' });
    expect(sut.map((w) => [w.start, w.end])).toEqual([
      ['2027-10-31T00:00', '2027-11-01T00:00'],
      ['2027-11-07T00:00', '2027-11-08T00:00'],
    ]);
  });

  it('moves a start the clocks skip to after the gap, and drops a window the gap swallows', () => {
    const sut = expandRecurringWishes(
      [wish({ weekday: 7, startTime: '02:30', endTime: '06:00' }), wish({ kind: 'want', weekday: 7, startTime: '02:00', endTime: '02:45' })],
      { start: '2027-03-28', end: '2027-03-28' },
    );
    expect(sut).toEqual([{ kind: 'avoid', start: '2027-03-28T03:00', end: '2027-03-28T06:00', weight: 2 }]);
  });

  it('is empty for a weekday the period does not hold', () => {
    expect(expandRecurringWishes([wish({ weekday: 1 })], { start: '2027-02-05', end: '2027-02-07' })).toEqual([]);
  });
});

describe(isTimeOfDay.name, () => {
  it.each([
    ['17:00', true],
    ['00:00', true],
    ['23:59', true],
    ['24:00', false],
    ['7:00', false],
    ['17:60', false],
  ])('%s → %s', (value, expected) => expect(isTimeOfDay(value)).toBe(expected));
});
