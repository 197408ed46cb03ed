import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { LocalTimeError, localDate, localIso, parseLocal } from './local-time.js';

describe('parseLocal', () => {
  it.each([
    ['2027-01-12T23:00', '2027-01-12T23:00:00+01:00'],
    ['2027-07-01T08:00', '2027-07-01T08:00:00+02:00'],
    ['2027-03-28T01:59', '2027-03-28T01:59:00+01:00'],
    ['2027-03-28T03:00', '2027-03-28T03:00:00+02:00'],
    ['2027-10-31T02:30', '2027-10-31T02:30:00+02:00'],
    ['2027-10-31T03:00', '2027-10-31T03:00:00+01:00'],
    ['2027-01-01T24:00', '2027-01-02T00:00:00+01:00'],
    ['2027-12-31T24:00', '2028-01-01T00:00:00+01:00'],
    ['2028-02-29T12:00:30', '2028-02-29T12:00:30+01:00'],
  ])('%s → %s', (text, iso) => {
    expect(parseLocal(text)).toBe(Date.parse(iso));
  });

  it('takes the first occurrence of an ambiguous autumn time', () => {
    const first = parseLocal('2027-10-31T02:30');
    expect(DateTime.fromMillis(first, { zone: 'Europe/Amsterdam' }).offset).toBe(120);
    expect(parseLocal('2027-10-31T03:00') - first).toBe(90 * 60_000);
  });

  it('throws for a time in the skipped spring hour', () => {
    expect(() => parseLocal('2027-03-28T02:30')).toThrow(LocalTimeError);
    expect(() => parseLocal('2027-03-28T02:00')).toThrow(/"2027-03-28T02:00" bestaat niet/);
    try {
      parseLocal('2027-03-28T02:30');
    } catch (error) {
      expect((error as LocalTimeError).code).toBe('nonexistent_local_time');
    }
  });

  it.each(['2027-02-30T10:00', '2027-01-01 10:00', '2027-01-01T24:30', '2027-13-01T00:00', '2027-01-01T10:00Z', '', '2027-1-1T10:00'])(
    'rejects malformed %j',
    (text) => {
      expect(() => parseLocal(text)).toThrow(expect.objectContaining({ code: 'invalid_local_time', message: expect.stringContaining(`"${text}"`) }));
    },
  );

  it('rejects an unknown zone', () => {
    expect(() => parseLocal('2027-01-01T10:00', 'Mars/Olympus')).toThrow(LocalTimeError);
  });

  it('agrees with luxon on every unambiguous time', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }), (minute) => {
        const ms = minute * 60_000;
        const local = DateTime.fromMillis(ms, { zone: 'Europe/Amsterdam' });
        const text = local.toFormat("yyyy-MM-dd'T'HH:mm");
        const parsed = parseLocal(text);
        // in the repeated hour the first occurrence wins
        expect(parsed === ms || parsed === ms - 3_600_000).toBe(true);
        expect(localDate(ms)).toBe(local.toISODate());
      }),
    );
  });
});

describe('localDate', () => {
  it.each([
    ['2027-01-12T23:59:59+01:00', '2027-01-12'],
    ['2027-01-12T23:00:00Z', '2027-01-13'],
    ['2027-07-12T22:00:00Z', '2027-07-13'],
  ])('%s → %s', (iso, date) => {
    expect(localDate(Date.parse(iso))).toBe(date);
  });
});

describe('localIso', () => {
  it.each([
    ['2027-01-12T22:00:00Z', '2027-01-12T23:00'],
    ['2027-07-12T22:00:00Z', '2027-07-13T00:00'],
    ['2027-03-28T00:59:59Z', '2027-03-28T01:59'],
    ['2027-03-28T01:00:00Z', '2027-03-28T03:00'],
    ['2027-10-31T00:30:00Z', '2027-10-31T02:30'],
    ['2027-10-31T01:30:00Z', '2027-10-31T02:30'],
  ])('%s → %s', (iso, text) => {
    expect(localIso(new Date(iso))).toBe(text);
    expect(localIso(Date.parse(iso))).toBe(text);
  });

  it("agrees with luxon, and parseLocal reads it back (the autumn hour's first occurrence)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (ms) => {
        const text = localIso(new Date(ms));
        expect(text).toBe(DateTime.fromMillis(ms, { zone: 'Europe/Amsterdam' }).toFormat("yyyy-MM-dd'T'HH:mm"));
        const minute = ms - (ms % 60_000);
        expect([minute, minute - 3_600_000]).toContain(parseLocal(text));
      }),
    );
  });
});
