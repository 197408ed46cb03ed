import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { CATEGORIES, type Category, type Minutes } from './categories.js';
import { nzaHolidayDates } from './holidays.js';
import { parseLocal } from './local-time.js';
import { type ClassifyOptions, isNightShift, nightWorkMinutes, splitInterval } from './split-interval.js';

const holidays = nzaHolidayDates([2023, 2024, 2025, 2026, 2027, 2028]);
const nza: ClassifyOptions = { holidays };

function minutes(partial: Partial<Minutes>): Minutes {
  return { dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0, ...partial };
}

function split(start: string, end: string, options: ClassifyOptions = nza): Minutes {
  return splitInterval(parseLocal(start, options.zone), parseLocal(end, options.zone), options);
}

const total = (m: Minutes): number => CATEGORIES.reduce((sum, c) => sum + m[c], 0);

// the oracle: classify every single minute by its local wall-clock reading
function naiveSplit(startMs: number, endMs: number, options: ClassifyOptions): Minutes {
  const result = minutes({});
  const [eh, em] = (options.eveningStart ?? '17:00').split(':').map(Number);
  for (let ms = startMs; ms < endMs; ms += 60_000) {
    const local = DateTime.fromMillis(ms, { zone: options.zone ?? 'Europe/Amsterdam' });
    const minuteOfDay = local.hour * 60 + local.minute;
    let category: Category;
    if (minuteOfDay < 480) category = 'nacht';
    else if (options.holidays.has(local.toISODate() ?? '')) category = 'feestdag';
    else if (local.weekday >= 6) category = 'weekend';
    else if (minuteOfDay >= eh * 60 + em) category = 'avond';
    else category = 'dag';
    result[category] += 1;
  }
  return result;
}

describe('splitInterval', () => {
  it.each([
    ['weekday night 23–08', '2027-01-12T23:00', '2027-01-13T08:00', undefined, { avond: 60, nacht: 480 }],
    ['spring DST night (Sat → Easter Sunday)', '2027-03-27T23:00', '2027-03-28T08:00', undefined, { weekend: 60, nacht: 420 }],
    ['autumn DST night', '2027-10-30T23:00', '2027-10-31T08:00', undefined, { weekend: 60, nacht: 540 }],
    ['Friday 16–24, evening from 17:00', '2027-01-15T16:00', '2027-01-15T24:00', '17:00', { dag: 60, avond: 420 }],
    ['Friday 16–24, evening from 18:00', '2027-01-15T16:00', '2027-01-15T24:00', '18:00', { dag: 120, avond: 360 }],
    ['weekday consult 08–17', '2027-01-13T08:00', '2027-01-13T17:00', undefined, { dag: 540 }],
    ['Saturday 08–17', '2027-01-16T08:00', '2027-01-16T17:00', undefined, { weekend: 540 }],
    ['Koningsdag 2027 (Tuesday 27 April) 08–17', '2027-04-27T08:00', '2027-04-27T17:00', undefined, { feestdag: 540 }],
    ['26 April 2027 is an ordinary Monday', '2027-04-26T08:00', '2027-04-26T17:00', undefined, { dag: 540 }],
    ['Koningsdag 2025 on Saturday 26 April', '2025-04-26T16:00', '2025-04-27T08:00', undefined, { feestdag: 480, nacht: 480 }],
    ['24 Dec 2024 (Tuesday) is a holiday', '2024-12-24T17:00', '2024-12-24T24:00', undefined, { feestdag: 420 }],
    ['24 Dec 2025 (Wednesday) is a holiday', '2025-12-24T17:00', '2025-12-24T24:00', undefined, { feestdag: 420 }],
    ['Christmas Eve 2023 is a Sunday, not a holiday', '2023-12-24T08:00', '2023-12-24T24:00', undefined, { weekend: 960 }],
    ['31 Dec 2026 → 1 Jan 2027 across new year', '2026-12-31T23:00', '2027-01-01T09:00', undefined, { feestdag: 120, nacht: 480 }],
    ['a whole weekend', '2027-01-15T17:00', '2027-01-18T08:00', undefined, { avond: 420, weekend: 1920, nacht: 1440 }],
    ['empty interval', '2027-01-15T17:00', '2027-01-15T17:00', undefined, {}],
  ])('%s', (_name, start, end, eveningStart, expected) => {
    expect(split(start, end, { ...nza, eveningStart })).toEqual(minutes(expected));
  });

  it('uses the given holiday list only', () => {
    expect(split('2027-04-27T08:00', '2027-04-27T17:00', { holidays: new Set(['2027-04-28']) })).toEqual(minutes({ dag: 540 }));
  });

  it('rejects an end before the start and a bad evening start', () => {
    expect(() => splitInterval(2, 1, nza)).toThrow(RangeError);
    expect(() => splitInterval(1, 2, { ...nza, eveningStart: '07:00' })).toThrow(/begin van de avond/);
    expect(() => splitInterval(1, 2, { ...nza, eveningStart: '17:60' })).toThrow(/begin van de avond/);
  });

  const from = Date.UTC(2023, 0, 1);
  const to = Date.UTC(2028, 11, 1);
  const minuteInstant = fc.integer({ min: from / 60_000, max: to / 60_000 }).map((m) => m * 60_000);
  const interval = fc
    .tuple(minuteInstant, fc.integer({ min: 0, max: 4 * 24 * 60 }))
    .map(([start, length]) => [start, start + length * 60_000] as const);
  const eveningStart = fc.constantFrom('17:00', '18:00', '17:30', '24:00', '08:00');

  it('categories always add up to the real elapsed minutes', () => {
    fc.assert(
      fc.property(interval, eveningStart, ([start, end], evening) => {
        expect(total(splitInterval(start, end, { ...nza, eveningStart: evening }))).toBe((end - start) / 60_000);
      }),
    );
  });

  it('splitting an interval at any point never changes the totals', () => {
    fc.assert(
      fc.property(interval, fc.double({ min: 0, max: 1, noNaN: true }), ([start, end], fraction) => {
        const cut = start + Math.floor(((end - start) * fraction) / 60_000) * 60_000;
        const whole = splitInterval(start, end, nza);
        const left = splitInterval(start, cut, nza);
        const right = splitInterval(cut, end, nza);
        for (const c of CATEGORIES) expect(left[c] + right[c]).toBe(whole[c]);
      }),
    );
  });

  it.each(['Europe/Amsterdam', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe'])(
    'agrees with a minute-by-minute wall-clock walk in %s',
    (zone) => {
      const dstWeeks = fc.constantFrom(Date.UTC(2027, 2, 25), Date.UTC(2027, 9, 28), Date.UTC(2027, 2, 11), Date.UTC(2027, 3, 1), Date.UTC(2027, 8, 30));
      const nearDst = fc
        .tuple(dstWeeks, fc.integer({ min: 0, max: 5 * 24 * 60 }), fc.integer({ min: 0, max: 30 * 60 }))
        .map(([base, offset, length]) => [base + offset * 60_000, base + (offset + length) * 60_000] as const);
      fc.assert(
        fc.property(fc.oneof(nearDst, interval.filter(([s, e]) => e - s <= 30 * 3_600_000)), eveningStart, ([start, end], evening) => {
          const options = { holidays, eveningStart: evening, zone };
          expect(splitInterval(start, end, options)).toEqual(naiveSplit(start, end, options));
        }),
        { numRuns: 60 },
      );
    },
  );
});

describe('isNightShift', () => {
  it.each([
    ['2027-01-12T23:00', '2027-01-13T08:00', true],
    ['2027-01-12T17:00', '2027-01-12T24:00', false],
    ['2027-01-13T00:00', '2027-01-13T01:00', false],
    ['2027-01-13T00:00', '2027-01-13T01:01', true],
    ['2027-01-13T05:00', '2027-01-13T08:00', false],
    ['2027-01-13T04:59', '2027-01-13T08:00', true],
    ['2027-01-12T18:00', '2027-01-13T01:00', false],
    // spring night: 02:00–03:00 does not exist, so 01:30–03:31 is 61 real minutes
    ['2027-03-28T01:30', '2027-03-28T03:31', true],
    ['2027-03-28T01:30', '2027-03-28T03:30', false],
  ])('%s – %s → %s', (start, end, expected) => {
    expect(isNightShift(parseLocal(start), parseLocal(end))).toBe(expected);
  });

  it('counts the repeated autumn hour', () => {
    expect(nightWorkMinutes(parseLocal('2027-10-31T00:00'), parseLocal('2027-10-31T08:00'))).toBe(420);
  });
});
