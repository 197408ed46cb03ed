import { describe, expect, it } from '@jest/globals';
import { AvailabilityKind } from '../entities/availability.entity.js';
import { planAvailabilityImport, AVAILABILITY_CSV_LAYOUT } from './availability-import.js';
import { parseInterval } from './availability-rules.js';
import { readCsv } from './csv.js';

const GPS = new Map([['a@x.nl', 'gp-a']]);
const plan = (lines: string[]) => planAvailabilityImport(readCsv(['email,kind,start,end,note', ...lines].join('\n'), AVAILABILITY_CSV_LAYOUT), GPS);

describe(planAvailabilityImport.name, () => {
  it('reads local times in Europe/Amsterdam, across the clock change', () => {
    const sut = plan(['A@x.nl,absence,2027-03-27T00:00,2027-03-29T00:00,vakantie', 'a@x.nl,liever niet,2027-01-10T08:00,2027-01-10T17:00,']);
    expect(sut.problems).toEqual([]);
    expect(sut.rows[0]).toEqual({ line: 2, gpId: 'gp-a', kind: AvailabilityKind.Absence, startMs: Date.parse('2027-03-26T23:00:00Z'), endMs: Date.parse('2027-03-28T22:00:00Z'), note: 'vakantie' });
    expect(sut.rows[1].kind).toBe(AvailabilityKind.Avoids);
  });

  it('reports an unknown GP, an unknown kind, a time that does not exist and an end before the start', () => {
    const sut = plan([
      'b@x.nl,absence,2027-01-01T00:00,2027-01-02T00:00,',
      'a@x.nl,ziek,2027-03-28T02:30,2027-03-28T08:00,',
      'a@x.nl,wants,2027-01-02T00:00,2027-01-01T00:00,',
    ]);
    expect(sut.rows).toEqual([]);
    expect(sut.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'email'],
      [3, 'kind'],
      [3, 'start'],
      [4, 'end'],
    ]);
    expect(sut.problems[2].message).toMatch(/bestaat niet in Europe\/Amsterdam/);
  });
});

describe(parseInterval.name, () => {
  it('names the field of a malformed or nonexistent time', () => {
    expect(parseInterval('2027-03-28T02:00', 'morgen', { start: 'startAt', end: 'endAt' }).problems.map((p) => p.field)).toEqual(['startAt', 'endAt']);
  });

  it('counts the real length of the autumn night', () => {
    const sut = parseInterval('2027-10-30T23:00', '2027-10-31T08:00', { start: 'startAt', end: 'endAt' });
    expect(((sut.endMs ?? 0) - (sut.startMs ?? 0)) / 3_600_000).toBe(10);
  });
});
